"""Loading the shipped determination standards (重大事故隐患判定标准) and their criteria.

Source: ``data/reference/cn_major_hazard_items_2017_2020.csv`` (see ``data/reference/SOURCES.md``).
Each CSV ``sector_code`` is one standard, mapped to a sector of ``enterprises.reference.SECTORS``.

Clause numbers (``HazardCriterion.number``) are ``<group>.<sequence>``: the group's position in
the standard (in the file's order, from 1) and the item's position within its group (from 1).
For example the 5th item of the chemical standard (one group) is ``1.5``, and the 2nd item of
the coal-mine group 瓦斯超限作业 (the standard's 2nd group) is ``2.2``. The published
standards number their items in prose (第三条第（一）项 …); the file does not carry those, so
this numbering is ours and is stable for a given file.

Idempotent: standards are matched on ``code``, criteria on (standard, number); a standard
already cited by an inspection is left as it is (it is never edited in place).
"""
import csv
import datetime
from pathlib import Path

from django.conf import settings
from django.db import transaction

from .models import HazardCriterion, HazardStandard

STANDARDS_FILE = Path(settings.BASE_DIR) / "data" / "reference" / \
    "cn_major_hazard_items_2017_2020.csv"

# CSV sector_code → the standard's row. Effective dates are given only where the source states
# them (coal: 施行 2021-01-01); the 2017 editions' dates are not in the file and left empty.
STANDARDS = {
    "chemicals": {
        "code": "hazardous-chemicals-2017",
        "sector_id": "hazardous_chemicals",
        "title": "化工和危险化学品生产经营单位重大生产安全事故隐患判定标准（试行）",
        "issuing_authority": "国家安全生产监督管理总局",
        "document_number": "安监总管三〔2017〕121号",
        "effective_date": None,
        "version": "2017",
        "is_current": True,
    },
    "fireCracker": {
        "code": "fireworks-2017",
        "sector_id": "fireworks",
        "title": "烟花爆竹生产经营单位重大生产安全事故隐患判定标准（试行）",
        "issuing_authority": "国家安全生产监督管理总局",
        "document_number": "安监总管三〔2017〕121号",
        "effective_date": None,
        "version": "2017",
        "is_current": True,
    },
    "coalIndustry": {
        "code": "coal-mine-2020",
        "sector_id": "coal_mine",
        "title": "煤矿重大事故隐患判定标准",
        "issuing_authority": "应急管理部",
        "document_number": "应急管理部令第4号",
        "effective_date": datetime.date(2021, 1, 1),
        "version": "2020",
        "is_current": True,
    },
    "nonCoalMine": {
        "code": "non-coal-mine-2017",
        "sector_id": "non_coal_mine",
        "title": "金属非金属矿山重大生产安全事故隐患判定标准（试行）",
        "issuing_authority": "国家安全生产监督管理总局",
        "document_number": "安监总管一〔2017〕98号",
        "effective_date": None,
        "version": "2017",
        # superseded by 矿安〔2022〕88号, whose item list is not shipped
        "is_current": False,
    },
    "industryTrade": {
        "code": "industry-trade-2017",
        "sector_id": "industry_trade",
        "title": "工贸行业重大生产安全事故隐患判定标准（2017版）",
        "issuing_authority": "国家安全生产监督管理总局",
        "document_number": "安监总管四〔2017〕129号",
        "effective_date": None,
        "version": "2017",
        # superseded by 工贸企业重大事故隐患判定标准（应急管理部令第10号, 2023）; add it in the admin
        "is_current": False,
    },
}
# the file splits the industry & trade standard over two sector codes
CSV_SECTOR_TO_STANDARD = {"smeltMetal": "industryTrade", "otherIndustry": "industryTrade"}


def read_items(path: Path = STANDARDS_FILE) -> dict[str, list[dict]]:
    """Rows of the file grouped by standard key (``STANDARDS``), in file order."""
    grouped: dict[str, list[dict]] = {key: [] for key in STANDARDS}
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            key = CSV_SECTOR_TO_STANDARD.get(row["sector_code"], row["sector_code"])
            grouped[key].append(row)
    return grouped


def number_items(rows: list[dict]) -> list[dict]:
    """Criterion values for ``rows`` of one standard, numbered ``<group>.<sequence>``."""
    groups: dict[str, int] = {}
    in_group: dict[str, int] = {}
    numbered = []
    for sort_order, row in enumerate(rows, start=1):
        group = row["group_code"]
        groups.setdefault(group, len(groups) + 1)
        in_group[group] = in_group.get(group, 0) + 1
        numbered.append({"number": f"{groups[group]}.{in_group[group]}",
                         "group_name": row["group_name"], "code": row["item_code"],
                         "text": row["item_text"].strip(), "sort_order": sort_order})
    return numbered


@transaction.atomic
def load_hazard_standards() -> int:
    """Upsert the shipped standards and their criteria; returns the number of criteria."""
    count = 0
    for key, rows in read_items().items():
        values = dict(STANDARDS[key])
        code = values.pop("code")
        standard = HazardStandard.objects.filter(code=code).first()
        if standard is None:
            standard = HazardStandard.objects.create(code=code, **values)
        elif not standard.is_in_use:
            # keep what officials set on the versioning fields (is_current, superseded_by)
            values.pop("is_current")
            for name, value in values.items():
                setattr(standard, name, value)
            standard.save()
        items = number_items(rows)
        count += len(items)
        if standard.is_in_use:
            continue
        for item in items:
            HazardCriterion.objects.update_or_create(
                standard=standard, number=item.pop("number"), defaults=item)
    return count
