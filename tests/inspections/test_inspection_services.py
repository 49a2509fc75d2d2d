"""inspections.services: the one door for creating and correcting inspection records."""
import datetime

import pytest

from core.clock import today_cst
from core.errors import PermissionDenied, ValidationFailed
from hazards.filing.signing import inspection_sign
from inspections.enums import InspectionKind
from inspections.models import RecordSigned
from inspections.services import inspection_create, inspection_update_particulars
from tests import factories

pytestmark = pytest.mark.django_db


def test_inspection_create_names_actor_and_reason_in_the_history(enterprise, district_official):
    inspection = inspection_create(
        actor=district_official, enterprise=enterprise, kind=InspectionKind.SELF_INSPECTION,
        inspected_on=datetime.date(2024, 4, 1), reference_number=" JC-2024-001 ",
        notes="  罐区\u202e检查 ", reason="导入任务 3 台账.xlsx 第 4 行")

    assert (inspection.district_id, inspection.created_by, inspection.reference_number,
            inspection.notes) == ("500102", district_official, "JC-2024-001", "罐区检查")
    record = inspection.history.get()
    assert (record.history_user, record.history_change_reason) == (
        district_official, "导入任务 3 台账.xlsx 第 4 行")


def test_inspection_create_keeps_scope_kind_and_date_rules(enterprise, other_district_official,
                                                           enterprise_officer, inspector):
    with pytest.raises(PermissionDenied):
        inspection_create(actor=other_district_official, enterprise=enterprise,
                          kind=InspectionKind.ENFORCEMENT, inspected_on=today_cst())
    with pytest.raises(PermissionDenied):
        inspection_create(actor=enterprise_officer, enterprise=enterprise,
                          kind=InspectionKind.ENFORCEMENT, inspected_on=today_cst())
    with pytest.raises(ValidationFailed) as caught:
        inspection_create(actor=inspector, enterprise=enterprise, kind=InspectionKind.COVERT,
                          inspected_on=today_cst() + datetime.timedelta(days=1))
    assert caught.value.field == "inspected_on"
    with pytest.raises(ValidationFailed) as caught:
        inspection_create(actor=inspector, enterprise=enterprise, kind="rumour",
                          inspected_on=today_cst())
    assert caught.value.field == "kind"
    own = inspection_create(actor=enterprise_officer, enterprise=enterprise,
                            kind=InspectionKind.SELF_INSPECTION, inspected_on=today_cst())
    assert own.is_self_inspection


def test_inspection_update_particulars_keeps_old_and_new_values_in_the_history(
        enterprise, district_official):
    inspection = factories.inspection(enterprise=enterprise, actor=district_official,
                                      inspected_on=datetime.date(2024, 4, 1))

    updated = inspection_update_particulars(
        inspection=inspection, actor=district_official, reason="导入任务 5 台账.xlsx 第 9 行",
        changes={"inspected_on": datetime.date(2024, 4, 2), "notes": "复核"})

    latest, previous = updated.history.all()[:2]
    delta = latest.diff_against(previous)
    assert {(c.field, c.old, c.new) for c in delta.changes} == {
        ("inspected_on", datetime.date(2024, 4, 1), datetime.date(2024, 4, 2)),
        ("notes", "", "复核")}
    assert (latest.history_user, latest.history_change_reason) == (
        district_official, "导入任务 5 台账.xlsx 第 9 行")


def test_inspection_update_particulars_refuses_a_signed_record_and_strangers(
        enterprise, district_official, other_district_official):
    officer = factories.inspector("500102")
    inspection = factories.inspection(enterprise=enterprise, actor=officer)
    with pytest.raises(PermissionDenied):
        inspection_update_particulars(inspection=inspection, actor=other_district_official,
                                      changes={"notes": "改写"})
    inspection_sign(inspection=inspection, actor=officer,
                    passwords={u.pk: "pass-word-123" for u in inspection.inspectors.all()},
                    enterprise_representative="王厂长")

    with pytest.raises(RecordSigned):
        inspection_update_particulars(inspection=inspection, actor=district_official,
                                      changes={"notes": "改写"})

    inspection.refresh_from_db()
    assert inspection.notes == ""
