"""The editions in force: official counts, supersession switches by date, the sentence shown for
an edition whose text is not loaded, the standards for every sector, and the special areas by
activity."""
import datetime

import pytest

from hazards.filing.checklists import checklist_criteria, checklist_notices, inspection_start
from inspections.enums import InspectionKind
from inspections.models import HazardStandard
from inspections.reference import load_hazard_standards, read_editions
from inspections.standards import (
    standard_missing_text_notice,
    standard_new_version,
    standards_current_for_sector,
    standards_in_force,
)
from tests import factories

pytestmark = pytest.mark.django_db

# Criteria of each shipped edition against the number of items of the official text, with the
# source of that number (data/reference/standards/SOURCES.md has the details).
OFFICIAL_COUNTS = {
    # the ministry's interpretation: "列举了二十种应当判定为重大事故隐患的情形"; 人民日报
    # 2017-11-17: 20 for 化工和危险化学品 + 20 for 烟花爆竹
    "hazardous-chemicals-2017": 20,
    # 人民日报 2017-11-17 (reporting 国家安全监管总局): 20 items
    "fireworks-2017": 20,
    # 安监总管一〔2017〕98号 as printed: 一、(一)–(二十四), 二、(一)–(十二), 三、(一)–(十二)
    "metal-nonmetal-mine-2017": 24 + 12 + 12,
    # 安监总管四〔2017〕129号: 专项类 14 (10 + 2 + 2) and 行业类 45 (11+10+6+7+6+2+2+1), as
    # summarised at m.wenke99.com/p-14229007.html; no count by the issuing body was found
    "industry-trade-2017": 14 + 45,
}


def test_each_shipped_edition_has_the_official_number_of_criteria(standards):
    shipped = {s.code: s.criteria.count() for s in HazardStandard.objects.filter(text_loaded=True)}

    assert shipped == OFFICIAL_COUNTS


def test_the_data_file_states_the_same_counts_as_the_test():
    stated = {e["code"]: len(e["criteria"]) for e in read_editions() if e["text_loaded"]}

    assert stated == OFFICIAL_COUNTS


def test_every_edition_names_its_source_and_issuing_document(standards):
    for standard in HazardStandard.objects.all():
        assert standard.source.strip(), standard.code
        assert standard.document_number.strip(), standard.code


def _in_force(sector_id, day):
    return [s.code for s in standards_in_force(sector_id=sector_id, on=day)]


@pytest.mark.parametrize(("day", "expected"), [
    (datetime.date(2023, 5, 14), ["fire-gb35181-2017", "industry-trade-2017"]),
    (datetime.date(2023, 5, 15), ["fire-gb35181-2017", "industry-trade-2023"]),
])
def test_industry_trade_2017_gives_way_to_2023_on_2023_05_15(standards, day, expected):
    assert _in_force("industry_trade", day) == expected


@pytest.mark.parametrize(("day", "expected"), [
    (datetime.date(2022, 8, 31), ["fire-gb35181-2017", "metal-nonmetal-mine-2017"]),
    (datetime.date(2022, 9, 1), ["fire-gb35181-2017", "metal-nonmetal-mine-2022"]),
])
def test_metal_nonmetal_mine_2017_gives_way_to_2022_on_2022_09_01(standards, day, expected):
    assert _in_force("non_coal_mine", day) == expected


@pytest.mark.parametrize(("day", "expected"), [
    (datetime.date(2020, 12, 31), ["fire-gb35181-2017"]),
    (datetime.date(2021, 1, 1), ["coal-mine-2020", "fire-gb35181-2017"]),
])
def test_coal_mine_standard_is_in_force_from_2021_01_01(standards, day, expected):
    assert _in_force("coal_mine", day) == expected


def test_an_edition_without_text_is_never_replaced_by_the_superseded_one(standards):
    after = datetime.date(2024, 1, 1)

    assert list(standards_current_for_sector("industry_trade", on=after)) == []
    assert list(standards_current_for_sector("non_coal_mine", on=after)) == []
    assert [s.code for s in standards_current_for_sector("industry_trade",
                                                          on=datetime.date(2023, 5, 14))] == [
        "industry-trade-2017"]


def test_the_fire_standard_applies_to_every_sector(standards):
    for sector in ("hazardous_chemicals", "gas", "construction", "other", "industry_trade"):
        assert "fire-gb35181-2017" in _in_force(sector, datetime.date(2026, 1, 1)), sector


def _start(enterprise, inspector, partner, day):
    return inspection_start(actor=inspector, enterprise=enterprise,
                            kind=InspectionKind.ENFORCEMENT, inspected_on=day,
                            inspectors=[partner])


def test_inspection_before_the_switch_cites_the_2017_edition(fuling, standards, inspector,
                                                             partner):
    factory = factories.EnterpriseFactory(district=fuling, sector_id="industry_trade")

    before = _start(factory, inspector, partner, datetime.date(2023, 5, 14))
    after = _start(factory, inspector, partner, datetime.date(2023, 5, 15))

    assert [s.code for s in before.standards.all()] == ["industry-trade-2017"]
    assert checklist_criteria(before)[0].clause == (
        "工贸行业重大生产安全事故隐患判定标准（2017版） 二、（一）1.")
    assert list(after.standards.all()) == []
    assert checklist_criteria(after) == []


def test_checklist_names_the_edition_in_force_whose_text_is_missing(fuling, standards,
                                                                    inspector, partner):
    factory = factories.EnterpriseFactory(district=fuling, sector_id="industry_trade")
    inspection = _start(factory, inspector, partner, datetime.date(2024, 3, 1))

    assert checklist_notices(inspection) == [
        "《重大火灾隐患判定方法》（GB 35181-2017）适用于本企业，本系统尚未载入其条文，检查表中"
        "没有该标准的条款，请对照正式文本检查。",
        "现行《工贸企业重大事故隐患判定标准》（应急管理部令第10号）自2023年5月15日起施行，"
        "本系统尚未载入其条文，检查表中没有该标准的条款，请对照正式文本检查；已被替代的旧版本"
        "不再提供。",
    ]


def test_checklist_before_the_switch_has_no_notice_for_the_later_edition(fuling, standards,
                                                                         inspector, partner):
    factory = factories.EnterpriseFactory(district=fuling, sector_id="industry_trade")
    inspection = _start(factory, inspector, partner, datetime.date(2023, 5, 14))

    notices = checklist_notices(inspection)

    assert not any("应急管理部令第10号" in notice for notice in notices)


def test_missing_text_notice_of_the_2022_mine_standard(standards):
    mine = HazardStandard.objects.get(code="metal-nonmetal-mine-2022")

    assert standard_missing_text_notice(mine) == (
        "现行《金属非金属矿山重大事故隐患判定标准》（矿安〔2022〕88号）自2022年9月1日起施行，"
        "本系统尚未载入其条文，检查表中没有该标准的条款，请对照正式文本检查；已被替代的旧版本"
        "不再提供。")


def test_special_area_criteria_follow_the_enterprises_activities(fuling, standards, inspector,
                                                                 partner):
    plain = factories.EnterpriseFactory(district=fuling, sector_id="industry_trade")
    cold_store = factories.EnterpriseFactory(district=fuling, sector_id="industry_trade",
                                             uses_ammonia_refrigeration=True)
    day = datetime.date(2023, 1, 10)

    plain_groups = {c.group_name for c in checklist_criteria(
        _start(plain, inspector, partner, day))}
    cold_numbers = [c.number for c in checklist_criteria(
        _start(cold_store, inspector, partner, day))]

    assert "使用液氨制冷的行业领域" not in plain_groups
    assert "存在粉尘爆炸危险的行业领域" not in plain_groups
    assert "冶金行业" in plain_groups
    assert cold_numbers[:2] == ["一、（二）1.", "一、（二）2."]
    assert "一、（一）1." not in cold_numbers
    assert len(cold_numbers) == 45 + 2


def test_new_version_with_a_date_keeps_the_old_edition_for_earlier_inspections(standards):
    old = HazardStandard.objects.get(code="fireworks-2017")

    new = standard_new_version(standard=old, version="2027", code="fireworks-2027",
                               effective_date=datetime.date(2027, 3, 1))

    assert _in_force("fireworks", datetime.date(2027, 2, 28)) == [
        "fire-gb35181-2017", "fireworks-2017"]
    assert _in_force("fireworks", datetime.date(2027, 3, 1)) == [
        "fire-gb35181-2017", new.code]


def test_loading_again_restores_the_dates_of_a_cited_edition_and_keeps_its_text(standards):
    trade = HazardStandard.objects.get(code="industry-trade-2017")
    cited = trade.criteria.get(number="二、（一）1.")
    factories.hazard(enterprise=factories.EnterpriseFactory(sector_id="industry_trade"),
                     criterion=cited)
    # an older load left the edition without its supersession date
    HazardStandard.objects.filter(pk=trade.pk).update(superseded_on=None, scope="")

    load_hazard_standards()

    trade.refresh_from_db()
    assert trade.superseded_on == datetime.date(2023, 5, 15)
    assert trade.scope.startswith("工贸行业")
    assert trade.criteria.get(pk=cited.pk).text == cited.text


def test_coal_items_loaded_the_old_way_stay_for_citations_but_are_not_offered(db):
    from enterprises.reference import load_sectors

    load_sectors()
    # as the old loader left it (its own effective date, criteria numbered <group>.<seq>)
    coal = HazardStandard.objects.create(code="coal-mine-2020", sector_id="coal_mine",
                                         title="煤矿重大事故隐患判定标准",
                                         document_number="应急管理部令第4号",
                                         effective_date=datetime.date(2021, 1, 1))
    old = coal.criteria.create(number="2.1", group_name="瓦斯超限作业", text="瓦斯超限作业")
    factories.hazard(enterprise=factories.EnterpriseFactory(sector_id="coal_mine"),
                     criterion=old)

    load_hazard_standards()

    coal.refresh_from_db()
    assert (coal.text_loaded, coal.issued_on) == (False, datetime.date(2020, 11, 20))
    assert coal.criteria.get().pk == old.pk
    assert list(standards_current_for_sector("coal_mine", on=datetime.date(2026, 1, 1))) == []


def test_which_demo_enterprises_get_a_checklist_from_a_current_standard(standards):
    """The demo data set (seed_demo.ENTERPRISES): with the texts shipped today only the
    chemical and fireworks enterprises get clauses; the others see the notices of the
    editions in force whose text is missing (data/reference/standards/SOURCES.md)."""
    from hazards.management.commands.seed_demo import ENTERPRISES

    today = datetime.date(2026, 12, 2)
    with_clauses = sorted(name for name, sector, _industry in ENTERPRISES
                          if standards_current_for_sector(sector, on=today).exists())

    assert with_clauses == sorted([
        "重庆涪陵长江化工有限公司", "涪陵白涛精细化学品有限公司", "涪陵焰火烟花爆竹经营部",
        "万州盐气化工有限公司", "渝北空港新材料有限公司"])
    assert len(ENTERPRISES) - len(with_clauses) == 15
