"""One predicate per action, seen from the outside (pages and API): the right role sees the
button and can act; the wrong role (who may see the hazard) gets 403 on GET and POST of the
page and 403 from the API; a stranger gets 404 everywhere. The page, the button and the API
agree because they ask the same predicate (hazards.rules)."""
import datetime
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from core.clock import today_cst
from hazards import services
from hazards.enums import HazardStatus
from tests import factories

from ..api.conftest import token_client

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)
LATER = (today_cst() + 9 * DAY).isoformat()


@dataclass
class Case:
    """An action on one object: its page URL and form data, its API URL and body, and the
    version the form must carry."""

    hazard: object
    page_url: str
    api_url: str
    data: dict
    version: int
    api_status: int = 200


def _hazard_case(slug, api_path, hazard, data, api_status=200):
    return Case(hazard, reverse("hazards:action", args=[hazard.pk, slug]),
                f"/api/v1/hazards/{hazard.pk}/{api_path}/", data, hazard.version, api_status)


def _signing(district_code="500102") -> dict:
    """Two badge-holding officers confirming the document: the page's fields and the API's
    ``officers`` (each part ignored by the other entry point)."""
    first, second = factories.inspector(district_code), factories.inspector(district_code)
    return {**factories.signing_form(first, second),
            "officers": factories.officers_json(first, second)}


def order(enterprise):
    hazard = factories.hazard(enterprise=enterprise)
    return _hazard_case("order", "order-rectification", hazard,
                        {"rectification_deadline": LATER, **_signing()})


def self_rectify(enterprise):
    officer = factories.enterprise_officer(enterprise)
    hazard = factories.hazard(enterprise=enterprise, actor=officer, kind="self_inspection")
    return _hazard_case("self-rectify", "start-self-rectification", hazard,
                        {"rectification_deadline": LATER})


def evidence(enterprise):
    hazard = factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise)
    return _hazard_case("evidence", "submit-evidence", hazard, {"description": "已整改"})


def verify(enterprise):
    hazard = factories.hazard_in(HazardStatus.PENDING_VERIFICATION, enterprise=enterprise)
    return _hazard_case("verify", "verify", hazard,
                        {"result": "passed", "opinion": "合格", **_signing()})


def close_on_spot(enterprise):
    hazard = factories.hazard(enterprise=enterprise)
    return _hazard_case("close-on-spot", "close-on-spot", hazard, {"note": "当场清理"})


def request_extension(enterprise):
    hazard = factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise)
    return _hazard_case("request-extension", "request-extension", hazard,
                        {"new_deadline": LATER, "reason": "等设备"}, api_status=201)


def plan(enterprise):
    hazard = factories.hazard(enterprise=enterprise, grade="major")
    return _hazard_case("plan", "plan", hazard, {
        "responsibility": "王某", "measures": "更换", "funds": "100.00", "time_limit": LATER,
        "contingency_plan": "停用"})


def supervise(enterprise):
    hazard = factories.hazard(enterprise=enterprise, grade="major")
    return _hazard_case("supervise", "place-supervision", hazard,
                        {"authority": "安委办", "letter_number": "督9号"}, api_status=201)


def decide_extension(enterprise):
    hazard = factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise)
    extension = services.hazard_request_extension(
        hazard=hazard, actor=factories.enterprise_officer(enterprise),
        new_deadline=hazard.rectification_deadline + 3 * DAY, reason="等设备")
    hazard.refresh_from_db()
    return Case(hazard, reverse("hazards:extension_decide", args=[hazard.pk, extension.pk]),
                f"/api/v1/extensions/{extension.pk}/decide/",
                {"decision": "approve", "approve": True}, hazard.version)


def lift(enterprise):
    hazard = factories.hazard(enterprise=enterprise, grade="major")
    supervision = services.hazard_place_supervision(
        hazard=hazard, actor=factories.district_official(enterprise.district_id),
        authority="安委办", letter_number="督8号")
    services.hazard_close_on_spot(hazard=hazard, actor=factories.inspector(
        enterprise.district_id), note="当场整改")
    hazard.refresh_from_db()
    return Case(hazard, reverse("hazards:supervision_lift", args=[hazard.pk, supervision.pk]),
                f"/api/v1/supervisions/{supervision.pk}/lift/", {"note": "已销号"},
                supervision.version)


def _officer(enterprise):
    return factories.enterprise_officer(enterprise)


def _official(enterprise):
    return factories.district_official(enterprise.district_id)


def _inspector(enterprise):
    return factories.inspector(enterprise.district_id)


def _city(_enterprise):
    return factories.city_official()


# action: (setup, data-action on the hazard page, right role, wrong role who sees the hazard)
ACTIONS = {
    "order": (order, "order", _official, _inspector),
    "self-rectify": (self_rectify, "self-rectify", _officer, _official),
    "evidence": (evidence, "evidence", _officer, _city),
    "verify": (verify, "verify", _inspector, _officer),
    "close-on-spot": (close_on_spot, "close-on-spot", _inspector, _officer),
    "request-extension": (request_extension, "request-extension", _officer, _official),
    "decide-extension": (decide_extension, "decide-extension", _official, _inspector),
    "plan": (plan, "plan", _officer, _city),
    "supervise": (supervise, "supervise", _official, _inspector),
    "lift": (lift, "lift", _city, _inspector),
}


def _page(user):
    client = Client()
    client.force_login(user)
    return client


def _api_body(case):
    body = {k: v for k, v in case.data.items()
            if k != "decision" and not k.startswith("officer_")}
    if "decision" not in case.data:
        body.pop("approve", None)
    return {**body, "expected_version": case.version}


def _page_body(case):
    return {k: v for k, v in {**case.data, "version": case.version}.items()
            if k not in ("approve", "officers")}


@pytest.mark.parametrize("name", ACTIONS)
def test_the_right_role_sees_the_button_and_can_act(name, enterprise):
    setup, marker, right, _wrong = ACTIONS[name]
    case = setup(enterprise)
    user = right(enterprise)
    client = _page(user)

    detail = client.get(reverse("hazards:detail", args=[case.hazard.pk])).content.decode()
    form_page = client.get(case.page_url)
    done = client.post(case.page_url, _page_body(case))

    assert f'data-action="{marker}"' in detail
    assert form_page.status_code == 200
    assert done.status_code == 302, done.context and done.context["form"].errors
    case.hazard.refresh_from_db()
    assert case.hazard.version > case.version or name == "lift"


@pytest.mark.parametrize("name", ACTIONS)
def test_the_right_role_can_act_through_the_api(name, enterprise):
    setup, _marker, right, _wrong = ACTIONS[name]
    case = setup(enterprise)

    response = token_client(right(enterprise)).post(case.api_url, _api_body(case),
                                                    format="json")

    assert response.status_code == case.api_status, response.json()


@pytest.mark.parametrize("name", ACTIONS)
def test_the_wrong_role_gets_403_on_get_and_post_and_from_the_api(name, enterprise):
    setup, marker, _right, wrong = ACTIONS[name]
    case = setup(enterprise)
    user = wrong(enterprise)
    client = _page(user)
    before = case.hazard.transitions.count()

    detail = client.get(reverse("hazards:detail", args=[case.hazard.pk]))
    form_page = client.get(case.page_url)
    posted = client.post(case.page_url, _page_body(case))
    api = token_client(user).post(case.api_url, _api_body(case), format="json")

    assert detail.status_code == 200
    assert f'data-action="{marker}"' not in detail.content.decode()
    assert form_page.status_code == 403
    assert 'data-testid="forbidden"' in form_page.content.decode()
    assert posted.status_code == 403
    assert (api.status_code, api.json()["code"]) == (403, "permission_denied")
    assert case.hazard.transitions.count() == before


@pytest.mark.parametrize("name", ACTIONS)
def test_a_stranger_gets_404_everywhere(name, enterprise, wanzhou):
    setup, _marker, right, _wrong = ACTIONS[name]
    case = setup(enterprise)
    # the same role, one district over (or another enterprise's officer)
    stranger = right(factories.EnterpriseFactory(district=wanzhou))
    if stranger.is_city_official:
        stranger = factories.district_official("500101")
    client = _page(stranger)

    assert client.get(reverse("hazards:detail", args=[case.hazard.pk])).status_code == 404
    assert client.get(case.page_url).status_code == 404
    assert client.post(case.page_url, _page_body(case)).status_code == 404
    api = token_client(stranger).post(case.api_url, _api_body(case), format="json")
    assert (api.status_code, api.json()["code"]) == (404, "not_found")


@pytest.mark.parametrize("name", ["order", "verify", "request-extension", "lift"])
def test_the_right_role_in_the_wrong_state_gets_403_on_the_page_and_409_from_the_api(
        name, enterprise):
    """State is part of the predicate: the form is not offered, its page is a 403 with the
    reason, and the API (through the service) says 409 with the same reason."""
    setup, marker, right, _wrong = ACTIONS[name]
    case = setup(enterprise)
    user = right(enterprise)
    # move the hazard on so the action no longer applies
    if name in ("order",):
        services.hazard_close_on_spot(hazard=case.hazard, actor=factories.inspector("500102"),
                                      note="当场整改")
    elif name == "verify":
        services.hazard_verify(hazard=case.hazard, actor=factories.inspector("500102"),
                               passed=True, officers=factories.two_officers())
    elif name == "request-extension":
        services.hazard_submit_evidence(hazard=case.hazard, actor=user, description="已整改")
    else:  # lift: lift it first
        services.supervision_lift(supervision=case.hazard.supervisions.get(), actor=user)
    case.hazard.refresh_from_db()
    fresh = case.hazard.version if name != "lift" else case.hazard.supervisions.get().version
    client = _page(user)

    form_page = client.get(case.page_url)
    api = token_client(user).post(case.api_url, {**_api_body(case), "expected_version": fresh},
                                  format="json")

    assert form_page.status_code == 403
    reason = api.json()["detail"]
    assert reason in form_page.content.decode()
    assert api.status_code == 409 and api.json()["code"] == "transition_not_allowed"
    detail = client.get(reverse("hazards:detail", args=[case.hazard.pk])).content.decode()
    assert f'data-action="{marker}"' not in detail
