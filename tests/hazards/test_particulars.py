"""hazards.services.hazard_update_particulars: the one door for correcting a finding after
registration (live or from a re-imported ledger)."""
import datetime
from decimal import Decimal

import pytest

from core.clock import today_cst
from core.errors import (
    ConcurrentModification,
    PermissionDenied,
    TransitionNotAllowed,
    ValidationFailed,
)
from hazards import services
from hazards.enums import HazardAction, HazardGrade, HazardStatus
from hazards.filing.signing import inspection_sign, inspection_verify
from inspections.models import RecordSigned
from tests import factories

pytestmark = pytest.mark.django_db
SOURCE = {"preset": "cn_hazard_ledger", "file": "台账.xlsx", "row": 7, "job": 12}


def snapshot(hazard):
    hazard.refresh_from_db()
    return (hazard.version, hazard.description, hazard.grade, hazard.rectification_deadline,
            hazard.rectification_measures, hazard.transitions.count())


def test_update_particulars_records_actor_source_old_and_new_values_and_a_new_version(
        enterprise, district_official):
    hazard = factories.hazard(enterprise=enterprise, rectification_measures="清理通道")

    updated = services.hazard_update_particulars(
        hazard=hazard, actor=district_official, source=SOURCE,
        changes={"rectification_measures": "清理通道，设置禁止堆放标识",
                 "rectification_funds": Decimal("800.00"), "description": "消防通道堵塞"})

    assert updated.version == hazard.version + 1
    assert updated.rectification_measures == "清理通道，设置禁止堆放标识"
    step = updated.transitions.last()
    assert (step.action, step.from_status, step.to_status, step.actor) == (
        HazardAction.PARTICULARS_CHANGED, HazardStatus.REPORTED, HazardStatus.REPORTED,
        district_official)
    assert step.data == {
        "changes": {"rectification_measures": ["清理通道", "清理通道，设置禁止堆放标识"],
                    "rectification_funds": [None, "800.00"]},
        "source": SOURCE, "imported": True}
    field_history = updated.history.first()
    assert field_history.history_user == district_official
    assert field_history.history_change_reason == "导入任务 12 台账.xlsx 第 7 行"


def test_update_particulars_applies_the_registration_text_rules(enterprise, inspector):
    hazard = factories.hazard(enterprise=enterprise)

    updated = services.hazard_update_particulars(
        hazard=hazard, actor=inspector,
        changes={"description": "  \u202e配电箱\u202c未接地  ", "location": " 2号车间 "})

    assert (updated.description, updated.location) == ("配电箱未接地", "2号车间")
    with pytest.raises(ValidationFailed) as caught:
        services.hazard_update_particulars(hazard=hazard, actor=inspector,
                                           changes={"description": "长" * 2001})
    assert caught.value.field == "description"
    with pytest.raises(ValidationFailed) as caught:
        services.hazard_update_particulars(hazard=hazard, actor=inspector,
                                           changes={"description": "\u202a "})
    assert caught.value.field == "description"
    with pytest.raises(ValidationFailed) as caught:
        services.hazard_update_particulars(hazard=hazard, actor=inspector,
                                           changes={"status": HazardStatus.CLOSED})
    assert caught.value.field == "status"


def test_update_particulars_without_a_difference_writes_nothing(enterprise, inspector):
    hazard = factories.hazard(enterprise=enterprise, location="仓库")
    before = snapshot(hazard)

    services.hazard_update_particulars(hazard=hazard, actor=inspector,
                                       changes={"location": " 仓库", "description": "消防通道堵塞"})

    assert snapshot(hazard) == before


def test_update_particulars_refuses_a_closed_hazard(enterprise, district_official):
    hazard = factories.hazard_in(HazardStatus.CLOSED, enterprise=enterprise)
    before = snapshot(hazard)

    with pytest.raises(TransitionNotAllowed):
        services.hazard_update_particulars(hazard=hazard, actor=district_official,
                                           changes={"rectification_measures": "改写"})

    assert snapshot(hazard) == before


def test_update_particulars_refuses_a_running_deadline_but_sets_a_reported_one(
        enterprise, district_official):
    running = factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise)
    reported = factories.hazard(enterprise=enterprise)
    later = today_cst() + datetime.timedelta(days=30)
    before = snapshot(running)

    with pytest.raises(TransitionNotAllowed) as caught:
        services.hazard_update_particulars(hazard=running, actor=district_official,
                                           changes={"rectification_deadline": later})
    updated = services.hazard_update_particulars(hazard=reported, actor=district_official,
                                                 changes={"rectification_deadline": later})

    assert caught.value.field == "rectification_deadline"
    assert "延期" in caught.value.message
    assert snapshot(running) == before
    assert updated.rectification_deadline == later


def test_update_particulars_refuses_a_rise_to_major_of_a_running_hazard_without_plan(
        enterprise, district_official):
    hazard = factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise)
    before = snapshot(hazard)

    with pytest.raises(services.PlanRequired):
        services.hazard_update_particulars(hazard=hazard, actor=district_official,
                                           changes={"grade": HazardGrade.MAJOR})

    assert snapshot(hazard) == before


def test_update_particulars_raises_to_major_with_plan_and_interim_measures(
        enterprise, district_official):
    hazard = factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise)
    # the plan service answers only for major hazards: register the plan's prerequisites on
    # a hazard that is major from the start, then compare with the general one above
    major = factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise,
                                grade=HazardGrade.MAJOR)

    with pytest.raises(services.InterimMeasuresRequired):
        services.hazard_update_particulars(hazard=major, actor=district_official,
                                           changes={"interim_safety_measures": ""})
    with pytest.raises(services.PlanRequired):
        services.hazard_update_particulars(
            hazard=hazard, actor=district_official,
            changes={"grade": HazardGrade.MAJOR, "interim_safety_measures": "设置警戒区"})

    lowered = services.hazard_update_particulars(hazard=major, actor=district_official,
                                                 changes={"grade": HazardGrade.GENERAL})
    raised = services.hazard_update_particulars(hazard=lowered, actor=district_official,
                                                changes={"grade": HazardGrade.MAJOR})
    assert raised.grade == HazardGrade.MAJOR  # its plan and interim measures are there


def test_update_particulars_refuses_the_finding_of_a_signed_record_but_not_its_measures(
        enterprise, district_official):
    officer = factories.inspector("500102")
    hazard = factories.hazard(enterprise=enterprise, actor=officer)
    team = list(hazard.inspection.inspectors.all())
    inspection_sign(inspection=hazard.inspection, actor=officer,
                    passwords={user.pk: "pass-word-123" for user in team},
                    enterprise_representative="王厂长")
    before = snapshot(hazard)

    for changes in ({"description": "改写后的描述"}, {"grade": HazardGrade.MAJOR},
                    {"location": "别处"}, {"category": "unlawful_act"}):
        with pytest.raises(RecordSigned):
            services.hazard_update_particulars(hazard=hazard, actor=district_official,
                                               changes=changes)
    assert snapshot(hazard) == before
    updated = services.hazard_update_particulars(hazard=hazard, actor=district_official,
                                                 changes={"responsible_person": "李主任"})
    assert updated.responsible_person == "李主任"
    assert inspection_verify(inspection=hazard.inspection).matches is True


def test_update_particulars_checks_scope_and_version(enterprise, other_district_official,
                                                    district_official):
    hazard = factories.hazard(enterprise=enterprise)

    with pytest.raises(PermissionDenied):
        services.hazard_update_particulars(hazard=hazard, actor=other_district_official,
                                           changes={"location": "仓库"})
    services.hazard_update_particulars(hazard=hazard, actor=district_official,
                                       changes={"location": "仓库"})
    with pytest.raises(ConcurrentModification):
        services.hazard_update_particulars(hazard=hazard, actor=district_official,
                                           expected_version=hazard.version,
                                           changes={"location": "罐区"})


def test_events_that_keep_the_state_bump_the_version_without_a_field_history_row(
        enterprise, district_official):
    hazard = factories.hazard(enterprise=enterprise, grade=HazardGrade.MAJOR)
    history_before = hazard.history.count()
    updated_before = hazard.updated_at

    factories.major_prerequisites(hazard)  # plan_submitted: an event, from = to status

    hazard.refresh_from_db()
    assert hazard.version == 2
    # the saved row moves updated_at (incremental sync sees it); the event is the transition
    # row, so the field history gets no row for a bare version bump
    assert hazard.updated_at > updated_before
    assert hazard.transitions.filter(action="plan_submitted").count() == 1
    assert hazard.history.count() == history_before
