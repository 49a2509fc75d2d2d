"""The hazard life cycle: every legal transition, every illegal one, and who may act."""
import datetime

import pytest

from core.clock import today_cst
from core.errors import (
    ConcurrentModification,
    DeadlineInPast,
    PermissionDenied,
    TransitionNotAllowed,
    ValidationFailed,
)
from hazards import services
from hazards.enums import HazardAction, HazardStatus
from hazards.rules import TRANSITIONS
from tests import factories

pytestmark = pytest.mark.django_db
NEXT_WEEK = datetime.timedelta(days=7)


def perform(action, hazard, actor):
    """Call the service behind ``action`` with valid input."""
    deadline = today_cst() + NEXT_WEEK
    match action:
        case HazardAction.RECTIFICATION_ORDERED:
            return services.hazard_order_rectification(
                hazard=hazard, actor=actor, rectification_deadline=deadline,
                officers=factories.two_officers(hazard.district_id))
        case HazardAction.SELF_RECTIFICATION_STARTED:
            return services.hazard_start_self_rectification(hazard=hazard, actor=actor,
                                                            rectification_deadline=deadline)
        case HazardAction.EVIDENCE_SUBMITTED:
            return services.hazard_submit_evidence(hazard=hazard, actor=actor,
                                                   description="已更换灭火器")
        case HazardAction.VERIFICATION_PASSED:
            return services.hazard_verify(hazard=hazard, actor=actor, passed=True, opinion="合格",
                                          officers=factories.two_officers(hazard.district_id))
        case HazardAction.VERIFICATION_FAILED:
            return services.hazard_verify(hazard=hazard, actor=actor, passed=False,
                                          opinion="仍未整改", new_deadline=deadline,
                                          officers=factories.two_officers(hazard.district_id))
        case HazardAction.CLOSED_ON_SPOT:
            return services.hazard_close_on_spot(hazard=hazard, actor=actor, note="当场整改")
    raise AssertionError(action)


def rightful_actor(action, hazard):
    if action in (HazardAction.SELF_RECTIFICATION_STARTED, HazardAction.EVIDENCE_SUBMITTED):
        return factories.enterprise_officer(hazard.enterprise)
    if action in (HazardAction.RECTIFICATION_ORDERED, HazardAction.DEADLINE_EXTENDED):
        return factories.district_official(hazard.district_id)
    return factories.inspector(hazard.district_id)


SERVICE_ACTIONS = [a for a in TRANSITIONS if a != HazardAction.DEADLINE_EXTENDED]


@pytest.mark.parametrize("action", SERVICE_ACTIONS)
@pytest.mark.parametrize("status", list(HazardStatus))
def test_transition_table_is_enforced(action, status):
    kind = ("self_inspection" if action == HazardAction.SELF_RECTIFICATION_STARTED
            else "enforcement")
    enterprise = factories.EnterpriseFactory()
    actor_for_registering = (factories.enterprise_officer(enterprise) if kind == "self_inspection"
                             else None)
    hazard = factories.hazard_in(status, enterprise=enterprise, kind=kind,
                                 actor=actor_for_registering)
    allowed_from, to_status = TRANSITIONS[action]
    actor = rightful_actor(action, hazard)
    history_before = hazard.transitions.count()

    if status in allowed_from:
        result = perform(action, hazard, actor)
        assert result.status == to_status
        last = result.transitions.last()
        assert (last.action, last.from_status, last.to_status, last.actor) == (
            action, status, to_status, actor)
    else:
        with pytest.raises(TransitionNotAllowed):
            perform(action, hazard, actor)
        hazard.refresh_from_db()
        assert hazard.status == status
        assert hazard.transitions.count() == history_before


def test_full_loop_records_each_step_with_its_actor(enterprise, inspector, district_official,
                                                    enterprise_officer):
    hazard = factories.hazard(enterprise=enterprise, actor=inspector)
    deadline = today_cst() + NEXT_WEEK

    team = factories.two_officers()
    hazard = services.hazard_order_rectification(hazard=hazard, actor=district_official,
                                                 rectification_deadline=deadline, officers=team)
    hazard = services.hazard_submit_evidence(hazard=hazard, actor=enterprise_officer,
                                             description="已清理通道")
    hazard = services.hazard_verify(hazard=hazard, actor=district_official, passed=False,
                                    opinion="仍有杂物", new_deadline=deadline, officers=team)
    hazard = services.hazard_submit_evidence(hazard=hazard, actor=enterprise_officer,
                                             description="再次清理")
    hazard = services.hazard_verify(hazard=hazard, actor=inspector, passed=True, opinion="合格",
                                    officers=team)

    assert hazard.status == HazardStatus.CLOSED
    assert hazard.closed_at is not None
    steps = [(t.action, t.actor_id) for t in hazard.transitions.all()]
    assert steps == [
        (HazardAction.REGISTERED, inspector.pk),
        (HazardAction.RECTIFICATION_ORDERED, district_official.pk),
        (HazardAction.EVIDENCE_SUBMITTED, enterprise_officer.pk),
        (HazardAction.VERIFICATION_FAILED, district_official.pk),
        (HazardAction.EVIDENCE_SUBMITTED, enterprise_officer.pk),
        (HazardAction.VERIFICATION_PASSED, inspector.pk),
    ]
    assert [v.result for v in hazard.verifications.all()] == ["failed", "passed"]
    assert hazard.evidence.count() == 2


def test_enterprise_cannot_close_or_verify_its_own_hazard(enterprise, enterprise_officer):
    hazard = factories.hazard_in(HazardStatus.PENDING_VERIFICATION, enterprise=enterprise)

    with pytest.raises(PermissionDenied):
        services.hazard_verify(hazard=hazard, actor=enterprise_officer, passed=True)

    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.PENDING_VERIFICATION


def test_enterprise_cannot_self_rectify_a_regulator_finding(enterprise, enterprise_officer):
    hazard = factories.hazard(enterprise=enterprise)

    with pytest.raises(PermissionDenied):
        services.hazard_start_self_rectification(
            hazard=hazard, actor=enterprise_officer,
            rectification_deadline=today_cst() + NEXT_WEEK)


@pytest.mark.parametrize("persona", ["other_district_official", "other_inspector",
                                     "enterprise_officer", "inspector", "city_official"])
def test_only_the_districts_official_orders_rectification(persona, request, enterprise):
    hazard = factories.hazard(enterprise=factories.EnterpriseFactory(district=enterprise.district))
    actor = request.getfixturevalue(persona)

    with pytest.raises(PermissionDenied):
        services.hazard_order_rectification(hazard=hazard, actor=actor,
                                            rectification_deadline=today_cst() + NEXT_WEEK)


def test_order_refuses_a_deadline_in_the_past(district_official, enterprise):
    hazard = factories.hazard(enterprise=enterprise)

    with pytest.raises(DeadlineInPast) as caught:
        services.hazard_order_rectification(
            hazard=hazard, actor=district_official,
            rectification_deadline=today_cst() - datetime.timedelta(days=1))

    assert caught.value.field == "rectification_deadline"
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.REPORTED


def test_failed_verification_needs_a_new_deadline(inspector, enterprise):
    hazard = factories.hazard_in(HazardStatus.PENDING_VERIFICATION, enterprise=enterprise)

    with pytest.raises(ValidationFailed) as caught:
        services.hazard_verify(hazard=hazard, actor=inspector, passed=False, opinion="未整改")

    assert caught.value.field == "new_deadline"


def test_stale_version_is_a_conflict(district_official, enterprise):
    hazard = factories.hazard(enterprise=enterprise)
    seen_version = hazard.version
    services.hazard_close_on_spot(hazard=hazard, actor=factories.inspector(), note="已整改")

    with pytest.raises(ConcurrentModification):
        services.hazard_order_rectification(
            hazard=hazard, actor=district_official, expected_version=seen_version,
            rectification_deadline=today_cst() + NEXT_WEEK)


def test_history_rows_are_append_only(enterprise):
    hazard = factories.hazard(enterprise=enterprise)
    row = hazard.transitions.get()
    row.note = "篡改"

    with pytest.raises(Exception, match="append-only"):
        row.save()
    with pytest.raises(Exception, match="append-only"):
        row.delete()


def test_a_criterion_makes_the_finding_major(enterprise):
    from enterprises.models import Sector
    from inspections.models import HazardCriterion, HazardStandard

    standard = HazardStandard.objects.create(sector=Sector.objects.first(), code="chem-2017",
                                             title="化工判定标准")
    criterion = HazardCriterion.objects.create(standard=standard, number="1", text="……")

    hazard = factories.hazard(enterprise=enterprise, grade="general", criterion=criterion)

    assert hazard.grade == "major"


def test_reinspection_cannot_predate_the_evidence(inspector, enterprise):
    hazard = factories.hazard_in(HazardStatus.PENDING_VERIFICATION, enterprise=enterprise)

    with pytest.raises(ValidationFailed) as caught:
        services.hazard_verify(hazard=hazard, actor=inspector, passed=True,
                               verified_on=datetime.date(1900, 1, 1))

    assert caught.value.field == "verified_on"
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.PENDING_VERIFICATION


def test_free_text_is_limited_in_the_domain(inspector, enterprise):
    with pytest.raises(ValidationFailed) as caught:
        factories.hazard(enterprise=enterprise, description="隐" * 2001)

    assert caught.value.field == "description"


def test_bidi_controls_are_removed_from_findings(enterprise):
    hazard = factories.hazard(enterprise=enterprise, description="附件 \u202egnp.exe",
                              location="车间\u2066A\u2069")

    assert (hazard.description, hazard.location) == ("附件 gnp.exe", "车间A")
