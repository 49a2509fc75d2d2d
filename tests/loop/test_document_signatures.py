"""Whoever signs answers for it (谁检查、谁签名): each officer named on a rectification order
or a re-inspection opinion confirms with their own password, on the page and in the API, as
on the inspection record. A refused signature writes nothing and uses up no number."""
import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.reauth import AuthenticationFailed
from core.clock import today_cst
from core.errors import ValidationFailed
from hazards import services
from hazards.enums import HazardStatus
from hazards.models import DocumentSequence
from tests import factories
from tests.factories import PASSWORD, signatures

pytestmark = pytest.mark.django_db
NEXT_WEEK = today_cst() + datetime.timedelta(days=7)


@pytest.fixture
def officers(fuling):
    return (factories.inspector("500102", display_name="王检查"),
            factories.inspector("500102", display_name="李执法"))


def test_order_names_only_officers_who_confirmed_with_their_passwords(enterprise,
                                                                       district_official,
                                                                       officers):
    first, second = officers
    hazard = factories.hazard(enterprise=enterprise)

    issued = services.hazard_order_rectification(
        hazard=hazard, actor=district_official, rectification_deadline=NEXT_WEEK,
        officers=signatures(first, second)).latest_order

    assert [o["name"] for o in issued.officers] == ["王检查", "李执法"]
    assert issued.has_two_officers


def test_order_with_a_wrong_password_writes_nothing(enterprise, district_official, officers):
    first, second = officers
    hazard = factories.hazard(enterprise=enterprise)

    with pytest.raises(AuthenticationFailed) as caught:
        services.hazard_order_rectification(
            hazard=hazard, actor=district_official, rectification_deadline=NEXT_WEEK,
            officers=[services.OfficerSignature(first, PASSWORD, "officer_1_password"),
                      services.OfficerSignature(second, "guessed", "officer_2_password")])

    assert caught.value.field == "officer_2_password"
    assert "李执法" in caught.value.message
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.REPORTED
    assert not hazard.orders.exists()
    assert not DocumentSequence.objects.exists()


def test_order_without_named_officers_is_refused(enterprise, district_official):
    hazard = factories.hazard(enterprise=enterprise)  # its inspection has two inspectors

    with pytest.raises(ValidationFailed) as caught:
        services.hazard_order_rectification(hazard=hazard, actor=district_official,
                                            rectification_deadline=NEXT_WEEK)

    assert caught.value.field == "officers"
    assert not hazard.orders.exists()


def test_verification_with_a_wrong_password_writes_nothing(enterprise, inspector, officers):
    hazard = factories.hazard_in(HazardStatus.PENDING_VERIFICATION, enterprise=enterprise)
    first, second = officers

    with pytest.raises(AuthenticationFailed):
        services.hazard_verify(hazard=hazard, actor=inspector, passed=True, opinion="合格",
                               officers=[services.OfficerSignature(first, PASSWORD),
                                         services.OfficerSignature(second, "")])

    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.PENDING_VERIFICATION
    assert not hazard.verifications.exists()


# --- pages ----------------------------------------------------------------------------------

def _order_form(hazard, first, second, *, password_2=PASSWORD):
    return {"rectification_deadline": NEXT_WEEK.isoformat(), "version": hazard.version,
            "officer_1": first.pk, "officer_1_password": PASSWORD,
            "officer_2": second.pk, "officer_2_password": password_2}


def test_order_page_asks_each_officer_for_their_password(client, district_official, enterprise):
    hazard = factories.hazard(enterprise=enterprise)
    client.force_login(district_official)

    page = client.get(reverse("hazards:action", args=[hazard.pk, "order"])).content.decode()

    assert 'name="officer_1_password"' in page and 'name="officer_2_password"' in page
    assert 'type="password"' in page


def test_order_page_refuses_a_wrong_password_on_that_officers_field(client, district_official,
                                                                    enterprise, officers):
    hazard = factories.hazard(enterprise=enterprise)
    client.force_login(district_official)

    response = client.post(reverse("hazards:action", args=[hazard.pk, "order"]),
                           _order_form(hazard, *officers, password_2="wrong"))

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["officer_2_password"]
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.REPORTED


def test_order_page_issues_the_order_when_both_officers_confirm(client, district_official,
                                                                enterprise, officers):
    hazard = factories.hazard(enterprise=enterprise)
    client.force_login(district_official)

    response = client.post(reverse("hazards:action", args=[hazard.pk, "order"]),
                           _order_form(hazard, *officers))

    assert response.status_code == 302
    order = hazard.orders.get()
    assert [o["name"] for o in order.officers] == ["王检查", "李执法"]


def test_verify_page_asks_both_officers_for_their_passwords(client, enterprise, officers):
    first, second = officers
    hazard = factories.hazard_in(HazardStatus.PENDING_VERIFICATION, enterprise=enterprise)
    client.force_login(first)
    url = reverse("hazards:action", args=[hazard.pk, "verify"])
    form = {"result": "passed", "opinion": "整改到位", "version": hazard.version,
            "officer_1": first.pk, "officer_1_password": PASSWORD, "officer_2": second.pk}

    refused = client.post(url, {**form, "officer_2_password": ""})
    accepted = client.post(url, {**form, "officer_2_password": PASSWORD})

    assert list(refused.context["form"].errors) == ["officer_2_password"]
    assert accepted.status_code == 302
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.CLOSED
    assert [o["name"] for o in hazard.verifications.get().officers] == ["王检查", "李执法"]


# --- API ------------------------------------------------------------------------------------

def _api(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_api_order_takes_each_officer_with_their_password(district_official, enterprise,
                                                          officers):
    first, second = officers
    hazard = factories.hazard(enterprise=enterprise)

    response = _api(district_official).post(
        f"/api/v1/hazards/{hazard.pk}/order-rectification/",
        {"rectification_deadline": NEXT_WEEK.isoformat(), "expected_version": hazard.version,
         "officers": [{"officer_id": first.pk, "password": PASSWORD},
                      {"officer_id": second.pk, "password": PASSWORD}]}, format="json")

    assert response.status_code == 200, response.content
    assert [o["name"] for o in hazard.orders.get().officers] == ["王检查", "李执法"]


def test_api_order_with_a_wrong_password_is_400_naming_it(district_official, enterprise,
                                                          officers):
    first, second = officers
    hazard = factories.hazard(enterprise=enterprise)

    response = _api(district_official).post(
        f"/api/v1/hazards/{hazard.pk}/order-rectification/",
        {"rectification_deadline": NEXT_WEEK.isoformat(), "expected_version": hazard.version,
         "officers": [{"officer_id": first.pk, "password": PASSWORD},
                      {"officer_id": second.pk, "password": "wrong"}]}, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "officer_password_invalid"
    assert list(response.json()["fields"]) == ["officers[1].password"]
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.REPORTED


def test_api_officer_of_another_district_reads_as_unknown(district_official, enterprise,
                                                          officers, wanzhou):
    first, _second = officers
    stranger = factories.inspector("500101")
    hazard = factories.hazard(enterprise=enterprise)
    body = {"rectification_deadline": NEXT_WEEK.isoformat(),
            "officers": [{"officer_id": first.pk, "password": PASSWORD},
                         {"officer_id": stranger.pk, "password": PASSWORD}]}
    missing = {**body, "officers": [body["officers"][0],
                                    {"officer_id": 10**12, "password": PASSWORD}]}

    elsewhere = _api(district_official).post(
        f"/api/v1/hazards/{hazard.pk}/order-rectification/", body, format="json")
    nowhere = _api(district_official).post(
        f"/api/v1/hazards/{hazard.pk}/order-rectification/", missing, format="json")

    assert elsewhere.status_code == nowhere.status_code == 400
    assert elsewhere.json() == nowhere.json()
    assert list(elsewhere.json()["fields"]) == ["officers[1].officer_id"]


def test_api_refuses_officer_ids_without_passwords(district_official, enterprise, officers):
    hazard = factories.hazard(enterprise=enterprise)

    response = _api(district_official).post(
        f"/api/v1/hazards/{hazard.pk}/order-rectification/",
        {"rectification_deadline": NEXT_WEEK.isoformat(), "expected_version": hazard.version,
         "officer_ids": [o.pk for o in officers]}, format="json")

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["officer_ids"]
    assert not hazard.orders.exists()


def test_api_verify_in_multipart_takes_the_officers_as_json(inspector, enterprise, officers):
    import json
    first, second = officers
    hazard = factories.hazard_in(HazardStatus.PENDING_VERIFICATION, enterprise=enterprise)

    response = _api(inspector).post(f"/api/v1/hazards/{hazard.pk}/verify/", {
        "result": "passed", "opinion": "合格", "expected_version": hazard.version,
        "officers": json.dumps([{"officer_id": first.pk, "password": PASSWORD},
                                {"officer_id": second.pk, "password": PASSWORD}])},
        format="multipart")

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "closed"
