"""Campaigns, plans and tasks through the API: scoped (404 outside), versioned edits (428
missing, 409 stale), the audit re-runs a draw, "my tasks" and overdue filters."""
import datetime

import pytest

from core.clock import today_cst
from tests import factories
from tests.api.conftest import token_client

pytestmark = pytest.mark.django_db
D = datetime.timedelta


@pytest.fixture
def pool(fuling):
    enterprises = [factories.EnterpriseFactory(district=fuling) for _ in range(5)]
    officers = [factories.inspector("500102") for _ in range(4)]
    return enterprises, officers


def _create_plan(api):
    return api.post("/api/v1/random-plans/", {
        "name": "双随机抽查", "enterprise_count": 3, "team_count": 2,
        "due_on": (today_cst() + D(days=30)).isoformat(),
        "criteria": {"exclude_inspected_within_months": 6}}, format="json")


def test_plan_drawn_through_the_api_is_audited_identical(pool, district_official):
    api = token_client(district_official)
    plan = _create_plan(api).json()

    missing = api.post(f"/api/v1/random-plans/{plan['id']}/draw/", {}, format="json")
    drawn = api.post(f"/api/v1/random-plans/{plan['id']}/draw/",
                     {"expected_version": plan["version"]}, format="json")
    audit = api.get(f"/api/v1/random-plans/{plan['id']}/audit/").json()

    assert missing.status_code == 428
    assert drawn.status_code == 200 and drawn.json()["status"] == "drawn"
    assert (audit["snapshot_matches"], audit["result_matches"], audit["tasks_match"]) == (
        True, True, True)
    assert audit["seed"] == drawn.json()["seed"]
    mine = api.get("/api/v1/inspection-tasks/?mine=true").json()["results"]
    assert mine == []  # the official drew it; the teams are inspectors


def test_plan_of_another_district_is_404(pool, district_official, other_district_official):
    plan = _create_plan(token_client(district_official)).json()

    other = token_client(other_district_official)
    assert other.get(f"/api/v1/random-plans/{plan['id']}/").status_code == 404
    assert other.post(f"/api/v1/random-plans/{plan['id']}/draw/", {"expected_version": 1},
                      format="json").status_code == 404


def test_plan_create_by_an_inspector_is_forbidden(pool, inspector):
    assert _create_plan(token_client(inspector)).status_code == 403


def test_targeted_task_and_my_overdue_tasks(pool, district_official):
    enterprises, officers = pool
    api = token_client(district_official)
    created = api.post("/api/v1/inspection-tasks/", {
        "enterprise": enterprises[0].pk, "assignees": [officers[0].pk],
        "due_on": today_cst().isoformat()}, format="json")

    mine = token_client(officers[0]).get("/api/v1/inspection-tasks/?mine=true").json()
    overdue_now = token_client(officers[0]).get("/api/v1/inspection-tasks/?overdue=true").json()

    assert created.status_code == 201
    assert [t["id"] for t in mine["results"]] == [created.json()["id"]]
    assert overdue_now["results"] == []  # due today is not overdue (CST, from tomorrow)


def test_campaign_created_and_covered_through_the_api(fuling, city_official, district_official):
    factories.EnterpriseFactory(district=fuling)
    api = token_client(city_official)
    today = today_cst()
    created = api.post("/api/v1/campaigns/", {
        "name": "危化品专项行动", "sectors": ["hazardous_chemicals"],
        "starts_on": today.isoformat(), "ends_on": (today + D(days=60)).isoformat(),
        "phases": [{"kind": "self_inspection", "starts_on": today.isoformat(),
                    "ends_on": (today + D(days=20)).isoformat()}]}, format="json")
    coverage = token_client(district_official).get(
        f"/api/v1/campaigns/{created.json()['id']}/coverage/")

    assert created.status_code == 201, created.json()
    assert [(r["expected"], r["filed"], r["missing"]) for r in coverage.json()] == [(1, 0, 1)]


def test_campaign_phases_out_of_order_are_a_400_naming_the_field(city_official):
    factories.sector()
    today = today_cst()
    response = token_client(city_official).post("/api/v1/campaigns/", {
        "name": "x", "sectors": ["hazardous_chemicals"], "starts_on": today.isoformat(),
        "ends_on": (today + D(days=60)).isoformat(),
        "phases": [{"kind": "enforcement", "starts_on": today.isoformat(),
                    "ends_on": today.isoformat()},
                   {"kind": "self_inspection", "starts_on": (today + D(days=1)).isoformat(),
                    "ends_on": (today + D(days=2)).isoformat()}]}, format="json")

    assert response.status_code == 400
    assert response.json()["fields"] == {"phases": [response.json()["detail"]]}


def test_campaign_update_needs_the_version_and_refuses_a_stale_one(city_official,
                                                                  district_official):
    factories.sector()
    api = token_client(city_official)
    today = today_cst()
    body = {"name": "危化品专项行动", "sectors": ["hazardous_chemicals"],
            "starts_on": today.isoformat(), "ends_on": (today + D(days=60)).isoformat(),
            "phases": [{"kind": "self_inspection", "starts_on": today.isoformat(),
                        "ends_on": (today + D(days=20)).isoformat()}]}
    campaign = api.post("/api/v1/campaigns/", body, format="json").json()
    url = f"/api/v1/campaigns/{campaign['id']}/"

    missing = api.put(url, {**body, "name": "改名"}, format="json")
    updated = api.put(url, {**body, "name": "改名", "expected_version": 1}, format="json")
    stale = api.put(url, {**body, "name": "再改", "expected_version": 1}, format="json")
    by_district = token_client(district_official).put(
        url, {**body, "expected_version": 2}, format="json")

    assert missing.status_code == 428
    assert (updated.status_code, updated.json()["name"], updated.json()["version"]) == (
        200, "改名", 2)
    assert (stale.status_code, stale.json()["code"]) == (409, "conflict")
    assert by_district.status_code == 403  # sees the city-wide campaign, may not edit it
