"""The real OSHA export (US public domain) imports through the OSHA preset; every expected
number below is derived from the file here with the csv module, independently of the import
code, following the data dictionary's code definitions (see imports.presets)."""
import csv
from collections import Counter
from pathlib import Path

import pytest
from stdnum.cn import uscc

from enterprises.models import Enterprise
from hazards.models import Hazard, HazardTransition
from imports.models import ImportedEnterprise, ImportedRecord, ImportMode
from imports.services import ImportRejected
from inspections.models import Inspection

OSHA_FILE = Path(__file__).resolve().parent.parent / "data" / \
    "osha_ca_carceral_inspection_violation.csv"

# from osha_data_dictionary_inspection_violation.csv (osha_violation.abate_complete / viol_type
# / delete_flag); NA and blank are missing
ABATED = {"X", "Q"}
CORRECTED_DURING_INSPECTION = {"I"}
NOT_ABATED = {"E", "W", "S", "A"}
MISSING = {"", "NA"}
MAJOR_TYPES = {"S", "W", "R"}


def expected_from_file():
    with OSHA_FILE.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    violations = [r for r in rows if r["citation_id"] not in MISSING]
    inspection_only = [r for r in rows if r["citation_id"] in MISSING]
    known_abate = ABATED | CORRECTED_DURING_INSPECTION | NOT_ABATED | MISSING
    rejected = [r for r in violations
                if r["abate_complete"] not in known_abate
                or r["delete_flag"] not in MISSING | {"D"}]
    deleted = [r for r in violations if r["delete_flag"] == "D" and r not in rejected]
    accepted = [r for r in violations if r not in rejected and r not in deleted]
    states = Counter()
    for r in accepted:
        if r["abate_complete"] in ABATED | CORRECTED_DURING_INSPECTION:
            states["closed"] += 1
        elif r["abate_date"] in MISSING:
            states["reported"] += 1
        else:
            states["rectifying"] += 1
    return {
        "rows": len(rows),
        "rejected": len(rejected),
        "skipped": len(deleted),
        "hazards": len(accepted),
        "inspections": len({r["activity_nr"] for r in inspection_only + accepted}),
        "states": dict(states),
        "major": sum(1 for r in accepted if r["viol_type"] in MAJOR_TYPES),
        "closed_on_spot": sum(1 for r in accepted if r["abate_complete"] == "I"),
        "establishments": len({(r["estab_name"], r["site_address"], r["site_zip"])
                               for r in inspection_only + accepted}),
        "sample": next(r for r in accepted if r["abate_complete"] == "X"),
    }


@pytest.fixture(scope="module")
def expected():
    return expected_from_file()


def db_counts():
    return (Enterprise.objects.count(), Inspection.objects.count(), Hazard.objects.count(),
            HazardTransition.objects.count(), ImportedRecord.objects.count())


def test_osha_file_imports_with_counts_and_states_derived_from_the_file(run_import, expected):
    # one test, because importing the real file takes a while: import, check, import again
    job, summary = run_import(OSHA_FILE.read_bytes(), OSHA_FILE.name,
                              preset="osha_inspection_violation")

    assert summary.rows_read == expected["rows"] == 1093
    assert summary.rejected == expected["rejected"]
    assert summary.skipped == expected["skipped"]
    assert summary.created == expected["rows"] - expected["rejected"] - expected["skipped"]
    assert Hazard.objects.count() == expected["hazards"]
    assert Inspection.objects.count() == expected["inspections"]
    assert dict(Counter(Hazard.objects.values_list("status", flat=True))) == expected["states"]
    assert Hazard.objects.filter(grade="major").count() == expected["major"]
    assert HazardTransition.objects.filter(action="closed_on_spot").count() == \
        expected["closed_on_spot"]
    assert Enterprise.objects.count() == expected["establishments"]
    assert ImportedEnterprise.objects.filter(placeholder_credit_code=True).count() == \
        expected["establishments"]
    assert all(uscc.is_valid(code) for code in Enterprise.objects.values_list("credit_code",
                                                                              flat=True))
    # every rejected row is reported with its column; only undefined codes are rejected
    assert job.issues.values("row_number").distinct().count() == expected["rejected"]
    assert set(job.issues.values_list("column", flat=True)) <= {"abate_complete",
                                                                "delete_flag"}

    # one violation, field by field
    sample = expected["sample"]
    record = ImportedRecord.objects.get(
        preset_code="osha_inspection_violation", kind="hazard",
        natural_key=f"{sample['activity_nr']}/{sample['citation_id']}")
    hazard = Hazard.objects.select_related("inspection").get(pk=record.object_id)
    assert hazard.rectification_deadline.isoformat() == sample["abate_date"]
    assert hazard.status == "closed"
    assert hazard.grade == ("major" if sample["viol_type"] in MAJOR_TYPES else "general")
    assert hazard.inspection.inspected_on.isoformat() == sample["open_date"]
    assert hazard.inspection.reference_number == f"OSHA {sample['activity_nr']}"
    assert hazard.district_id == "500102"  # the import's target district
    order = hazard.transitions.get(action="rectification_ordered")
    assert order.data["source"]["reporting_id"] == sample["reporting_id"]  # the OSHA office
    assert order.data["source"]["citation_id"] == sample["citation_id"]

    # the same file again changes nothing, and says so
    before = db_counts()
    job, summary = run_import(OSHA_FILE.read_bytes(), OSHA_FILE.name,
                              preset="osha_inspection_violation")
    assert db_counts() == before
    assert (summary.created, summary.updated) == (0, 0)
    assert summary.unchanged == expected["rows"] - expected["rejected"] - expected["skipped"]
    assert "未做任何修改" in job.message


def test_osha_file_with_undefined_codes_writes_nothing_in_all_or_nothing_mode(run_import):
    head = b"".join(OSHA_FILE.read_bytes().splitlines(keepends=True)[:121])  # header + 120
    rows = list(csv.DictReader(head.decode().splitlines()))
    undefined = [r for r in rows if r["citation_id"] not in MISSING and (
        r["abate_complete"] not in ABATED | CORRECTED_DURING_INSPECTION | NOT_ABATED | MISSING
        or r["delete_flag"] not in MISSING | {"D"})]
    assert undefined  # the excerpt holds rows with the undefined codes

    with pytest.raises(ImportRejected) as caught:
        run_import(head, "osha-excerpt.csv", preset="osha_inspection_violation",
                   mode=ImportMode.ALL_OR_NOTHING)

    assert caught.value.summary.rejected == len(undefined)
    assert db_counts() == (0, 0, 0, 0, 0)
