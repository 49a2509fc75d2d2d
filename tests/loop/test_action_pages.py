"""The action forms on the hazard page: each transition through the browser-facing views,
errors shown as form errors, stale forms refused with a conflict message."""
import datetime

import pytest
from django.urls import reverse

from core.clock import today_cst
from hazards.enums import HazardAction, HazardStatus
from tests import factories

pytestmark = pytest.mark.django_db
NEXT_WEEK = today_cst() + datetime.timedelta(days=7)


def action_url(hazard, slug):
    return reverse("hazards:action", args=[hazard.pk, slug])


def test_detail_page_shows_the_order_form_to_the_district_official(client, district_official,
                                                                    enterprise):
    hazard = factories.hazard(enterprise=enterprise)
    client.force_login(district_official)

    page = client.get(reverse("hazards:detail", args=[hazard.pk])).content.decode()

    assert 'data-action="order"' in page
    assert 'name="rectification_deadline"' in page
    assert f'name="version" value="{hazard.version}"' in page
    assert 'data-action="verify"' not in page


def test_order_form_orders_rectification_and_issues_a_numbered_order(client, district_official,
                                                                     enterprise):
    hazard = factories.hazard(enterprise=enterprise)
    client.force_login(district_official)

    response = client.post(action_url(hazard, "order"), {
        "rectification_deadline": NEXT_WEEK.isoformat(), "rectification_measures": "清理通道",
        "note": "", "version": hazard.version,
        **factories.signing_form(factories.inspector(), factories.inspector())})

    assert response.status_code == 302
    assert response["Location"] == reverse("hazards:detail", args=[hazard.pk]) + "#actions"
    hazard.refresh_from_db()
    assert (hazard.status, hazard.rectification_deadline) == (HazardStatus.RECTIFYING, NEXT_WEEK)
    order = hazard.orders.get()
    assert order.number == f"涪陵区责改〔{today_cst().year}〕1号"
    page = client.get(reverse("hazards:detail", args=[hazard.pk])).content.decode()
    assert order.number in page


def test_a_domain_error_is_shown_on_its_field(client, district_official, enterprise):
    hazard = factories.hazard(enterprise=enterprise)
    client.force_login(district_official)

    response = client.post(action_url(hazard, "order"), {
        "rectification_deadline": (today_cst() - datetime.timedelta(days=1)).isoformat(),
        "version": hazard.version})

    assert response.status_code == 200
    assert "rectification_deadline" in response.context["form"].errors
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.REPORTED


def test_a_stale_form_gets_a_409_page_with_the_current_state(client, district_official,
                                                              inspector, enterprise):
    hazard = factories.hazard(enterprise=enterprise)
    seen = hazard.version
    client.force_login(inspector)
    client.post(action_url(hazard, "close-on-spot"), {"note": "当场清理", "version": seen})
    client.force_login(district_official)

    response = client.post(action_url(hazard, "order"), {
        "rectification_deadline": NEXT_WEEK.isoformat(), "version": seen})

    assert response.status_code == 409
    page = response.content.decode()
    assert 'data-testid="conflict"' in page and "已销号" in page
    # ordering a closed hazard is no longer possible: no form is offered again
    assert response.context["form"] is None
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.CLOSED


def test_evidence_and_verification_through_the_pages(client, enterprise, enterprise_officer,
                                                     inspector, photo):
    hazard = factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise)
    client.force_login(enterprise_officer)

    response = client.post(action_url(hazard, "evidence"), {
        "description": "已清理通道", "files": [photo], "version": hazard.version})

    assert response.status_code == 302
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.PENDING_VERIFICATION
    assert [f.content_type for f in hazard.evidence_files.all()] == ["image/png"]

    client.force_login(inspector)
    response = client.post(action_url(hazard, "verify"), {
        "result": "failed", "opinion": "仍有杂物", "new_deadline": NEXT_WEEK.isoformat(),
        "version": hazard.version, **factories.signing_form(inspector, factories.inspector())})
    assert response.status_code == 302
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.RECTIFYING
    assert hazard.verifications.get().number == f"涪陵区复查〔{today_cst().year}〕1号"


def test_failed_verification_without_new_deadline_is_a_form_error(client, inspector, enterprise):
    hazard = factories.hazard_in(HazardStatus.PENDING_VERIFICATION, enterprise=enterprise)
    client.force_login(inspector)

    response = client.post(action_url(hazard, "verify"), {
        "result": "failed", "opinion": "未整改", "version": hazard.version})

    assert response.status_code == 200
    assert "new_deadline" in response.context["form"].errors


def test_self_rectification_through_the_page(client, enterprise, enterprise_officer):
    hazard = factories.hazard(enterprise=enterprise, actor=enterprise_officer,
                              kind="self_inspection")
    client.force_login(enterprise_officer)

    response = client.post(action_url(hazard, "self-rectify"), {
        "rectification_deadline": NEXT_WEEK.isoformat(), "version": hazard.version})

    assert response.status_code == 302
    hazard.refresh_from_db()
    assert hazard.transitions.last().action == HazardAction.SELF_RECTIFICATION_STARTED


def test_an_enterprise_officer_cannot_verify_through_the_page(client, enterprise,
                                                              enterprise_officer):
    hazard = factories.hazard_in(HazardStatus.PENDING_VERIFICATION, enterprise=enterprise)
    client.force_login(enterprise_officer)

    response = client.post(action_url(hazard, "verify"), {"result": "passed",
                                                           "version": hazard.version})

    assert response.status_code == 403
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.PENDING_VERIFICATION


def test_actions_on_a_hazard_outside_scope_are_404(client, other_district_official, enterprise):
    hazard = factories.hazard(enterprise=enterprise)
    client.force_login(other_district_official)

    assert client.get(action_url(hazard, "order")).status_code == 404
    assert client.post(action_url(hazard, "order"), {
        "rectification_deadline": NEXT_WEEK.isoformat()}).status_code == 404


def _cycle(hazard, officer, inspector, photo_bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from hazards import services

    hazard = services.hazard_submit_evidence(
        hazard=hazard, actor=officer, description="已整改",
        files=[SimpleUploadedFile("a.png", photo_bytes), SimpleUploadedFile("b.png", photo_bytes)])
    return services.hazard_verify(hazard=hazard, actor=inspector, passed=False, opinion="未到位",
                                  new_deadline=NEXT_WEEK,
                                  officers=factories.two_officers(hazard.district_id))


def test_hazard_page_with_the_panel_costs_the_same_queries_for_a_long_history(
        client, enterprise, enterprise_officer, inspector, django_assert_max_num_queries):
    from .conftest import png_bytes

    hazard = factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise)
    hazard = _cycle(hazard, enterprise_officer, inspector, png_bytes())
    client.force_login(inspector)
    url = reverse("hazards:detail", args=[hazard.pk])
    with django_assert_max_num_queries(60) as short:
        assert client.get(url).status_code == 200

    for _ in range(4):
        hazard = _cycle(hazard, enterprise_officer, inspector, png_bytes())

    with django_assert_max_num_queries(len(short.captured_queries)):
        assert client.get(url).status_code == 200


def test_unknown_action_is_404(client, district_official, enterprise):
    hazard = factories.hazard(enterprise=enterprise)
    client.force_login(district_official)

    assert client.get(action_url(hazard, "delete")).status_code == 404


def test_decide_and_lift_pages(client, enterprise, enterprise_officer, district_official,
                               inspector):
    from hazards import services

    hazard = factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise, grade="major")
    extension = services.hazard_request_extension(
        hazard=hazard, actor=enterprise_officer, reason="等设备",
        new_deadline=hazard.rectification_deadline + datetime.timedelta(days=5))
    supervision = services.hazard_place_supervision(hazard=hazard, actor=district_official,
                                                    authority="涪陵区安委办", letter_number="督1号")
    client.force_login(district_official)

    decide = reverse("hazards:extension_decide", args=[hazard.pk, extension.pk])
    lift = reverse("hazards:supervision_lift", args=[hazard.pk, supervision.pk])
    assert client.get(decide).status_code == 200
    # still open: lifting is not possible yet, so its form is a 403 page, also on POST
    refused = client.get(lift)
    assert refused.status_code == 403 and "销号后" in refused.content.decode()
    assert client.post(lift, {"version": supervision.version}).status_code == 403
    supervision.refresh_from_db()
    assert supervision.is_active


def test_self_rectification_of_a_major_hazard_through_the_page(client, enterprise,
                                                               enterprise_officer):
    from tests.factories import major_prerequisites

    hazard = factories.hazard(enterprise=enterprise, actor=enterprise_officer, grade="major",
                              kind="self_inspection")
    major_prerequisites(hazard, actor=enterprise_officer)
    client.force_login(enterprise_officer)
    url = action_url(hazard, "self-rectify")
    data = {"rectification_deadline": NEXT_WEEK.isoformat(), "version": hazard.version}

    refused = client.post(url, data)
    assert "interim_safety_measures" in refused.context["form"].errors

    response = client.post(url, {**data, "interim_safety_measures": "停用储罐，设警戒线"})
    assert response.status_code == 302
    hazard.refresh_from_db()
    assert (hazard.status, hazard.interim_safety_measures) == (HazardStatus.RECTIFYING,
                                                               "停用储罐，设警戒线")
