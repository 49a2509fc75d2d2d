"""Two API clients editing the same object at the same instant, from the same version, on
PostgreSQL (row locks are real there): exactly one wins, the other gets 409 ``conflict``, and
the stored object is the winner's, its version bumped once."""
import datetime

import pytest
from rest_framework.test import APIClient

from core.clock import today_cst
from hazards import services
from tests import factories

from ..loop.test_concurrency import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _outcome(responses):
    return sorted(r.status_code for r in responses), [
        r.json()["code"] for r in responses if r.status_code == 409]


def test_two_clients_patching_an_enterprise_at_once(enterprise):
    official, city = factories.district_official("500102"), factories.city_official()
    url = f"/api/v1/enterprises/{enterprise.pk}/"

    responses = run_together(
        lambda: _client(official).patch(url, {"address": "甲地址"}, format="json",
                                        HTTP_IF_MATCH='"1"'),
        lambda: _client(city).patch(url, {"address": "乙地址"}, format="json",
                                    HTTP_IF_MATCH='"1"'))

    assert _outcome(responses) == ([200, 409], ["conflict"])
    winner = next(r for r in responses if r.status_code == 200).json()["address"]
    enterprise.refresh_from_db()
    assert (enterprise.address, enterprise.version) == (winner, 2)


def test_two_clients_revising_a_plan_at_once(enterprise):
    hazard = factories.hazard(enterprise=enterprise, grade="major")
    plan = factories.major_prerequisites(hazard)
    url = f"/api/v1/rectification-plans/{plan.pk}/"

    def revise(user, measures):
        return _client(user).put(url, {
            "responsibility": "王某", "measures": measures, "funds": "100.00",
            "time_limit": (today_cst() + datetime.timedelta(days=9)).isoformat(),
            "contingency_plan": "停用"}, format="json", HTTP_IF_MATCH='"1"')

    responses = run_together(
        lambda: revise(factories.district_official("500102"), "甲方案"),
        lambda: revise(factories.inspector("500102"), "乙方案"))

    assert _outcome(responses) == ([200, 409], ["conflict"])
    plan.refresh_from_db()
    assert plan.version == 2
    assert plan.measures == next(r for r in responses if r.status_code == 200).json()["measures"]


def test_two_clients_lifting_a_listing_at_once(enterprise):
    official, city = factories.district_official("500102"), factories.city_official()
    hazard = factories.hazard(enterprise=enterprise, grade="major")
    supervision = services.hazard_place_supervision(hazard=hazard, actor=official,
                                                    authority="安委办", letter_number="督2号")
    services.hazard_close_on_spot(hazard=hazard, actor=factories.inspector("500102"),
                                  note="当场整改")
    url = f"/api/v1/supervisions/{supervision.pk}/lift/"

    responses = run_together(
        lambda: _client(official).post(url, {"note": "甲"}, format="json",
                                       HTTP_IF_MATCH='"1"'),
        lambda: _client(city).post(url, {"note": "乙"}, format="json", HTTP_IF_MATCH='"1"'))

    assert _outcome(responses) == ([200, 409], ["conflict"])
    supervision.refresh_from_db()
    assert supervision.version == 2 and not supervision.is_active
