"""Loading the determination standards (重大事故隐患判定标准) shipped in
``data/reference/standards/`` (sources and doubts: its SOURCES.md).

``standards.csv`` has one row per edition: title, issuing body, document number, dates (issued,
effective, superseded), the product sectors it applies to (space-separated; the first is the
standard's own sector, ``*`` adds every sector), scope, source and ``text_shipped``. An edition
whose text is shipped has ``<code>.csv`` with one row per criterion
(``article,item,sub_item,number,group_name,text``) in published order; ``number`` is the
published clause (``第十条第（一）项``, ``二、（一）2.``) and becomes ``HazardCriterion.number``.
An edition whose text is not shipped is still loaded (``text_loaded=False``), so that the
product knows it is in force and never offers a superseded edition in its place.

Idempotent: editions are matched on ``code``, criteria on (edition, number). An edition already
cited keeps its content (it is never edited in place); its dates, scope and source, which
describe the edition rather than the findings, are still brought up to date.
"""
import csv
import datetime
from pathlib import Path

from django.conf import settings
from django.db import transaction

from enterprises.enums import EnterpriseActivity

from .models import STANDARD_CONTENT_FIELDS, HazardCriterion, HazardStandard

STANDARDS_DIR = Path(settings.BASE_DIR) / "data" / "reference" / "standards"
ALL_SECTORS = "*"

# The special areas (专项类) of the 工贸 standards apply by activity: the group headings of the
# 2017 edition (一、（一）–（三）). "专项类重大事故隐患适用于所有相关的工贸行业" (2017 版 说明).
GROUP_ACTIVITIES = {
    "存在粉尘爆炸危险的行业领域": EnterpriseActivity.DUST_EXPLOSION,
    "使用液氨制冷的行业领域": EnterpriseActivity.AMMONIA_REFRIGERATION,
    "有限空间作业相关的行业领域": EnterpriseActivity.CONFINED_SPACE,
}
# Fields an edition keeps describing even once cited (not its content).
EDITION_FIELDS = ("issued_on", "superseded_on", "scope", "source", "text_loaded",
                  "applies_to_all_sectors")


def _date(value: str) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def read_editions(directory: Path = STANDARDS_DIR) -> list[dict]:
    """The rows of ``standards.csv`` as HazardStandard field values (plus ``criteria``: the
    criterion rows of a shipped edition, else an empty list), in file order."""
    with open(directory / "standards.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    editions = []
    for row in rows:
        sectors = row["sectors"].split()
        shipped = row["text_shipped"].strip() == "yes"
        edition = {
            "code": row["code"], "sector_id": sectors[0], "title": row["title"],
            "issuing_authority": row["issuing_authority"],
            "document_number": row["document_number"], "issued_on": _date(row["issued_on"]),
            "effective_date": _date(row["effective_on"]),
            "superseded_on": _date(row["superseded_on"]),
            "version": (row["issued_on"] or row["effective_on"] or row["code"][-4:])[:4],
            "scope": row["scope"],
            "source": f"{row['source_title']} — {row['source_url_or_publication']}",
            "text_loaded": shipped, "applies_to_all_sectors": ALL_SECTORS in sectors,
            "criteria": read_criteria(directory / f"{row['code']}.csv") if shipped else [],
        }
        editions.append(edition)
    return editions


def read_criteria(path: Path) -> list[dict]:
    """HazardCriterion field values for one edition's file, in published order."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return [{"number": row["number"], "group_name": row["group_name"], "text": row["text"],
                 "sort_order": order, "activity": GROUP_ACTIVITIES.get(row["group_name"], "")}
                for order, row in enumerate(csv.DictReader(handle), start=1)]


@transaction.atomic
def load_hazard_standards() -> int:
    """Upsert the shipped editions and their criteria, then link each superseded edition to
    its successor (``superseded_by``). Returns the number of criteria in the shipped files."""
    count = 0
    loaded = {}
    for values in read_editions():
        criteria = values.pop("criteria")
        code = values.pop("code")
        count += len(criteria)
        standard = HazardStandard.objects.filter(code=code).first()
        if standard is None:
            standard = HazardStandard.objects.create(code=code, **values)
        else:
            in_use = standard.is_in_use
            for name, value in values.items():
                if not (in_use and name in STANDARD_CONTENT_FIELDS):
                    setattr(standard, name, value)
            standard.save()
        loaded[code] = standard
        _load_criteria(standard, criteria)
    with open(STANDARDS_DIR / "standards.csv", encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            old = loaded.get(row["supersedes_code"])
            if old is not None:
                old.superseded_by = loaded[row["code"]]
                old.is_current = False
                old.save(update_fields=["superseded_by", "is_current"])
    return count


def _load_criteria(standard: HazardStandard, criteria: list[dict]) -> None:
    existing = {c.number: c for c in standard.criteria.all()}
    in_use = standard.is_in_use
    for values in criteria:
        criterion = existing.get(values["number"])
        if criterion is None:
            if not in_use:
                HazardCriterion.objects.create(standard=standard, **values)
            continue
        # a cited edition keeps its texts; which enterprises a clause applies to may be set
        fields = ["activity"] if in_use else list(values)
        if any(getattr(criterion, name) != values[name] for name in fields):
            for name in fields:
                setattr(criterion, name, values[name])
            criterion.save()
