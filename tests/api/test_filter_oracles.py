"""No existence oracle: an id outside the caller's scope, given to any ``…=<id>`` filter of
any endpoint, gets exactly the response an id that does not exist gets. And no error names a
person outside the caller's scope."""
import datetime

import pytest
from django.urls import reverse

from core.clock import today_cst
from enterprises.models import Township
from hazards import services
from hazards.enums import HazardStatus
from tests import factories

from .conftest import token_client

pytestmark = pytest.mark.django_db
UNKNOWN_ID = 987654321


@pytest.fixture
def elsewhere(wanzhou):
    """Objects of Wanzhou, outside a Fuling official's scope: a township, an enterprise and a
    hazard with every loop record."""
    township = Township.objects.create(code="500101001", name="高笋塘街道", district=wanzhou)
    enterprise = factories.EnterpriseFactory(district=wanzhou, township=township)
    hazard = factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise, grade="major")
    return {"district": wanzhou.pk, "township": township.pk, "enterprise": enterprise.pk,
            "hazard": hazard.pk}


UNKNOWN = {"district": "999999", "township": "999999999", "enterprise": UNKNOWN_ID,
           "hazard": UNKNOWN_ID}

FILTERS = [
    ("hazards/", "district"), ("hazards/", "township"), ("hazards/", "enterprise"),
    ("hazards/?pagination=page", "enterprise"),
    ("hazards/export/?format=csv", "enterprise"), ("hazards/export/?format=csv", "district"),
    ("inspections/", "district"), ("inspections/", "enterprise"),
    ("enterprises/", "district"), ("enterprises/", "township"),
    ("rectification-orders/", "hazard"), ("verifications/", "hazard"),
    ("extensions/", "hazard"), ("rectification-plans/", "hazard"),
    ("supervisions/", "hazard"), ("evidence-files/", "hazard"),
]


@pytest.mark.parametrize(("path", "name"), FILTERS)
def test_a_foreign_id_answers_exactly_like_an_unknown_one(path, name, elsewhere,
                                                          district_official, enterprise):
    factories.hazard(enterprise=enterprise)  # something in scope, so "empty" means something
    api = token_client(district_official)
    sep = "&" if "?" in path else "?"

    foreign = api.get(f"/api/v1/{path}{sep}{name}={elsewhere[name]}")
    unknown = api.get(f"/api/v1/{path}{sep}{name}={UNKNOWN[name]}")

    assert foreign.status_code == unknown.status_code
    assert foreign.json() == unknown.json()
    assert str(elsewhere[name]) not in foreign.content.decode()


@pytest.mark.parametrize(("path", "name"), [("hazards/", "enterprise"),
                                            ("inspections/", "enterprise"),
                                            ("enterprises/", "district")])
def test_an_id_in_scope_still_filters(path, name, district_official, enterprise):
    hazard = factories.hazard(enterprise=enterprise)
    value = enterprise.pk if name == "enterprise" else enterprise.district_id

    response = token_client(district_official).get(f"/api/v1/{path}?{name}={value}")

    assert response.status_code == 200
    ids = [row["id"] for row in response.json()["results"]]
    expected = {"hazards/": hazard.pk, "inspections/": hazard.inspection_id,
                "enterprises/": enterprise.pk}[path]
    assert ids == [expected]


def test_the_register_page_answers_a_foreign_enterprise_like_an_unknown_one(
        client, elsewhere, district_official):
    client.force_login(district_official)
    url = reverse("hazards:register")

    foreign = client.get(url, {"enterprise": elsewhere["enterprise"]})
    unknown = client.get(url, {"enterprise": UNKNOWN_ID})

    assert foreign.status_code == unknown.status_code == 200
    assert (foreign.context["filter"].errors == unknown.context["filter"].errors
            == {"enterprise": ["选择一个有效的选项： 该选择不在可用的选项中。"]})


# --- people outside the scope are never named --------------------------------------------------

def test_an_officer_of_another_district_is_refused_like_an_unknown_one_and_not_named(
        district_official, enterprise, wanzhou):
    hazard = factories.hazard(enterprise=enterprise)
    colleague = factories.inspector("500102")
    foreign = factories.inspector("500101", display_name="万州的执法人员王某")
    api = token_client(district_official)
    url = f"/api/v1/hazards/{hazard.pk}/order-rectification/"
    body = {"rectification_deadline": (today_cst() + datetime.timedelta(days=7)).isoformat(),
            "expected_version": hazard.version}

    with_foreign = api.post(url, {**body, "officer_ids": [colleague.pk, foreign.pk]},
                            format="json")
    with_unknown = api.post(url, {**body, "officer_ids": [colleague.pk, UNKNOWN_ID]},
                            format="json")

    assert with_foreign.status_code == with_unknown.status_code == 400
    assert with_foreign.json() == with_unknown.json()
    assert "王某" not in with_foreign.content.decode()
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.REPORTED


def test_the_order_service_refuses_a_foreign_officer_without_naming_them(
        district_official, enterprise, wanzhou):
    from core.errors import ValidationFailed

    hazard = factories.hazard(enterprise=enterprise)
    foreign = factories.inspector("500101", display_name="万州的执法人员王某")

    with pytest.raises(ValidationFailed) as refused:
        services.hazard_order_rectification(
            hazard=hazard, actor=district_official,
            rectification_deadline=today_cst() + datetime.timedelta(days=7),
            officers=factories.signatures(factories.inspector("500102"), foreign))

    assert refused.value.field == "officers"
    assert "王某" not in refused.value.message
