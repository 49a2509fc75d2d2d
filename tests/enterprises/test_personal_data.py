"""Personal information (brief §11): contacts' names, phones and e-mails, and the person
responsible for a rectification, are masked in lists and exports for roles that do not need
them (one predicate, ``enterprises.privacy.may_see_personal_data``); exports are audited."""
import csv
import io

import pytest
from django.test import Client

from accounts.enums import SecurityEventKind
from accounts.models import SecurityEvent
from enterprises.privacy import mask_email, mask_name, mask_phone
from tests import factories

pytestmark = pytest.mark.django_db


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def contact_enterprise(fuling):
    return factories.EnterpriseFactory(district=fuling, safety_contact_name="赵安全",
                                       safety_contact_phone="13800001234",
                                       safety_contact_email="zhao@example.com")


def test_masks():
    assert mask_phone("13800001234") == "138****1234"
    assert mask_phone("023-6888") == "023*6888"
    assert mask_name("赵安全") == "赵**"
    assert mask_email("safety1@example.com") == "s*****1@example.com"


def test_district_staff_see_contacts_in_clear_the_city_sees_them_masked(
        contact_enterprise, inspector, city_official):
    own = as_user(inspector).get(f"/api/v1/enterprises/{contact_enterprise.pk}/").json()
    city = as_user(city_official).get("/api/v1/enterprises/").json()["results"]

    assert (own["safety_contact_name"], own["safety_contact_phone"],
            own["safety_contact_email"]) == ("赵安全", "13800001234", "zhao@example.com")
    [row] = [r for r in city if r["id"] == contact_enterprise.pk]
    assert (row["safety_contact_name"], row["safety_contact_phone"],
            row["safety_contact_email"]) == ("赵**", "138****1234", "z**o@example.com")


def test_the_hazard_export_masks_the_person_responsible_for_the_city_and_is_audited(
        contact_enterprise, district_official, city_official):
    factories.hazard(enterprise=contact_enterprise, responsible_person="钱主任")

    def exported(user):
        response = as_user(user).get("/api/v1/hazards/export/?format=csv")
        body = b"".join(response.streaming_content).decode("utf-8-sig")
        return list(csv.DictReader(io.StringIO(body)))

    assert [r["整改责任人"] for r in exported(district_official)] == ["钱主任"]
    assert [r["整改责任人"] for r in exported(city_official)] == ["钱**"]
    events = SecurityEvent.objects.filter(kind=SecurityEventKind.PERSONAL_DATA_EXPORTED)
    assert sorted((e.actor_id, e.detail["masked"]) for e in events) == sorted(
        [(district_official.pk, False), (city_official.pk, True)])


def test_the_hazard_list_masks_the_person_responsible_for_the_city(
        contact_enterprise, city_official, settings):
    settings.API_SYNC_LAG_SECONDS = 0  # list rows written this very second
    factories.hazard(enterprise=contact_enterprise, responsible_person="钱主任")
    officer = factories.enterprise_officer(contact_enterprise)

    city = as_user(city_official).get("/api/v1/hazards/").json()["results"]
    own = as_user(officer).get("/api/v1/hazards/").json()["results"]

    assert [h["responsible_person"] for h in city] == ["钱**"]
    assert [h["responsible_person"] for h in own] == ["钱主任"]
