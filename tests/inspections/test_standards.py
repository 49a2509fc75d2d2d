"""Determination standards: shipped library, versions, and the never-edit-in-place rule."""
import io

import pytest

from core.errors import ValidationFailed
from hazards.enums import HazardGrade
from inspections.models import HazardCriterion, HazardStandard, StandardInUse
from inspections.reference import load_hazard_standards
from inspections.standards import (
    criteria_import,
    standard_new_version,
    standards_current_for_sector,
)
from tests import factories

pytestmark = pytest.mark.django_db


def test_load_ships_the_2017_texts_and_knows_the_editions_without_text(standards):
    editions = {s.code: (s.sector_id, s.text_loaded, s.criteria.count())
                for s in HazardStandard.objects.all()}

    assert editions == {
        "hazardous-chemicals-2017": ("hazardous_chemicals", True, 20),
        "fireworks-2017": ("fireworks", True, 20),
        "metal-nonmetal-mine-2017": ("non_coal_mine", True, 48),
        "industry-trade-2017": ("industry_trade", True, 59),
        "industry-trade-2023": ("industry_trade", False, 0),
        "metal-nonmetal-mine-2022": ("non_coal_mine", False, 0),
        "coal-mine-2020": ("coal_mine", False, 0),
        "gas-2023": ("gas", False, 0),
        "road-transport-2023": ("transport", False, 0),
        "fire-gb35181-2017": ("fire_safety", False, 0),
    }


def test_load_is_idempotent(standards):
    before = list(HazardCriterion.objects.order_by("id").values_list("id", "number", "text"))

    load_hazard_standards()

    assert list(HazardCriterion.objects.order_by("id")
                .values_list("id", "number", "text")) == before


def test_clause_numbers_are_the_published_ones(standards):
    trade = HazardStandard.objects.get(code="industry-trade-2017")
    chemicals = HazardStandard.objects.get(code="hazardous-chemicals-2017")

    assert trade.criteria.get(number="二、（一）2.").group_name == "冶金行业"
    assert trade.criteria.get(number="一、（二）1.").activity == "uses_ammonia_refrigeration"
    assert chemicals.criteria.get(number="二十、").sort_order == 20
    assert chemicals.criteria.get(number="三、").clause == (
        "化工和危险化学品生产经营单位重大生产安全事故隐患判定标准（试行） 三、")


def test_superseded_standard_is_not_offered(standards):
    assert list(standards_current_for_sector("industry_trade")) == []
    assert [s.code for s in standards_current_for_sector("hazardous_chemicals")] == [
        "hazardous-chemicals-2017"]


def _cite(standard, enterprise=None):
    """Register a hazard citing the standard's first criterion (the standard is now in use)."""
    enterprise = enterprise or factories.EnterpriseFactory(sector_id=standard.sector_id)
    return factories.hazard(enterprise=enterprise, criterion=standard.criteria.first())


def test_standard_in_use_refuses_edit_in_place(standards):
    standard = HazardStandard.objects.get(code="hazardous-chemicals-2017")
    hazard = _cite(standard)

    standard.title = "改过的标题"
    with pytest.raises(StandardInUse):
        standard.save()
    criterion = hazard.criterion
    criterion.text = "改过的条款"
    with pytest.raises(StandardInUse):
        criterion.save()
    with pytest.raises(StandardInUse):
        HazardCriterion.objects.create(standard=standard, number="9.9", text="新增条款")

    assert HazardStandard.objects.get(pk=standard.pk).title.startswith("化工和危险化学品")
    assert HazardCriterion.objects.get(pk=criterion.pk).text != "改过的条款"
    assert hazard.grade == HazardGrade.MAJOR


def test_standard_not_in_use_may_be_edited(standards):
    standard = HazardStandard.objects.get(code="fireworks-2017")
    standard.title = "烟花爆竹（修订稿）"
    standard.save()

    assert HazardStandard.objects.get(pk=standard.pk).title == "烟花爆竹（修订稿）"


def test_new_version_needs_a_new_code(standards):
    old = HazardStandard.objects.get(code="coal-mine-2020")
    standard_new_version(standard=old, version="2026")

    with pytest.raises(ValidationFailed):
        standard_new_version(standard=old, version="2026")


def test_criteria_import_from_csv_into_a_new_standard(standards):
    standard = HazardStandard.objects.create(
        sector_id="industry_trade", code="industry-trade-local", title="工贸企业重大事故隐患判定标准",
        document_number="应急管理部令第10号", version="2023")
    upload = io.BytesIO("条款号,分组,条款内容\n3.1,管理类,未对承包单位的安全生产工作统一协调、管理\n"
                        "4.1,冶金,会议室设置在熔融金属吊运影响范围内\n".encode())

    assert criteria_import(standard=standard, upload=upload, name="gm2023.csv") == 2
    assert list(standard.criteria.values_list("number", "group_name")) == [
        ("3.1", "管理类"), ("4.1", "冶金")]


def test_criteria_import_from_xlsx(standards, tmp_path):
    from openpyxl import Workbook

    standard = HazardStandard.objects.create(sector_id="gas", code="gas-local", title="燃气")
    book = Workbook()
    book.active.append(["number", "text"])
    book.active.append(["1.1", "未取得燃气经营许可证从事经营活动"])
    path = tmp_path / "gas.xlsx"
    book.save(path)

    with open(path, "rb") as handle:
        assert criteria_import(standard=standard, upload=handle, name="gas.xlsx") == 1
    assert standard.criteria.get().text == "未取得燃气经营许可证从事经营活动"


def test_criteria_import_refuses_a_standard_in_use(standards):
    standard = HazardStandard.objects.get(code="fireworks-2017")
    _cite(standard)

    with pytest.raises(StandardInUse):
        criteria_import(standard=standard, upload=io.BytesIO(b"number,text\n9.1,x\n"),
                        name="x.csv")


def test_criteria_import_names_the_bad_row(standards):
    standard = HazardStandard.objects.create(sector_id="gas", code="gas-x", title="燃气")

    with pytest.raises(ValidationFailed) as error:
        criteria_import(standard=standard, upload=io.BytesIO(b"number,text\n1.1,\n"),
                        name="x.csv")
    assert "第2行" in error.value.message
    assert standard.criteria.count() == 0
