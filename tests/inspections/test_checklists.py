"""Checklists: a non-compliant criterion is a major hazard citing its clause; re-inspections
carry forward only what failed; the team rules of the inspection kinds."""
import io

import pytest
from PIL import Image

from core.clock import today_cst
from core.errors import PermissionDenied, ValidationFailed
from hazards.enums import HazardGrade
from hazards.filing.checklists import (
    CheckItem,
    GeneralFinding,
    checklist_criteria,
    earlier_findings,
    inspection_record_checklist,
    inspection_start,
)
from hazards.models import FindingPhoto
from inspections.enums import CheckResult, InspectionKind
from inspections.models import HazardStandard, InspectionCheckResult
from inspections.standards import standard_new_version
from tests import factories

pytestmark = pytest.mark.django_db


def start(enterprise, actor, partner, **kwargs):
    kwargs.setdefault("kind", InspectionKind.ENFORCEMENT)
    return inspection_start(actor=actor, enterprise=enterprise, inspected_on=today_cst(),
                            inspectors=[partner], **kwargs)


def all_compliant(inspection, **overrides):
    """Checklist items, every one compliant except those in ``overrides`` (number → result)."""
    return [CheckItem(criterion=c, result=overrides.get(c.number, CheckResult.COMPLIANT))
            for c in checklist_criteria(inspection)]


def jpeg(size=(2400, 1800)) -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", size, "orange").save(buffer, format="JPEG")
    buffer.seek(0)
    buffer.name = "site.jpg"
    return buffer


def test_checklist_offers_the_sectors_current_standard(chemical_enterprise, inspector, partner):
    inspection = start(chemical_enterprise, inspector, partner)

    criteria = checklist_criteria(inspection)

    assert len(criteria) == 20
    assert {c.standard.code for c in criteria} == {"hazardous-chemicals-2017"}


def test_superseded_standard_is_not_offered_for_new_inspections(fuling, standards, inspector,
                                                                partner):
    factory = factories.EnterpriseFactory(district=fuling, sector_id="industry_trade")

    inspection = start(factory, inspector, partner)

    assert list(inspection.standards.all()) == []
    assert checklist_criteria(inspection) == []


def test_non_compliant_chemical_criterion_makes_a_major_hazard_citing_its_clause(
        chemical_enterprise, inspector, partner):
    inspection = start(chemical_enterprise, inspector, partner)
    items = all_compliant(inspection, **{"三、": CheckResult.NON_COMPLIANT})
    items[2].location = "罐区"

    [hazard] = inspection_record_checklist(inspection=inspection, actor=inspector, items=items)

    assert hazard.grade == HazardGrade.MAJOR
    assert hazard.criterion.number == "三、"
    assert hazard.criterion.clause == "化工和危险化学品生产经营单位重大生产安全事故隐患判定标准（试行） 三、"
    assert hazard.description == hazard.criterion.text
    assert hazard.location == "罐区"
    line = InspectionCheckResult.objects.get(inspection=inspection, hazard=hazard)
    assert line.result == CheckResult.NON_COMPLIANT
    assert inspection.check_results.filter(result=CheckResult.COMPLIANT).count() == 19


def test_general_findings_are_general_hazards(chemical_enterprise, inspector, partner):
    inspection = start(chemical_enterprise, inspector, partner)

    [hazard] = inspection_record_checklist(
        inspection=inspection, actor=inspector, items=all_compliant(inspection),
        general_findings=[GeneralFinding(description="灭火器过期", location="仓库")])

    assert (hazard.grade, hazard.criterion) == (HazardGrade.GENERAL, None)


def test_unmarked_criterion_is_refused_and_nothing_is_written(chemical_enterprise, inspector,
                                                              partner):
    inspection = start(chemical_enterprise, inspector, partner)
    items = all_compliant(inspection)[1:]

    with pytest.raises(ValidationFailed) as error:
        inspection_record_checklist(inspection=inspection, actor=inspector, items=items)

    assert error.value.field.startswith("criterion-")
    assert inspection.check_results.count() == 0
    assert inspection.hazards.count() == 0


def test_photo_is_resized_and_reencoded(chemical_enterprise, inspector, partner):
    inspection = start(chemical_enterprise, inspector, partner)
    items = all_compliant(inspection, **{"一、": CheckResult.NON_COMPLIANT})
    items[0].photos = [jpeg()]

    [hazard] = inspection_record_checklist(inspection=inspection, actor=inspector, items=items)

    photo = FindingPhoto.objects.get(hazard=hazard)
    assert (photo.width, photo.height) == (1600, 1200)
    assert photo.image.name.endswith(".jpg")


def test_a_fake_photo_refuses_the_whole_checklist(chemical_enterprise, inspector, partner):
    inspection = start(chemical_enterprise, inspector, partner)
    items = all_compliant(inspection, **{"一、": CheckResult.NON_COMPLIANT})
    fake = io.BytesIO(b"<html><script>alert(1)</script></html>")
    fake.name = "photo.jpg"
    items[0].photos = [fake]

    with pytest.raises(ValidationFailed) as error:
        inspection_record_checklist(inspection=inspection, actor=inspector, items=items)

    assert error.value.field == f"criterion-{items[0].criterion.pk}-photos"
    assert inspection.hazards.count() == 0


def test_reinspection_carries_forward_only_the_failed_criteria(chemical_enterprise, inspector,
                                                              partner):
    first = start(chemical_enterprise, inspector, partner)
    inspection_record_checklist(
        inspection=first, actor=inspector,
        items=all_compliant(first, **{"二、": CheckResult.NON_COMPLIANT,
                                      "七、": CheckResult.NON_COMPLIANT}),
        general_findings=[GeneralFinding(description="消防通道堵塞")])

    follow_up = start(chemical_enterprise, inspector, partner, follow_up_of=first)

    assert [c.number for c in checklist_criteria(follow_up)] == ["二、", "七、"]
    assert len(earlier_findings(follow_up)) == 3


def test_reinspection_keeps_the_version_the_first_inspection_used(chemical_enterprise,
                                                                 inspector, partner):
    first = start(chemical_enterprise, inspector, partner)
    inspection_record_checklist(inspection=first, actor=inspector,
                                items=all_compliant(first, **{"二、": CheckResult.NON_COMPLIANT}))
    old = HazardStandard.objects.get(code="hazardous-chemicals-2017")
    standard_new_version(standard=old, version="2026")

    follow_up = start(chemical_enterprise, inspector, partner, follow_up_of=first)

    assert [c.standard for c in checklist_criteria(follow_up)] == [old]


def test_follow_up_of_another_enterprise_is_refused(chemical_enterprise, fuling, inspector,
                                                    partner):
    first = start(chemical_enterprise, inspector, partner)
    other = factories.EnterpriseFactory(district=fuling)

    with pytest.raises(ValidationFailed):
        start(other, inspector, partner, follow_up_of=first)


def test_enforcement_needs_two_officers_with_badges(chemical_enterprise, inspector, fuling):
    no_badge = factories.inspector("500102", badge_number="")

    with pytest.raises(ValidationFailed) as error:
        start(chemical_enterprise, inspector, no_badge)

    assert error.value.field == "inspectors"


def test_joint_inspection_lists_each_department(chemical_enterprise, inspector, partner):
    from enterprises.enums import DepartmentKind
    from enterprises.models import Department

    emergency = Department.objects.create(code="500102-em", name="涪陵区应急管理局",
                                          kind=DepartmentKind.EMERGENCY_MANAGEMENT)
    fire = Department.objects.create(code="500102-fire", name="涪陵区消防救援支队",
                                     kind=DepartmentKind.FIRE_RESCUE)

    with pytest.raises(ValidationFailed):
        start(chemical_enterprise, inspector, partner, kind=InspectionKind.JOINT,
              department=emergency)
    joint = start(chemical_enterprise, inspector, partner, kind=InspectionKind.JOINT,
                  department=emergency, joint_departments=[fire])

    assert list(joint.joint_departments.all()) == [fire]


def test_only_the_inspections_officers_fill_its_checklist(chemical_enterprise, inspector,
                                                          partner, fuling):
    inspection = start(chemical_enterprise, inspector, partner)
    colleague = factories.inspector("500102")

    with pytest.raises(PermissionDenied):
        inspection_record_checklist(inspection=inspection, actor=colleague,
                                    items=all_compliant(inspection))


def test_new_version_supersedes_and_old_inspection_keeps_its_version(
        standards, chemical_enterprise, inspector, partner):
    old = HazardStandard.objects.get(code="hazardous-chemicals-2017")
    first = inspection_start(actor=inspector, enterprise=chemical_enterprise,
                             kind=InspectionKind.ENFORCEMENT, inspected_on=today_cst(),
                             inspectors=[partner])
    items = [CheckItem(criterion=c, result=CheckResult.COMPLIANT)
             for c in checklist_criteria(first)]
    items[0].result = CheckResult.NON_COMPLIANT
    [hazard] = inspection_record_checklist(inspection=first, actor=inspector, items=items)

    new = standard_new_version(standard=old, version="2026", title="化工（2026修订）")
    new.criteria.filter(number="一、").update(text="新版第一项")
    later = inspection_start(actor=inspector, enterprise=chemical_enterprise,
                             kind=InspectionKind.ENFORCEMENT, inspected_on=today_cst(),
                             inspectors=[partner])

    old.refresh_from_db()
    hazard.refresh_from_db()
    assert (old.is_current, old.superseded_by) == (False, new)
    assert list(first.standards.all()) == [old]
    assert hazard.criterion.standard == old
    assert hazard.criterion.text == items[0].criterion.text
    assert list(later.standards.all()) == [new]
    assert checklist_criteria(later)[0].text == "新版第一项"
