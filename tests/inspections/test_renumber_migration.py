"""The data migration that renumbers shipped criteria from our old ``<group>.<seq>`` numbers to
the published clauses, on a database loaded and cited the old way."""
import importlib

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from enterprises.reference import load_sectors
from inspections.models import HazardCriterion, HazardStandard
from tests import factories

MIGRATION = importlib.import_module(
    "inspections.migrations.0006_renumber_shipped_criteria_to_published_clauses")
RENUMBER = MIGRATION.RENUMBER


@pytest.fixture
def at_old_numbering(db):
    """The database as the old loader left it. The migration's own function then runs on it
    with the historical models of the migration state (no custom save guards, as in a real
    migration): going back through the migration graph instead would also unapply every
    later migration of the apps that depend on it, and today's factories could not write the
    older tables (the migration only renumbers criteria rows, which have not changed since)."""
    yield


def _migrate_forward():
    state = MigrationLoader(connection).project_state(
        ("inspections", "0006_renumber_shipped_criteria_to_published_clauses"))
    MIGRATION.renumber(state.apps, None)


def _old_standard(code, sector_id, title, numbers):
    """A standard as the old loader left it: criteria numbered <group>.<seq>."""
    standard = HazardStandard.objects.create(code=code, sector_id=sector_id, title=title)
    for order, number in enumerate(numbers, start=1):
        HazardCriterion.objects.create(standard=standard, number=number, text=f"条款{number}",
                                       sort_order=order)
    return standard


def test_migration_renumbers_cited_criteria_to_the_published_clauses(at_old_numbering):
    load_sectors()
    chemicals = _old_standard("hazardous-chemicals-2017", "hazardous_chemicals",
                              "化工和危险化学品生产经营单位重大生产安全事故隐患判定标准（试行）",
                              list(RENUMBER["hazardous-chemicals-2017"]))
    mines = _old_standard("non-coal-mine-2017", "non_coal_mine",
                          "金属非金属矿山重大生产安全事故隐患判定标准（试行）",
                          list(RENUMBER["non-coal-mine-2017"]))
    trade = _old_standard("industry-trade-2017", "industry_trade",
                          "工贸行业重大生产安全事故隐患判定标准（2017版）",
                          list(RENUMBER["industry-trade-2017"]))
    HazardCriterion.objects.create(standard=chemicals, number="9.1", text="手工增加的条款",
                                   sort_order=99)
    cited = chemicals.criteria.get(number="1.3")
    hazard = factories.hazard(
        enterprise=factories.EnterpriseFactory(sector_id="hazardous_chemicals"), criterion=cited)

    _migrate_forward()

    cited.refresh_from_db()
    hazard.refresh_from_db()
    assert (cited.number, cited.sort_order) == ("三、", 3)
    assert hazard.criterion_id == cited.pk
    assert hazard.criterion.clause == (
        "化工和危险化学品生产经营单位重大生产安全事故隐患判定标准（试行） 三、")
    assert chemicals.criteria.get(text="手工增加的条款").number == "9.1"
    mines.refresh_from_db()
    assert mines.code == "metal-nonmetal-mine-2017"
    assert list(mines.criteria.order_by("sort_order").values_list("number", flat=True))[
        :2] == ["一、（一）", "一、（二）"]
    assert mines.criteria.order_by("sort_order").last().number == "三、（十二）"
    # the old loader put 冶金 first; the published order starts with the special areas
    assert trade.criteria.get(text="条款1.1").number == "二、（一）1."
    assert list(trade.criteria.filter(activity="uses_ammonia_refrigeration")
                .order_by("sort_order").values_list("number", flat=True)) == [
        "一、（二）1.", "一、（二）2."]
    assert trade.criteria.filter(activity="has_dust_explosion_risk").count() == 10


def test_migration_maps_every_old_number_to_a_distinct_published_clause():
    for code, mapping in RENUMBER.items():
        published = [number for number, _order in mapping.values()]
        orders = sorted(order for _number, order in mapping.values())
        assert len(set(published)) == len(published), code
        assert orders == list(range(1, len(mapping) + 1)), code
