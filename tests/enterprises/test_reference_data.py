"""The shipped reference data loads completely and idempotently."""
import csv

import pytest

from enterprises.models import Department, District, Industry, Sector, Township
from enterprises.reference import REFERENCE_DIR
from hazards.enums import AccidentTypeEdition
from hazards.models import AccidentType
from hazards.reference import load_all

pytestmark = pytest.mark.django_db

CHONGQING_DISTRICTS = {
    "500101": "万州区", "500102": "涪陵区", "500103": "渝中区", "500104": "大渡口区",
    "500105": "江北区", "500106": "沙坪坝区", "500107": "九龙坡区", "500108": "南岸区",
    "500109": "北碚区", "500110": "綦江区", "500111": "大足区", "500112": "渝北区",
    "500113": "巴南区", "500114": "黔江区", "500115": "长寿区", "500116": "江津区",
    "500117": "合川区", "500118": "永川区", "500119": "南川区", "500120": "璧山区",
    "500151": "铜梁区", "500152": "潼南区", "500153": "荣昌区", "500154": "开州区",
    "500155": "梁平区", "500156": "武隆区", "500229": "城口县", "500230": "丰都县",
    "500231": "垫江县", "500233": "忠县", "500235": "云阳县", "500236": "奉节县",
    "500237": "巫山县", "500238": "巫溪县", "500240": "石柱土家族自治县",
    "500241": "秀山土家族苗族自治县", "500242": "酉阳土家族苗族自治县",
    "500243": "彭水苗族土家族自治县",
}


def snapshot():
    return {
        "districts": list(District.objects.values_list("code", "name")),
        "townships": list(Township.objects.values_list("code", "name", "district")),
        "industries": list(Industry.objects.values_list("code", "name", "level", "parent")),
        "sectors": list(Sector.objects.values_list("code", "name")),
        "departments": list(Department.objects.values_list("code", "name", "document_prefix")),
        "accident_types": list(AccidentType.objects.order_by("edition", "code").values_list(
            "edition", "code", "name", "maps_to__name")),
    }


def test_reference_data_has_the_38_chongqing_districts_with_real_codes():
    load_all()

    assert dict(District.objects.values_list("code", "name")) == CHONGQING_DISTRICTS


def test_townships_and_industries_match_their_files():
    load_all()

    with open(REFERENCE_DIR / "cn_divisions_chongqing_townships.csv", encoding="utf-8") as f:
        township_rows = list(csv.DictReader(f))
    assert Township.objects.count() == len(township_rows) == 1031
    assert Township.objects.get(code="500102006").district_id == "500102"
    assert Industry.objects.filter(level=1).count() == 20
    assert Industry.objects.filter(level=2).count() == 97
    assert Industry.objects.get(code="2614").parent_id == "261"
    assert Industry.objects.get(code="261").parent.parent_id == "C"


def test_accident_types_keep_1986_mapped_to_2025():
    load_all()

    current = AccidentType.objects.filter(edition=AccidentTypeEdition.GB6441_2025)
    legacy = AccidentType.objects.filter(edition=AccidentTypeEdition.GB6441_1986)
    assert current.count() == 27
    assert legacy.count() == 20
    assert not legacy.filter(maps_to__isnull=True).exists()
    assert legacy.get(name="车辆伤害").maps_to.name == "厂(场)内车辆致害"
    assert legacy.get(name="瓦斯爆炸").maps_to.name == "可燃气体爆炸"


def test_loading_twice_changes_nothing():
    load_all()
    first = snapshot()

    load_all()

    assert snapshot() == first


def test_department_prefix_is_kept_when_an_official_changed_it():
    load_all()
    Department.objects.filter(code="500102-emergency_management").update(document_prefix="渝涪应急")

    load_all()

    assert Department.objects.get(code="500102-emergency_management").document_prefix == "渝涪应急"
