"""Enterprise edits go through enterprises.services and leave field history with the actor and
the reason (the import job, where there is no request)."""
import pytest

from enterprises.services import enterprise_create, enterprise_update
from tests import factories

pytestmark = pytest.mark.django_db


def test_enterprise_update_records_actor_reason_and_old_and_new_values(fuling,
                                                                       district_official):
    sector = factories.sector()
    enterprise = enterprise_create(actor=district_official, district=fuling, sector=sector,
                                   credit_code=factories.credit_code(), name="涪陵甲化工有限公司",
                                   reason="导入任务 1 名录.xlsx 第 2 行")

    enterprise_update(actor=district_official, enterprise=enterprise, name="涪陵甲化工股份有限公司",
                      address="涪陵区白涛街道", reason="导入任务 2 名录.xlsx 第 2 行")

    latest, created = enterprise.history.all()[:2]
    assert (created.history_type, created.history_user, created.history_change_reason) == (
        "+", district_official, "导入任务 1 名录.xlsx 第 2 行")
    assert (latest.history_user, latest.history_change_reason) == (
        district_official, "导入任务 2 名录.xlsx 第 2 行")
    assert {(c.field, c.old, c.new) for c in latest.diff_against(created).changes} == {
        ("name", "涪陵甲化工有限公司", "涪陵甲化工股份有限公司"), ("address", "", "涪陵区白涛街道"),
        ("version", 1, 2)}


def test_enterprise_update_without_a_difference_writes_no_history(enterprise,
                                                                  district_official):
    count = enterprise.history.count()

    enterprise_update(actor=district_official, enterprise=enterprise, name=enterprise.name)

    assert enterprise.history.count() == count
