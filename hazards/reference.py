"""Loading the accident types of GB 6441-2025 and GB 6441-1986 with the old→new mapping."""
import unicodedata

from django.db import transaction

from enterprises.reference import (
    load_departments,
    load_districts,
    load_industries,
    load_sectors,
    read_csv,
)
from inspections.reference import load_hazard_standards

from .enums import AccidentTypeEdition
from .models import AccidentType


def _key(name: str) -> str:
    # the mapping table writes 厂（场） with full-width brackets, GB 6441-2025 with half-width
    return unicodedata.normalize("NFKC", name).strip()


def load_accident_types() -> int:
    """Upsert the 27 GB 6441-2025 types, then the 20 GB 6441-1986 types pointing at the 2025
    type they map to. Returns the number of types. Raises LookupError when a mapping names a
    2025 type that does not exist (the shipped data would be wrong)."""
    current = [
        AccidentType(edition=AccidentTypeEdition.GB6441_2025, code=row["type_code"],
                     full_code=row["full_code"], name=row["name"],
                     description=row["standard_description"], sort_order=int(row["type_seq"]))
        for row in read_csv("cn_accident_types_gb6441_2025.csv")]
    AccidentType.objects.bulk_create(
        current, update_conflicts=True, unique_fields=["edition", "code"],
        update_fields=["full_code", "name", "description", "sort_order"])
    by_name = {_key(t.name): t.pk for t in
               AccidentType.objects.filter(edition=AccidentTypeEdition.GB6441_2025)}
    legacy = []
    for row in read_csv("cn_accident_types_gb6441_1986.csv"):
        target = by_name.get(_key(row["maps_to_gb6441_2025"]))
        if target is None:
            raise LookupError(f"GB 6441-1986 {row['name']} maps to unknown "
                              f"{row['maps_to_gb6441_2025']}")
        legacy.append(AccidentType(edition=AccidentTypeEdition.GB6441_1986, code=row["code"],
                                   name=row["name"], maps_to_id=target,
                                   sort_order=int(row["seq"])))
    AccidentType.objects.bulk_create(
        legacy, update_conflicts=True, unique_fields=["edition", "code"],
        update_fields=["name", "maps_to", "sort_order"])
    return len(current) + len(legacy)


@transaction.atomic
def load_all() -> dict[str, int]:
    """Load every reference table, lowest layer first (divisions, sectors, departments and
    industries; then the determination standards; then the accident types); returns rows per
    table family. Idempotent."""
    return {
        "districts_and_townships": load_districts(),
        "sectors": load_sectors(),
        "departments": load_departments(),
        "industries": load_industries(),
        "accident_types": load_accident_types(),
        "hazard_criteria": load_hazard_standards(),
    }
