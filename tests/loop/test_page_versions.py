"""No lost updates through the pages: every action form carries the version it was shown
with (a required hidden field). Two sessions submitting from the same version: one wins, the
other gets a 409 page with the current state; a missing version is a 428 page."""
import datetime

import pytest
from django.test import Client
from django.urls import reverse

from core.clock import today_cst
from hazards import services
from hazards.enums import HazardStatus
from tests import factories

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def session(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def shown_version(response) -> str:
    return str(response.context["form"]["version"].value())


def test_two_sessions_on_the_same_hazard_one_wins_the_other_gets_a_409_page(
        enterprise, enterprise_officer, inspector):
    hazard = factories.hazard_in(HazardStatus.PENDING_VERIFICATION, enterprise=enterprise)
    second_inspector = factories.inspector("500102")
    url = reverse("hazards:action", args=[hazard.pk, "verify"])
    first, second = session(inspector), session(second_inspector)
    seen = shown_version(first.get(url))
    assert shown_version(second.get(url)) == seen == str(hazard.version)

    signing = factories.signing_form(inspector, second_inspector)
    won = first.post(url, {"result": "passed", "opinion": "合格", "version": seen, **signing})
    lost = second.post(url, {"result": "failed", "opinion": "不合格",
                             "new_deadline": (today_cst() + 9 * DAY).isoformat(),
                             "version": seen, **signing})

    assert won.status_code == 302
    assert lost.status_code == 409
    page = lost.content.decode()
    assert 'data-testid="current-state"' in page and "已销号" in page
    assert "复查合格，销号" in page  # the step that won, in the recent history
    hazard.refresh_from_db()
    assert (hazard.status, hazard.verifications.count()) == (HazardStatus.CLOSED, 1)


def test_a_conflict_keeps_what_was_typed_on_the_current_version_when_still_possible(
        enterprise, enterprise_officer, district_official):
    hazard = factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise)
    url = reverse("hazards:action", args=[hazard.pk, "request-extension"])
    officer = session(enterprise_officer)
    seen = shown_version(officer.get(url))
    # meanwhile a colleague's request was made and refused: the hazard changed, but a new
    # request is still possible
    other = factories.enterprise_officer(enterprise)
    first = services.hazard_request_extension(
        hazard=hazard, actor=other, new_deadline=hazard.rectification_deadline + DAY,
        reason="第一份")
    services.extension_decide(extension=first, actor=district_official, approve=False)

    response = officer.post(url, {"new_deadline": (hazard.rectification_deadline
                                                   + 4 * DAY).isoformat(),
                                  "reason": "我的理由", "version": seen})

    hazard.refresh_from_db()
    assert response.status_code == 409
    form = response.context["form"]
    assert form["reason"].value() == "我的理由"
    assert form["version"].value() == str(hazard.version)
    assert "已被他人处理" in form.non_field_errors()[0]
    resubmitted = officer.post(url, {"new_deadline": (hazard.rectification_deadline
                                                      + 4 * DAY).isoformat(),
                                     "reason": "我的理由", "version": hazard.version})
    assert resubmitted.status_code == 302


@pytest.mark.parametrize("version", [None, ""])
def test_a_submission_without_version_is_a_428_page(version, client, district_official,
                                                    enterprise):
    hazard = factories.hazard(enterprise=enterprise)
    client.force_login(district_official)
    data = {"rectification_deadline": (today_cst() + 7 * DAY).isoformat()}
    if version is not None:
        data["version"] = version

    response = client.post(reverse("hazards:action", args=[hazard.pk, "order"]), data)

    assert response.status_code == 428
    assert 'data-testid="precondition-required"' in response.content.decode()
    hazard.refresh_from_db()
    assert (hazard.status, hazard.version) == (HazardStatus.REPORTED, 1)


def test_a_malformed_version_is_a_400_page(client, district_official, enterprise):
    hazard = factories.hazard(enterprise=enterprise)
    client.force_login(district_official)

    response = client.post(reverse("hazards:action", args=[hazard.pk, "order"]), {
        "rectification_deadline": (today_cst() + 7 * DAY).isoformat(), "version": "1x"})

    assert response.status_code == 400
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.REPORTED


def test_two_sessions_revising_the_plan_one_gets_409(enterprise, enterprise_officer, inspector):
    hazard = factories.hazard(enterprise=enterprise, grade="major")
    factories.major_prerequisites(hazard, actor=inspector)
    url = reverse("hazards:action", args=[hazard.pk, "plan"])
    officer, staff = session(enterprise_officer), session(inspector)
    seen = shown_version(officer.get(url))
    assert shown_version(staff.get(url)) == seen
    body = {"responsibility": "王某", "funds": "500.00", "contingency_plan": "停用",
            "time_limit": (today_cst() + 9 * DAY).isoformat(), "version": seen}

    won = officer.post(url, {**body, "measures": "企业的方案"})
    lost = staff.post(url, {**body, "measures": "区县的方案"})

    assert (won.status_code, lost.status_code) == (302, 409)
    hazard.plan.refresh_from_db()
    assert (hazard.plan.measures, hazard.plan.version) == ("企业的方案", 2)


def test_two_sessions_lifting_a_listing_one_gets_409(enterprise, district_official,
                                                    city_official, inspector):
    hazard = factories.hazard(enterprise=enterprise, grade="major")
    supervision = services.hazard_place_supervision(
        hazard=hazard, actor=district_official, authority="安委办", letter_number="督3号")
    services.hazard_close_on_spot(hazard=hazard, actor=inspector, note="当场整改")
    url = reverse("hazards:supervision_lift", args=[hazard.pk, supervision.pk])
    district, city = session(district_official), session(city_official)
    seen = shown_version(district.get(url))
    assert seen == str(supervision.version) == shown_version(city.get(url))

    won = district.post(url, {"note": "区县解除", "version": seen})
    lost = city.post(url, {"note": "市级解除", "version": seen})

    assert (won.status_code, lost.status_code) == (302, 409)
    assert lost.context["form"] is None  # already lifted: nothing left to submit
    supervision.refresh_from_db()
    assert (supervision.lift_note, supervision.version) == ("区县解除", 2)


def test_a_decision_form_is_stale_once_the_hazard_changed(enterprise, enterprise_officer,
                                                          district_official):
    hazard = factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise)
    extension = services.hazard_request_extension(
        hazard=hazard, actor=enterprise_officer,
        new_deadline=hazard.rectification_deadline + 3 * DAY, reason="等设备")
    url = reverse("hazards:extension_decide", args=[hazard.pk, extension.pk])
    official = session(district_official)
    seen = shown_version(official.get(url))
    services.hazard_submit_evidence(hazard=hazard, actor=enterprise_officer,
                                    description="提前完成")

    response = official.post(url, {"decision": "approve", "version": seen})

    assert response.status_code == 409
    assert response.context["form"] is None
    assert "已失效" in response.content.decode()
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.PENDING_VERIFICATION
