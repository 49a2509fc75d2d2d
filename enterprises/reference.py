"""Loading the shipped reference data (``data/reference/``, sources in its SOURCES.md).

Every loader is idempotent: rows are upserted on their natural key, so loading twice leaves the
tables as they were. Each returns the number of rows in its file.
"""
import csv
from pathlib import Path

from django.conf import settings

from .enums import DepartmentKind
from .models import Department, District, Industry, Sector, Township

REFERENCE_DIR = Path(settings.BASE_DIR) / "data" / "reference"

# 行业领域 named in docs/domain.md "Terms"; the code is what determination standards and
# imports refer to.
SECTORS = [
    ("coal_mine", "煤矿"),
    ("non_coal_mine", "非煤矿山"),
    ("hazardous_chemicals", "危险化学品"),
    ("fireworks", "烟花爆竹"),
    ("industry_trade", "工贸"),
    ("construction", "建筑施工"),
    ("transport", "交通运输"),
    ("fire_safety", "消防"),
    ("gas", "城镇燃气"),
    ("special_equipment", "特种设备"),
    ("other", "其他"),
]

DEPARTMENT_SUFFIX = {
    DepartmentKind.EMERGENCY_MANAGEMENT: ("应急管理局", "应急"),
    DepartmentKind.FIRE_RESCUE: ("消防救援支队", "消"),
    DepartmentKind.PUBLIC_SECURITY: ("公安局", "公"),
    DepartmentKind.TRANSPORT: ("交通运输委员会", "交"),
    DepartmentKind.HOUSING_CONSTRUCTION: ("住房和城乡建设委员会", "建"),
    DepartmentKind.ECONOMY_IT: ("经济和信息化委员会", "经信"),
    DepartmentKind.GAS: ("燃气主管部门", "燃"),
    DepartmentKind.MARKET_REGULATION: ("市场监督管理局", "市监"),
}


def read_csv(name: str):
    with open(REFERENCE_DIR / name, encoding="utf-8-sig", newline="") as handle:
        yield from csv.DictReader(handle)


def short_district_name(name: str) -> str:
    """涪陵区 → 涪陵, 石柱土家族自治县 → 石柱: the form used in document prefixes."""
    for marker in ("土家族苗族自治县", "苗族土家族自治县", "土家族自治县", "自治县", "区", "县"):
        if name.endswith(marker) and len(name) > len(marker) + 1:
            return name[: -len(marker)]
    return name


def load_districts() -> int:
    districts = [District(code=row["code"], name=row["name"])
                 for row in read_csv("cn_divisions_chongqing_districts.csv")]
    District.objects.bulk_create(districts, update_conflicts=True, unique_fields=["code"],
                                 update_fields=["name"])
    townships = [Township(code=row["code"], name=row["name"], district_id=row["areaCode"])
                 for row in read_csv("cn_divisions_chongqing_townships.csv")]
    Township.objects.bulk_create(townships, update_conflicts=True, unique_fields=["code"],
                                 update_fields=["name", "district"], batch_size=500)
    return len(districts) + len(townships)


def load_industries() -> int:
    rows = sorted(read_csv("cn_industry_gbt4754_2017.csv"), key=lambda row: int(row["level"]))
    known: set[str] = set()
    industries = []
    for row in rows:
        code, level = row["code"], int(row["level"])
        if level == 1:
            parent = None
        elif level == 2:
            parent = row["section"]
        else:
            # where a 中类 has a single 小类 the standard prints no separate 中类 row
            parent = code[:-1] if code[:-1] in known else code[:2]
        industries.append(Industry(code=code, name=row["name"], level=level, parent_id=parent))
        known.add(code)
    Industry.objects.bulk_create(industries, update_conflicts=True, unique_fields=["code"],
                                 update_fields=["name", "level", "parent"], batch_size=500)
    return len(industries)


def load_sectors() -> int:
    Sector.objects.bulk_create(
        [Sector(code=code, name=name, sort_order=index) for index, (code, name)
         in enumerate(SECTORS)],
        update_conflicts=True, unique_fields=["code"], update_fields=["name", "sort_order"])
    return len(SECTORS)


def load_departments() -> int:
    """One office of each regulator kind for the city (市级) and for each district."""
    departments = []
    for kind, (suffix, abbreviation) in DEPARTMENT_SUFFIX.items():
        departments.append(Department(code=f"500000-{kind}", name=f"重庆市{suffix}", kind=kind,
                                      document_prefix=f"渝{abbreviation}"))
        for district in District.objects.all():
            short = short_district_name(district.name)
            departments.append(Department(
                code=f"{district.code}-{kind}", name=f"重庆市{district.name}{suffix}", kind=kind,
                district=district, document_prefix=f"渝{short}{abbreviation}"))
    Department.objects.bulk_create(departments, update_conflicts=True, unique_fields=["code"],
                                   update_fields=["name", "kind", "district"])
    return len(departments)
