"""Deadlines move only by rule: an extension request applies only to the deadline it was
requested against. It lapses (with a history row) when rectification ends, and a decision on
it after a failed re-inspection set a new deadline is refused with 409 naming the dates; the
later deadline stays."""
import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from core.clock import today_cst
from hazards import services
from hazards.enums import ExtensionStatus, HazardAction, HazardStatus
from hazards.errors import ExtensionLapsed
from hazards.models import DeadlineExtension
from tests import factories

from ..api.conftest import token_client

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


@pytest.fixture
def stale_request(enterprise, enterprise_officer, inspector):
    """The stale-extension sequence up to the decision: a request against the first deadline
    (today + 7), evidence, a failed re-inspection that sets a later deadline (today + 20).
    ``extension.seen_version`` is the hazard's version right after the request, as the
    approver saw it then."""
    hazard = factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise,
                                 deadline=today_cst() + 7 * DAY)
    extension = services.hazard_request_extension(
        hazard=hazard, actor=enterprise_officer, new_deadline=today_cst() + 14 * DAY,
        reason="等设备到货")
    extension.seen_version = extension.hazard.version
    hazard = services.hazard_submit_evidence(hazard=hazard, actor=enterprise_officer,
                                             description="已整改")
    hazard = services.hazard_verify(hazard=hazard, actor=inspector, passed=False,
                                    opinion="未到位", new_deadline=today_cst() + 20 * DAY,
                                    officers=factories.two_officers())
    return hazard, extension


def test_pending_request_lapses_with_a_history_row_when_evidence_is_submitted(
        enterprise, enterprise_officer):
    hazard = factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise)
    extension = services.hazard_request_extension(
        hazard=hazard, actor=enterprise_officer,
        new_deadline=hazard.rectification_deadline + 5 * DAY, reason="等设备")

    services.hazard_submit_evidence(hazard=hazard, actor=enterprise_officer,
                                    description="已整改")

    extension.refresh_from_db()
    assert (extension.status, extension.decided_by) == (ExtensionStatus.LAPSED, None)
    assert extension.decided_at is not None and "提交整改材料" in extension.decision_note
    rows = list(hazard.transitions.order_by("at", "id"))
    assert [r.action for r in rows[-2:]] == [HazardAction.EVIDENCE_SUBMITTED,
                                             HazardAction.EXTENSION_LAPSED]
    lapse = rows[-1]
    assert lapse.actor is None
    assert lapse.data == {"extension_id": extension.pk,
                          "old_deadline": extension.old_deadline.isoformat(),
                          "requested_deadline": extension.requested_deadline.isoformat(),
                          "current_deadline": hazard.rectification_deadline.isoformat(),
                          "cause": HazardAction.EVIDENCE_SUBMITTED}


def test_stale_extension_approval_is_refused_naming_the_dates_and_the_later_deadline_stays(
        stale_request, district_official):
    hazard, extension = stale_request

    with pytest.raises(ExtensionLapsed) as refused:
        services.extension_decide(extension=extension, actor=district_official, approve=True,
                                  expected_version=hazard.version)

    assert refused.value.status_code == 409
    old, later = (today_cst() + 7 * DAY).isoformat(), (today_cst() + 20 * DAY).isoformat()
    assert old in refused.value.message and later in refused.value.message
    hazard.refresh_from_db()
    assert hazard.rectification_deadline == today_cst() + 20 * DAY
    assert not hazard.transitions.filter(action=HazardAction.DEADLINE_EXTENDED).exists()


def test_a_pending_request_whose_deadline_moved_is_closed_by_the_decision(
        enterprise, enterprise_officer, district_official):
    """Data from before the lapse rule (see migration 0007): a pending request against a
    deadline that is no longer the hazard's. Deciding it closes it and changes nothing."""
    hazard = factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise,
                                 deadline=today_cst() + 10 * DAY)
    legacy = DeadlineExtension.objects.create(
        hazard=hazard, old_deadline=today_cst() + 3 * DAY,
        requested_deadline=today_cst() + 30 * DAY, reason="旧申请",
        requested_by=enterprise_officer)
    version = hazard.version

    with pytest.raises(ExtensionLapsed) as refused:
        services.extension_decide(extension=legacy, actor=district_official, approve=True,
                                  expected_version=version)

    assert (today_cst() + 3 * DAY).isoformat() in refused.value.message
    assert (today_cst() + 10 * DAY).isoformat() in refused.value.message
    legacy.refresh_from_db()
    hazard.refresh_from_db()
    assert legacy.status == ExtensionStatus.LAPSED and legacy.decided_by is None
    assert hazard.rectification_deadline == today_cst() + 10 * DAY
    assert hazard.version == version + 1
    lapse = hazard.transitions.get(action=HazardAction.EXTENSION_LAPSED)
    assert lapse.data["cause"] == "deadline_changed"


def test_stale_extension_sequence_through_the_api(stale_request, district_official):
    hazard, extension = stale_request
    api = token_client(district_official)
    url = f"/api/v1/extensions/{extension.pk}/decide/"

    # the approver read the request before the re-inspection: a stale version
    stale = api.post(url, {"approve": True}, format="json",
                     HTTP_IF_MATCH=f'"{extension.seen_version}"')
    # the approver reads it again: the request has lapsed, the reason names the dates
    etag = api.get(f"/api/v1/extensions/{extension.pk}/")["ETag"]
    fresh = api.post(url, {"approve": True}, format="json", HTTP_IF_MATCH=etag)

    assert (stale.status_code, stale.json()["code"]) == (409, "conflict")
    assert stale.json()["current"]["status"] == ExtensionStatus.LAPSED
    assert (fresh.status_code, fresh.json()["code"]) == (409, "extension_lapsed")
    assert (today_cst() + 20 * DAY).isoformat() in fresh.json()["detail"]
    hazard.refresh_from_db()
    assert hazard.rectification_deadline == today_cst() + 20 * DAY


def test_stale_extension_sequence_through_the_pages(stale_request, client, district_official):
    hazard, extension = stale_request
    url = reverse("hazards:extension_decide", args=[hazard.pk, extension.pk])
    client.force_login(district_official)

    form_page = client.get(url)
    response = client.post(url, {"decision": "approve", "version": hazard.version})

    assert form_page.status_code == 403
    assert (today_cst() + 20 * DAY).isoformat() in form_page.content.decode()
    assert response.status_code == 403
    detail = client.get(reverse("hazards:detail", args=[hazard.pk])).content.decode()
    assert 'data-action="decide-extension"' not in detail
    hazard.refresh_from_db()
    assert hazard.rectification_deadline == today_cst() + 20 * DAY


def test_a_new_request_is_possible_against_the_new_deadline(stale_request, enterprise_officer,
                                                            district_official):
    hazard, _old = stale_request

    extension = services.hazard_request_extension(
        hazard=hazard, actor=enterprise_officer, new_deadline=today_cst() + 25 * DAY,
        reason="再等一周", expected_version=hazard.version)
    services.extension_decide(extension=extension, actor=district_official, approve=True,
                              expected_version=hazard.version + 1)

    hazard.refresh_from_db()
    assert extension.old_deadline == today_cst() + 20 * DAY
    assert hazard.rectification_deadline == today_cst() + 25 * DAY


def test_lapsed_request_names_no_decider_by_constraint(enterprise, enterprise_officer,
                                                      district_official):
    hazard = factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise)

    with pytest.raises(IntegrityError), transaction.atomic():
        DeadlineExtension.objects.create(
            hazard=hazard, old_deadline=hazard.rectification_deadline,
            requested_deadline=hazard.rectification_deadline + DAY, reason="x",
            requested_by=enterprise_officer, status=ExtensionStatus.LAPSED,
            decided_at=timezone.now(), decided_by=district_official)
    with pytest.raises(IntegrityError), transaction.atomic():
        DeadlineExtension.objects.create(
            hazard=hazard, old_deadline=hazard.rectification_deadline,
            requested_deadline=hazard.rectification_deadline + DAY, reason="x",
            requested_by=enterprise_officer, status=ExtensionStatus.APPROVED,
            decided_at=timezone.now(), decided_by=None)


def test_migration_lapses_legacy_pending_requests(enterprise, enterprise_officer):
    """0007: pending requests on hazards no longer rectifying, or against another deadline,
    are lapsed with a history row; a valid pending request is left alone."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "hazards.migrations.0010_lapse_stale_extension_requests")
    valid_hazard = factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise)
    valid = services.hazard_request_extension(
        hazard=valid_hazard, actor=enterprise_officer,
        new_deadline=valid_hazard.rectification_deadline + DAY, reason="合理")
    pending_hazard = factories.hazard_in(HazardStatus.PENDING_VERIFICATION,
                                         enterprise=enterprise)
    legacy = DeadlineExtension.objects.create(
        hazard=pending_hazard, old_deadline=pending_hazard.rectification_deadline,
        requested_deadline=pending_hazard.rectification_deadline + DAY, reason="旧",
        requested_by=enterprise_officer)

    migration.lapse_stale_requests(apps, None)

    valid.refresh_from_db()
    legacy.refresh_from_db()
    assert valid.status == ExtensionStatus.REQUESTED
    assert legacy.status == ExtensionStatus.LAPSED
    assert pending_hazard.transitions.filter(action=HazardAction.EXTENSION_LAPSED).count() == 1
