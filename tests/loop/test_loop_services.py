"""The rectification loop's rules in the domain layer: numbered documents, extensions, major
hazards (plan, interim measures, supervision), evidence files and the audit trail."""
import datetime
import zoneinfo
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.clock import today_cst
from core.errors import (
    ConcurrentModification,
    DeadlineInPast,
    PermissionDenied,
    TransitionNotAllowed,
    ValidationFailed,
)
from enterprises.models import Department
from hazards import services
from hazards.enums import DocumentKind, ExtensionStatus, HazardAction, HazardStatus
from hazards.models import DocumentSequence
from tests import factories

from .conftest import HTML_BYTES, SVG_BYTES

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)
YEAR = today_cst().year
CST = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture
def fuling_bureau(fuling):
    return Department.objects.create(code="fl-yj", name="重庆市涪陵区应急管理局",
                                     kind="emergency_management", district=fuling,
                                     document_prefix="渝涪陵应急")


def order(hazard, official, **kwargs):
    kwargs.setdefault("rectification_deadline", today_cst() + 7 * DAY)
    kwargs.setdefault("officers", factories.two_officers(hazard.district_id))
    return services.hazard_order_rectification(hazard=hazard, actor=official, **kwargs)


def verify(hazard, actor, **kwargs):
    kwargs.setdefault("officers", factories.two_officers(hazard.district_id))
    return services.hazard_verify(hazard=hazard, actor=actor, **kwargs)


# --- numbered documents -------------------------------------------------------------------

def test_order_issues_a_document_numbered_by_department_and_year(fuling_bureau, enterprise,
                                                                 district_official):
    first = order(factories.hazard(enterprise=enterprise), district_official).latest_order
    second = order(factories.hazard(enterprise=enterprise), district_official).latest_order

    assert [first.number, second.number] == [f"渝涪陵应急责改〔{YEAR}〕1号",
                                             f"渝涪陵应急责改〔{YEAR}〕2号"]
    assert first.department == fuling_bureau
    assert DocumentSequence.objects.get(scope="fl-yj", kind=DocumentKind.RECTIFICATION_ORDER,
                                        year=YEAR).last_value == 2


def test_document_number_is_recorded_in_the_history(fuling_bureau, enterprise,
                                                    district_official):
    hazard = order(factories.hazard(enterprise=enterprise), district_official)

    row = hazard.transitions.get(action=HazardAction.RECTIFICATION_ORDERED)
    assert row.data["document_number"] == hazard.latest_order.number


def test_a_failed_order_does_not_use_up_a_number(fuling_bureau, enterprise, district_official):
    hazard = factories.hazard(enterprise=enterprise, grade="major")
    with pytest.raises(services.PlanRequired):
        order(hazard, district_official)

    issued = order(factories.hazard(enterprise=enterprise), district_official).latest_order

    assert issued.number == f"渝涪陵应急责改〔{YEAR}〕1号"


def test_number_pattern_is_configurable_per_department(settings, fuling_bureau, enterprise,
                                                       district_official):
    settings.HAZARD_DOCUMENT_NUMBER_PATTERNS_BY_DEPARTMENT = {
        "fl-yj": {DocumentKind.RECTIFICATION_ORDER: "{prefix}限改字〔{year}〕第{seq:03d}号"}}

    issued = order(factories.hazard(enterprise=enterprise), district_official).latest_order

    assert issued.number == f"渝涪陵应急限改字〔{YEAR}〕第001号"


def test_numbers_restart_each_year_and_are_kept_apart_per_kind(fuling_bureau, enterprise,
                                                               district_official, inspector,
                                                               time_machine):
    time_machine.move_to(datetime.datetime(2025, 12, 31, 10, 0, tzinfo=datetime.UTC))
    hazard = order(factories.hazard(enterprise=enterprise), district_official)
    hazard = services.hazard_submit_evidence(hazard=hazard, actor=inspector, description="已整改")
    hazard = verify(hazard, inspector, passed=True, opinion="合格")
    time_machine.move_to(datetime.datetime(2026, 1, 2, 10, 0, tzinfo=datetime.UTC))
    next_year = order(factories.hazard(enterprise=enterprise), district_official)

    assert hazard.orders.get().number == "渝涪陵应急责改〔2025〕1号"
    assert hazard.verifications.get().number == "渝涪陵应急复查〔2025〕1号"
    assert next_year.latest_order.number == "渝涪陵应急责改〔2026〕1号"


def test_order_records_two_officers_with_badges(enterprise, district_official):
    first = factories.inspector("500102")
    second = factories.inspector("500102")
    hazard = factories.hazard(enterprise=enterprise)

    issued = order(hazard, district_official,
                   officers=factories.signatures(first, second)).latest_order

    assert issued.officers == [{"name": str(first), "badge_number": first.badge_number},
                               {"name": str(second), "badge_number": second.badge_number}]
    assert issued.has_two_officers
    assert issued.items[0]["description"] == hazard.description


def test_order_names_no_officer_who_did_not_sign_it(enterprise, district_official):
    # the inspection's inspectors are not put on the order in their absence (谁签名)
    hazard = factories.hazard(enterprise=enterprise)
    a, b = factories.inspector("500102"), factories.inspector("500102")
    hazard.inspection.inspectors.set([a, b])

    with pytest.raises(ValidationFailed) as caught:
        order(hazard, district_official, officers=None)

    assert caught.value.field == "officers"
    assert not hazard.orders.exists()


@pytest.mark.parametrize("problem", ["one", "no_badge", "other_district"])
def test_order_refuses_bad_officers(problem, enterprise, district_official, wanzhou):
    good = factories.inspector("500102")
    other = {"one": None, "no_badge": factories.inspector("500102", badge_number=""),
             "other_district": factories.inspector("500101")}[problem]
    hazard = factories.hazard(enterprise=enterprise)

    with pytest.raises(ValidationFailed) as caught:
        order(hazard, district_official,
              officers=factories.signatures(good, *([other] if other else [])))

    assert caught.value.field == "officers"
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.REPORTED


def test_two_officers_are_mandatory_by_default(enterprise, district_official):
    hazard = factories.hazard(enterprise=enterprise)
    hazard.inspection.inspectors.clear()

    with pytest.raises(ValidationFailed) as caught:
        order(hazard, district_official, officers=None)

    assert caught.value.field == "officers"


def test_the_two_officer_rule_can_be_relaxed(settings, enterprise, district_official):
    settings.HAZARD_DOCUMENTS_REQUIRE_TWO_OFFICERS = False
    hazard = factories.hazard(enterprise=enterprise)
    hazard.inspection.inspectors.clear()

    issued = order(hazard, district_official, officers=None).latest_order

    assert not issued.has_two_officers


# --- extensions ---------------------------------------------------------------------------

def test_extension_requested_and_approved_moves_the_deadline(enterprise, enterprise_officer,
                                                             district_official):
    hazard = factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise)
    old = hazard.rectification_deadline

    extension = services.hazard_request_extension(
        hazard=hazard, actor=enterprise_officer, new_deadline=old + 14 * DAY, reason="设备到货延迟")
    services.extension_decide(extension=extension, actor=district_official, approve=True,
                              note="同意")

    hazard.refresh_from_db()
    extension.refresh_from_db()
    assert hazard.rectification_deadline == old + 14 * DAY
    assert (extension.status, extension.decided_by) == (ExtensionStatus.APPROVED,
                                                        district_official)
    steps = [(t.action, t.data.get("old_deadline"), t.data.get("new_deadline")
              or t.data.get("requested_deadline")) for t in hazard.transitions.all()][-2:]
    assert steps == [
        (HazardAction.EXTENSION_REQUESTED, old.isoformat(), (old + 14 * DAY).isoformat()),
        (HazardAction.DEADLINE_EXTENDED, old.isoformat(), (old + 14 * DAY).isoformat()),
    ]


def test_refused_extension_keeps_the_deadline_and_the_record(enterprise, enterprise_officer,
                                                             district_official):
    hazard = factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise)
    old = hazard.rectification_deadline
    extension = services.hazard_request_extension(
        hazard=hazard, actor=enterprise_officer, new_deadline=old + DAY, reason="人手不足")

    services.extension_decide(extension=extension, actor=district_official, approve=False,
                              note="理由不充分")

    hazard.refresh_from_db()
    assert hazard.rectification_deadline == old
    assert hazard.transitions.last().action == HazardAction.EXTENSION_REFUSED
    extension.refresh_from_db()
    assert extension.status == ExtensionStatus.REFUSED
    with pytest.raises(TransitionNotAllowed):
        services.extension_decide(extension=extension, actor=district_official, approve=True)


def test_extension_must_be_requested_before_the_deadline_passes(enterprise, enterprise_officer,
                                                                time_machine):
    hazard = factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise,
                                 deadline=today_cst() + DAY)
    # on the deadline day itself it is still in time
    time_machine.move_to(datetime.datetime.combine(today_cst() + DAY, datetime.time(23, 30),
                                                   tzinfo=CST))
    services.hazard_request_extension(hazard=hazard, actor=enterprise_officer,
                                      new_deadline=today_cst() + 10 * DAY, reason="等待检测")
    hazard2 = factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise,
                                  deadline=today_cst())
    time_machine.move_to(datetime.datetime.combine(today_cst() + DAY, datetime.time(0, 5),
                                                   tzinfo=CST))

    with pytest.raises(TransitionNotAllowed):
        services.hazard_request_extension(hazard=hazard2, actor=enterprise_officer,
                                          new_deadline=today_cst() + 10 * DAY, reason="来不及")


def test_extension_rules(enterprise, enterprise_officer, district_official, inspector):
    hazard = factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise)
    later = hazard.rectification_deadline + 5 * DAY

    with pytest.raises(PermissionDenied):  # only the enterprise asks
        services.hazard_request_extension(hazard=hazard, actor=inspector, new_deadline=later,
                                          reason="x")
    with pytest.raises(ValidationFailed):  # must be later than now
        services.hazard_request_extension(hazard=hazard, actor=enterprise_officer,
                                          new_deadline=hazard.rectification_deadline,
                                          reason="x")
    with pytest.raises(ValidationFailed):
        services.hazard_request_extension(hazard=hazard, actor=enterprise_officer,
                                          new_deadline=later, reason=" ")
    extension = services.hazard_request_extension(hazard=hazard, actor=enterprise_officer,
                                                  new_deadline=later, reason="x")
    with pytest.raises(TransitionNotAllowed):  # one pending at a time
        services.hazard_request_extension(hazard=hazard, actor=enterprise_officer,
                                          new_deadline=later + DAY, reason="y")
    with pytest.raises(PermissionDenied):  # inspectors do not decide
        services.extension_decide(extension=extension, actor=inspector, approve=True)
    with pytest.raises(PermissionDenied):
        services.extension_decide(extension=extension, actor=inspector, approve=False)
    reported = factories.hazard(enterprise=enterprise)
    with pytest.raises(TransitionNotAllowed):
        services.hazard_request_extension(hazard=reported, actor=enterprise_officer,
                                          new_deadline=later, reason="x")


# --- major hazards ------------------------------------------------------------------------

def plan(hazard, actor, **kwargs):
    values = {"responsibility": "王厂长", "measures": "更换储罐阀门", "funds": Decimal("58000.50"),
              "time_limit": today_cst() + 20 * DAY, "contingency_plan": "泄漏应急预案"}
    values.update(kwargs)
    return services.hazard_submit_plan(hazard=hazard, actor=actor, **values)


def test_major_hazard_needs_a_plan_before_the_order(enterprise, district_official,
                                                    enterprise_officer):
    hazard = factories.hazard(enterprise=enterprise, grade="major",
                              interim_safety_measures="停用储罐")

    with pytest.raises(services.PlanRequired):
        order(hazard, district_official)
    plan(hazard, enterprise_officer)
    hazard = order(hazard, district_official)

    assert hazard.status == HazardStatus.RECTIFYING
    assert hazard.plan.funds == Decimal("58000.50")


def test_major_hazard_needs_interim_measures_while_open(enterprise, district_official, inspector):
    hazard = factories.hazard(enterprise=enterprise, grade="major")
    plan(hazard, inspector)

    with pytest.raises(services.InterimMeasuresRequired) as caught:
        order(hazard, district_official)
    assert caught.value.field == "interim_safety_measures"

    hazard = order(hazard, district_official, interim_safety_measures="设警戒区，24小时值守")
    assert hazard.interim_safety_measures == "设警戒区，24小时值守"


def test_self_rectification_of_a_major_hazard_needs_a_plan(enterprise, enterprise_officer):
    hazard = factories.hazard(enterprise=enterprise, grade="major", actor=enterprise_officer,
                              kind="self_inspection", interim_safety_measures="停产")

    with pytest.raises(services.PlanRequired):
        services.hazard_start_self_rectification(
            hazard=hazard, actor=enterprise_officer, rectification_deadline=today_cst() + DAY)


def test_plan_rules(enterprise, enterprise_officer, other_district_official):
    general = factories.hazard(enterprise=enterprise)
    with pytest.raises(ValidationFailed):
        plan(general, enterprise_officer)
    major = factories.hazard(enterprise=enterprise, grade="major")
    with pytest.raises(ValidationFailed):
        plan(major, enterprise_officer, funds=Decimal("-1"))
    with pytest.raises(ValidationFailed):
        plan(major, enterprise_officer, contingency_plan="")
    with pytest.raises(DeadlineInPast):
        plan(major, enterprise_officer, time_limit=today_cst() - DAY)
    with pytest.raises(PermissionDenied):
        plan(major, other_district_official)


def test_plan_revision_keeps_history(enterprise, enterprise_officer):
    hazard = factories.hazard(enterprise=enterprise, grade="major")
    plan(hazard, enterprise_officer)

    revised = plan(hazard, enterprise_officer, funds=Decimal("60000"))

    assert revised.funds == Decimal("60000")
    assert [h.funds for h in revised.history.order_by("history_date")] == [
        Decimal("58000.50"), Decimal("60000.00")]


def test_supervision_placed_and_lifted_only_after_closure(enterprise, district_official,
                                                          city_official, inspector):
    hazard = factories.hazard_in(HazardStatus.PENDING_VERIFICATION, enterprise=enterprise,
                                 grade="major")
    supervision = services.hazard_place_supervision(
        hazard=hazard, actor=city_official, authority="重庆市安全生产委员会办公室",
        letter_number="渝安办督〔2026〕3号")

    with pytest.raises(TransitionNotAllowed):
        services.supervision_lift(supervision=supervision, actor=district_official)
    with pytest.raises(TransitionNotAllowed):
        services.hazard_place_supervision(hazard=hazard, actor=district_official,
                                          authority="涪陵区安委办", letter_number="x")
    hazard = verify(hazard, inspector, passed=True, opinion="合格")
    lifted = services.supervision_lift(supervision=supervision, actor=district_official,
                                       note="已销号")

    assert lifted.lifted_on == today_cst()
    actions = [t.action for t in hazard.transitions.all()]
    assert actions[-3:] == [HazardAction.SUPERVISION_PLACED, HazardAction.VERIFICATION_PASSED,
                            HazardAction.SUPERVISION_LIFTED]


def test_supervision_rules(enterprise, inspector, enterprise_officer, other_district_official):
    general = factories.hazard(enterprise=enterprise)
    major = factories.hazard(enterprise=enterprise, grade="major")

    for actor in (inspector, enterprise_officer, other_district_official):
        with pytest.raises(PermissionDenied):
            services.hazard_place_supervision(hazard=major, actor=actor, authority="a",
                                              letter_number="b")
    with pytest.raises(ValidationFailed):
        services.hazard_place_supervision(hazard=general,
                                          actor=factories.district_official("500102"),
                                          authority="a", letter_number="b")


# --- re-inspection ------------------------------------------------------------------------

def test_failed_reinspection_records_old_and_new_deadline_and_a_number(enterprise, inspector):
    hazard = factories.hazard_in(HazardStatus.PENDING_VERIFICATION, enterprise=enterprise)
    old = hazard.rectification_deadline

    hazard = verify(hazard, inspector, passed=False, opinion="未更换",
                    new_deadline=old + 3 * DAY)

    verification = hazard.latest_verification
    assert (verification.old_deadline, verification.new_deadline) == (old, old + 3 * DAY)
    assert verification.number == f"涪陵区复查〔{YEAR}〕1号"
    assert hazard.status == HazardStatus.RECTIFYING


def test_self_found_hazard_still_needs_district_reinspection(enterprise, enterprise_officer):
    hazard = factories.hazard(enterprise=enterprise, actor=enterprise_officer,
                              kind="self_inspection")
    hazard = services.hazard_start_self_rectification(
        hazard=hazard, actor=enterprise_officer, rectification_deadline=today_cst() + DAY)
    hazard = services.hazard_submit_evidence(hazard=hazard, actor=enterprise_officer,
                                             description="已整改")

    with pytest.raises(PermissionDenied):
        services.hazard_verify(hazard=hazard, actor=enterprise_officer, passed=True)
    # the role is checked before the state: an enterprise may never close on the spot
    with pytest.raises(PermissionDenied):
        services.hazard_close_on_spot(hazard=hazard, actor=enterprise_officer, note="好了")


# --- evidence files -----------------------------------------------------------------------

def test_evidence_files_are_stored_with_their_detected_type(enterprise, enterprise_officer,
                                                           photo, pdf_file):
    hazard = factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise)

    hazard = services.hazard_submit_evidence(hazard=hazard, actor=enterprise_officer,
                                             description="已更换", files=[photo, pdf_file])

    stored = list(hazard.latest_evidence.files.order_by("id"))
    assert [(f.original_name, f.content_type, f.extension) for f in stored] == [
        ("现场照片.png", "image/png", "png"), ("整改报告.pdf", "application/pdf", "pdf")]
    assert stored[0].file.name.startswith("evidence/") and stored[0].file.name.endswith(".png")
    assert len(stored[0].sha256) == 64


@pytest.mark.parametrize("content", [HTML_BYTES, SVG_BYTES, b"plain text", b"GIF89a\x01\x00"])
def test_a_file_with_a_faked_extension_is_refused(content, enterprise, enterprise_officer):
    hazard = factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise)
    faked = SimpleUploadedFile("photo.jpg", content, content_type="image/jpeg")

    with pytest.raises(ValidationFailed) as caught:
        services.hazard_submit_evidence(hazard=hazard, actor=enterprise_officer,
                                        description="已更换", files=[faked])

    assert caught.value.field == "files"
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.RECTIFYING
    assert hazard.evidence.count() == 0


def test_a_file_over_the_size_limit_is_refused(settings, enterprise, enterprise_officer, photo):
    settings.HAZARD_EVIDENCE_MAX_BYTES = 10
    hazard = factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise)

    with pytest.raises(ValidationFailed, match="大小"):
        services.hazard_submit_evidence(hazard=hazard, actor=enterprise_officer,
                                        description="已更换", files=[photo])


# --- audit trail and concurrency ----------------------------------------------------------

def test_hazard_field_changes_are_in_simple_history(enterprise, district_official):
    hazard = factories.hazard(enterprise=enterprise)

    hazard = order(hazard, district_official, rectification_measures="清理通道")

    records = list(hazard.history.order_by("history_date"))
    assert [r.status for r in records] == [HazardStatus.REPORTED, HazardStatus.RECTIFYING]
    delta = records[1].diff_against(records[0])
    assert {"status", "rectification_deadline", "rectification_measures"} <= set(
        delta.changed_fields)


def test_loop_events_bump_the_version(enterprise, enterprise_officer, district_official):
    hazard = factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise)
    seen = hazard.version
    services.hazard_request_extension(hazard=hazard, actor=enterprise_officer,
                                      new_deadline=hazard.rectification_deadline + DAY,
                                      reason="x")

    with pytest.raises(ConcurrentModification):
        services.hazard_submit_evidence(hazard=hazard, actor=enterprise_officer,
                                        description="已整改", expected_version=seen)
