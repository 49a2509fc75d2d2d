"""The activities that bring the 工贸 special-area criteria into a checklist are edited through
``enterprises.services`` and the enterprise API, with the usual scope rules."""
import pytest

from enterprises.services import enterprise_update
from tests import factories
from tests.api.conftest import token_client

pytestmark = pytest.mark.django_db


def test_district_official_records_an_activity_through_the_service(enterprise,
                                                                   district_official):
    enterprise_update(actor=district_official, enterprise=enterprise,
                      has_confined_space_work=True)

    enterprise.refresh_from_db()
    assert enterprise.activities == frozenset({"has_confined_space_work"})


def test_api_reads_and_writes_the_activities(enterprise, district_official):
    client = token_client(district_official)
    url = f"/api/v1/enterprises/{enterprise.pk}/"

    response = client.patch(url, {"uses_ammonia_refrigeration": True,
                                  "expected_version": enterprise.version}, format="json")

    assert response.status_code == 200
    assert response.json()["uses_ammonia_refrigeration"] is True
    assert response.json()["has_dust_explosion_risk"] is False
    enterprise.refresh_from_db()
    assert enterprise.uses_ammonia_refrigeration is True


def test_api_refuses_a_non_boolean_activity_with_the_field_named(enterprise, district_official):
    response = token_client(district_official).patch(
        f"/api/v1/enterprises/{enterprise.pk}/", {"has_dust_explosion_risk": "maybe"},
        format="json")

    assert response.status_code == 400
    assert "has_dust_explosion_risk" in response.json()["fields"]


def test_another_districts_enterprise_activity_cannot_be_set(other_enterprise,
                                                             district_official):
    response = token_client(district_official).patch(
        f"/api/v1/enterprises/{other_enterprise.pk}/", {"has_dust_explosion_risk": True},
        format="json")

    assert response.status_code == 404
    other_enterprise.refresh_from_db()
    assert other_enterprise.has_dust_explosion_risk is False


def test_a_new_enterprise_carries_no_activity_by_default(fuling):
    assert factories.EnterpriseFactory(district=fuling).activities == frozenset()
