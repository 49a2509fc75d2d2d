"""Filing an inspection with several findings is all or nothing."""
import datetime

import pytest

from core.clock import today_cst
from core.errors import DeadlineInPast, PermissionDenied, ValidationFailed
from hazards.enums import HazardAction, HazardStatus
from hazards.filing.services import Finding, inspection_file
from hazards.models import Hazard
from inspections.models import Inspection
from tests import factories

pytestmark = pytest.mark.django_db


def finding(**overrides):
    values = {"grade": "general", "category": "equipment_defect", "description": "灭火器过期",
              "rectification_deadline": today_cst() + datetime.timedelta(days=10)}
    values.update(overrides)
    return Finding(**values)


def test_inspector_files_two_findings(inspector, partner, enterprise):
    inspection = inspection_file(actor=inspector, enterprise=enterprise, kind="enforcement",
                                 inspected_on=today_cst(), inspectors=[partner],
                                 findings=[finding(), finding(description="通道堵塞")])

    hazards = list(inspection.hazards.order_by("id"))
    assert [h.description for h in hazards] == ["灭火器过期", "通道堵塞"]
    assert {h.status for h in hazards} == {HazardStatus.REPORTED}
    assert {h.district_id for h in hazards} == {"500102"}
    assert [h.transitions.get().action for h in hazards] == [HazardAction.REGISTERED] * 2
    assert sorted(u.pk for u in inspection.inspectors.all()) == [inspector.pk, partner.pk]


def test_a_bad_finding_writes_nothing(inspector, partner, enterprise):
    with pytest.raises(DeadlineInPast) as caught:
        inspection_file(actor=inspector, enterprise=enterprise, kind="enforcement",
                        inspected_on=today_cst(), inspectors=[partner], findings=[
                            finding(), finding(rectification_deadline=datetime.date(2020, 1, 1))])

    assert caught.value.field == "findings[1].rectification_deadline"
    assert Inspection.objects.count() == 0
    assert Hazard.objects.count() == 0


def test_an_empty_description_names_the_finding(inspector, partner, enterprise):
    with pytest.raises(ValidationFailed) as caught:
        inspection_file(actor=inspector, enterprise=enterprise, kind="enforcement",
                        inspected_on=today_cst(), inspectors=[partner],
                        findings=[finding(description="  ")])

    assert caught.value.field == "findings[0].description"
    assert Inspection.objects.count() == 0


def test_inspector_of_another_district_may_not_file(other_inspector, enterprise):
    with pytest.raises(PermissionDenied):
        inspection_file(actor=other_inspector, enterprise=enterprise, kind="enforcement",
                        inspected_on=today_cst(), findings=[finding()])


def test_enterprise_officer_files_only_self_inspections(enterprise_officer, enterprise):
    with pytest.raises(PermissionDenied):
        inspection_file(actor=enterprise_officer, enterprise=enterprise, kind="enforcement",
                        inspected_on=today_cst(), findings=[finding()])

    inspection = inspection_file(actor=enterprise_officer, enterprise=enterprise,
                                 kind="self_inspection", inspected_on=today_cst(),
                                 findings=[finding()])
    assert inspection.is_self_inspection
    assert inspection.hazards.count() == 1


def test_future_inspection_date_is_refused(inspector, enterprise):
    with pytest.raises(ValidationFailed) as caught:
        inspection_file(actor=inspector, enterprise=enterprise, kind="enforcement",
                        inspected_on=today_cst() + datetime.timedelta(days=1), findings=[])

    assert caught.value.field == "inspected_on"


def test_department_must_be_of_the_district_or_the_city(inspector, enterprise):
    from enterprises.models import Department

    wanzhou_bureau = Department.objects.create(code="500101-em", name="万州区应急管理局",
                                               kind="emergency_management",
                                               district=factories.district("500101", "万州区"))

    with pytest.raises(ValidationFailed) as caught:
        inspection_file(actor=inspector, enterprise=enterprise, kind="enforcement",
                        inspected_on=today_cst(), findings=[finding()],
                        department=wanzhou_bureau)

    assert caught.value.field == "department"
    assert Inspection.objects.count() == 0


def test_notes_and_finding_count_are_limited(inspector, enterprise):
    with pytest.raises(ValidationFailed) as too_long:
        inspection_file(actor=inspector, enterprise=enterprise, kind="enforcement",
                        inspected_on=today_cst(), findings=[], notes="记" * 5001)
    with pytest.raises(ValidationFailed) as too_many:
        inspection_file(actor=inspector, enterprise=enterprise, kind="enforcement",
                        inspected_on=today_cst(), findings=[finding()] * 51)

    assert (too_long.value.field, too_many.value.field) == ("notes", "findings")
    assert Inspection.objects.count() == 0
