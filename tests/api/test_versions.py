"""No lost updates through the API: every edit of an existing object names the version it was
based on (If-Match with the GET's ETag, or expected_version). Two clients editing from the
same version: one wins, the other gets 409 with the current object; without a version: 428."""
import datetime
from decimal import Decimal

import pytest

from core.clock import today_cst
from hazards import services
from hazards.enums import HazardStatus
from tests import factories

from .conftest import token_client

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def assert_error_shape(response, code, status):
    body = response.json()
    assert (response.status_code, body["code"]) == (status, code)
    assert isinstance(body["detail"], str) and body["detail"]
    assert isinstance(body["fields"], dict)
    return body


# --- enterprises ---------------------------------------------------------------------------

def test_enterprise_get_sends_its_version_as_etag(district_official, enterprise):
    response = token_client(district_official).get(f"/api/v1/enterprises/{enterprise.pk}/")

    assert response["ETag"] == '"1"'
    assert response.json()["version"] == 1


def test_two_clients_editing_the_same_enterprise_one_wins_one_gets_409(
        district_official, city_official, enterprise):
    first, second = token_client(district_official), token_client(city_official)
    url = f"/api/v1/enterprises/{enterprise.pk}/"
    etag = first.get(url)["ETag"]
    assert second.get(url)["ETag"] == etag

    won = first.patch(url, {"address": "涪陵区新地址1号"}, format="json", HTTP_IF_MATCH=etag)
    lost = second.patch(url, {"address": "涪陵区另一地址"}, format="json", HTTP_IF_MATCH=etag)

    assert won.status_code == 200 and won["ETag"] == '"2"'
    body = assert_error_shape(lost, "conflict", 409)
    assert body["current"]["address"] == "涪陵区新地址1号"
    assert body["current"]["version"] == 2
    assert lost["ETag"] == '"2"'
    enterprise.refresh_from_db()
    assert (enterprise.address, enterprise.version) == ("涪陵区新地址1号", 2)


def test_enterprise_edit_with_expected_version_in_the_body(district_official, enterprise):
    api = token_client(district_official)
    url = f"/api/v1/enterprises/{enterprise.pk}/"

    won = api.patch(url, {"name": "新名称化工", "expected_version": 1}, format="json")
    lost = api.patch(url, {"name": "又一名称", "expected_version": 1}, format="json")

    assert won.status_code == 200 and won.json()["version"] == 2
    assert_error_shape(lost, "conflict", 409)
    enterprise.refresh_from_db()
    assert enterprise.name == "新名称化工"


@pytest.mark.parametrize("method", ["patch", "put"])
def test_enterprise_edit_without_a_version_is_428_and_changes_nothing(method, district_official,
                                                                      enterprise):
    api = token_client(district_official)
    url = f"/api/v1/enterprises/{enterprise.pk}/"
    body = api.get(url).json() if method == "put" else {}
    body.update(address="无版本的修改")
    for key in ("id", "version", "created_at", "updated_at", "district_name",
                "township_name", "sector_name"):
        body.pop(key, None)

    response = getattr(api, method)(url, body, format="json")

    assert_error_shape(response, "precondition_required", 428)
    enterprise.refresh_from_db()
    assert (enterprise.address, enterprise.version) == ("", 1)


@pytest.mark.parametrize(("if_match", "status", "code"), [
    ("*", 428, "precondition_required"),        # names no version
    ('W/"1"', 400, "invalid"),                   # weak tags never match an edit
    ('"1", "2"', 400, "invalid"),                # one version, not a list
    ("1", 400, "invalid"),                       # an entity tag is quoted
])
def test_if_match_must_name_exactly_one_version(if_match, status, code, district_official,
                                                 enterprise):
    response = token_client(district_official).patch(
        f"/api/v1/enterprises/{enterprise.pk}/", {"address": "x"}, format="json",
        HTTP_IF_MATCH=if_match)

    body = assert_error_shape(response, code, status)
    if status == 400:
        assert list(body["fields"]) == ["If-Match"]


def test_if_match_and_expected_version_must_agree(district_official, enterprise):
    response = token_client(district_official).patch(
        f"/api/v1/enterprises/{enterprise.pk}/", {"address": "x", "expected_version": 2},
        format="json", HTTP_IF_MATCH='"1"')

    body = assert_error_shape(response, "invalid", 400)
    assert list(body["fields"]) == ["expected_version"]


def test_enterprise_create_needs_no_version_and_answers_with_its_etag(city_official, fuling):
    from .test_access_matrix import valid_credit_code

    response = token_client(city_official).post("/api/v1/enterprises/", {
        "credit_code": valid_credit_code(), "name": "新登记公司", "district": "500102",
        "sector": factories.sector().pk}, format="json")

    assert response.status_code == 201, response.content
    assert response["ETag"] == '"1"'


def test_a_stranger_gets_404_before_any_version_question(other_district_official, enterprise):
    response = token_client(other_district_official).patch(
        f"/api/v1/enterprises/{enterprise.pk}/", {"address": "x"}, format="json")

    assert_error_shape(response, "not_found", 404)


# --- hazards --------------------------------------------------------------------------------

def test_hazard_detail_and_action_responses_carry_the_hazard_version(district_official,
                                                                     enterprise):
    hazard = factories.hazard(enterprise=enterprise)
    api = token_client(district_official)
    etag = api.get(f"/api/v1/hazards/{hazard.pk}/")["ETag"]

    response = api.post(f"/api/v1/hazards/{hazard.pk}/order-rectification/",
                        {"rectification_deadline": (today_cst() + 7 * DAY).isoformat(),
                         "officers": factories.two_officers_json()},
                        format="json", HTTP_IF_MATCH=etag)

    assert etag == f'"{hazard.version}"'
    assert response.status_code == 200
    assert response["ETag"] == f'"{hazard.version + 1}"' == f'"{response.json()["version"]}"'


@pytest.mark.parametrize(("path", "body"), [
    ("order-rectification", {"rectification_deadline": "2099-01-01"}),
    ("close-on-spot", {"note": "当场清理"}),
])
def test_hazard_action_without_a_version_is_428(path, body, district_official, enterprise):
    hazard = factories.hazard(enterprise=enterprise)

    response = token_client(district_official).post(f"/api/v1/hazards/{hazard.pk}/{path}/",
                                                    body, format="json")

    assert_error_shape(response, "precondition_required", 428)
    hazard.refresh_from_db()
    assert (hazard.status, hazard.version) == (HazardStatus.REPORTED, 1)


def test_hazard_action_with_a_stale_version_is_409_with_the_current_hazard(
        district_official, inspector, enterprise):
    hazard = factories.hazard(enterprise=enterprise)
    seen = hazard.version
    services.hazard_close_on_spot(hazard=hazard, actor=inspector, note="当场清理")

    response = token_client(district_official).post(
        f"/api/v1/hazards/{hazard.pk}/order-rectification/",
        {"rectification_deadline": "2099-01-01"}, format="json", HTTP_IF_MATCH=f'"{seen}"')

    body = assert_error_shape(response, "conflict", 409)
    assert (body["current"]["id"], body["current"]["status"]) == (hazard.pk, "closed")
    assert body["current"]["history"][-1]["action"] == "closed_on_spot"
    assert response["ETag"] == f'"{seen + 1}"'


# --- plans ------------------------------------------------------------------------------------

@pytest.fixture
def planned(enterprise, inspector):
    hazard = factories.hazard(enterprise=enterprise, grade="major")
    plan = factories.major_prerequisites(hazard, actor=inspector)
    hazard.refresh_from_db()
    return hazard, plan


def _plan_body(**overrides):
    return {"responsibility": "安全总监 王某", "measures": "更换管道", "funds": "15000.00",
            "time_limit": (today_cst() + 20 * DAY).isoformat(),
            "contingency_plan": "停用装置", **overrides}


def test_two_clients_revising_the_same_plan_one_wins_one_gets_409(planned, district_official,
                                                                  enterprise_officer):
    _hazard, plan = planned
    official, officer = token_client(district_official), token_client(enterprise_officer)
    url = f"/api/v1/rectification-plans/{plan.pk}/"
    etag = official.get(url)["ETag"]
    assert etag == officer.get(url)["ETag"] == '"1"'

    won = official.put(url, _plan_body(funds="20000.00"), format="json", HTTP_IF_MATCH=etag)
    lost = officer.put(url, _plan_body(funds="1.00"), format="json", HTTP_IF_MATCH=etag)

    assert won.status_code == 200 and won["ETag"] == '"2"'
    body = assert_error_shape(lost, "conflict", 409)
    assert (body["current"]["funds"], body["current"]["version"]) == ("20000.00", 2)
    plan.refresh_from_db()
    assert (plan.funds, plan.version) == (Decimal("20000.00"), 2)


def test_plan_revision_without_a_version_is_428(planned, district_official):
    _hazard, plan = planned

    response = token_client(district_official).put(
        f"/api/v1/rectification-plans/{plan.pk}/", _plan_body(), format="json")

    assert_error_shape(response, "precondition_required", 428)
    plan.refresh_from_db()
    assert plan.version == 1


def test_two_clients_revising_the_plan_through_the_hazard_one_gets_409(
        planned, district_official, enterprise_officer):
    hazard, plan = planned
    url = f"/api/v1/hazards/{hazard.pk}/plan/"
    seen = {"expected_version": hazard.version}

    won = token_client(district_official).post(url, _plan_body(measures="甲方案", **seen),
                                               format="json")
    lost = token_client(enterprise_officer).post(url, _plan_body(measures="乙方案", **seen),
                                                 format="json")

    assert won.status_code == 200
    assert (won.json()["version"], won.json()["hazard_version"]) == (2, hazard.version + 1)
    assert_error_shape(lost, "conflict", 409)
    plan.refresh_from_db()
    assert plan.measures == "甲方案"


# --- supervisions -----------------------------------------------------------------------------

@pytest.fixture
def listed_and_closed(enterprise, district_official, inspector):
    hazard = factories.hazard(enterprise=enterprise, grade="major")
    supervision = services.hazard_place_supervision(
        hazard=hazard, actor=district_official, authority="涪陵区安委办", letter_number="督1号")
    services.hazard_close_on_spot(hazard=hazard, actor=inspector, note="当场整改")
    supervision.refresh_from_db()
    return supervision


def test_two_clients_lifting_the_same_listing_one_wins_one_gets_409(listed_and_closed,
                                                                   district_official,
                                                                   city_official):
    supervision = listed_and_closed
    url = f"/api/v1/supervisions/{supervision.pk}/"
    district, city = token_client(district_official), token_client(city_official)
    etag = district.get(url)["ETag"]

    won = district.post(url + "lift/", {"note": "已销号"}, format="json", HTTP_IF_MATCH=etag)
    lost = city.post(url + "lift/", {"note": "市里解除"}, format="json", HTTP_IF_MATCH=etag)

    assert won.status_code == 200 and won["ETag"] == '"2"'
    body = assert_error_shape(lost, "conflict", 409)
    assert (body["current"]["is_active"], body["current"]["lift_note"]) == (False, "已销号")
    supervision.refresh_from_db()
    assert (supervision.lift_note, supervision.version) == ("已销号", 2)


def test_lifting_without_a_version_is_428(listed_and_closed, district_official):
    response = token_client(district_official).post(
        f"/api/v1/supervisions/{listed_and_closed.pk}/lift/", {}, format="json")

    assert_error_shape(response, "precondition_required", 428)
    listed_and_closed.refresh_from_db()
    assert listed_and_closed.is_active


# --- extensions: decided against the hazard's version ------------------------------------------

def test_extension_etag_is_the_hazard_version_and_decide_needs_it(enterprise, enterprise_officer,
                                                                  district_official):
    hazard = factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise)
    extension = services.hazard_request_extension(
        hazard=hazard, actor=enterprise_officer,
        new_deadline=hazard.rectification_deadline + 3 * DAY, reason="等设备")
    api = token_client(district_official)
    url = f"/api/v1/extensions/{extension.pk}/"

    etag = api.get(url)["ETag"]
    missing = api.post(url + "decide/", {"approve": True}, format="json")
    decided = api.post(url + "decide/", {"approve": True}, format="json", HTTP_IF_MATCH=etag)

    hazard.refresh_from_db()
    assert etag == f'"{hazard.version - 1}"'
    assert_error_shape(missing, "precondition_required", 428)
    assert decided.status_code == 200 and decided.json()["status"] == "approved"
    assert decided["ETag"] == f'"{hazard.version}"'


# --- the schema documents the pair ---------------------------------------------------------------

def test_schema_documents_if_match_etag_and_428(client):
    schema = client.get("/api/v1/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/enterprises/{id}/"]["patch"]

    assert "If-Match" in [p["name"] for p in operation["parameters"] if p["in"] == "header"]
    assert {"409", "428"} <= set(operation["responses"])
    assert "ETag" in operation["responses"]["200"]["headers"]
    assert "precondition_required" in schema["info"]["description"]
    decide = schema["paths"]["/api/v1/extensions/{id}/decide/"]["post"]
    assert "428" in decide["responses"]


def test_an_extension_request_answers_with_the_hazard_version_as_etag(enterprise,
                                                                     enterprise_officer):
    hazard = factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise)

    response = token_client(enterprise_officer).post(
        f"/api/v1/hazards/{hazard.pk}/request-extension/",
        {"new_deadline": (hazard.rectification_deadline + 3 * DAY).isoformat(),
         "reason": "等设备"}, format="json", HTTP_IF_MATCH=f'"{hazard.version}"')

    assert response.status_code == 201
    assert response.json()["hazard_version"] == hazard.version + 1
    assert response["ETag"] == f'"{hazard.version + 1}"'
