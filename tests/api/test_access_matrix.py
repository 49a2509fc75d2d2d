"""Role × resource × method: each role reaches exactly what docs/domain.md "Roles" allows, and
gets 404 for objects outside its scope (401 when not authenticated at all)."""
import itertools

import pytest
from stdnum.cn import uscc

from core.clock import today_cst
from hazards.models import Hazard
from inspections.models import Inspection
from tests import factories

from .conftest import token_client

pytestmark = pytest.mark.django_db

_codes = itertools.count(1)


def valid_credit_code() -> str:
    """An 18-character code with a correct GB 32100 check digit. (``factories.credit_code``
    yields 17 characters, which the model's validator rejects; reported, not changed here.)"""
    body = f"91500102{next(_codes):09d}"
    return body + uscc.calc_check_digit(body)


ROLES = ["city", "district", "inspector", "officer", "outsider", "anonymous"]


@pytest.fixture
def world(fuling, wanzhou):
    """Fuling: the officer's enterprise (hazard "own") and a sibling enterprise (hazard
    "sibling"); Wanzhou: one enterprise (hazard "other")."""
    own = factories.EnterpriseFactory(district=fuling, credit_code=valid_credit_code())
    sibling = factories.EnterpriseFactory(district=fuling, credit_code=valid_credit_code())
    other = factories.EnterpriseFactory(district=wanzhou, credit_code=valid_credit_code())
    hazards = {"own": factories.hazard(enterprise=own), "sibling": factories.hazard(
        enterprise=sibling), "other": factories.hazard(enterprise=other)}
    users = {
        "city": factories.city_official(),
        "district": factories.district_official("500102"),
        "inspector": factories.inspector("500102"),
        "officer": factories.enterprise_officer(own),
        "outsider": factories.UserFactory(role=""),
    }
    return {"enterprises": {"own": own, "sibling": sibling, "other": other},
            "hazards": hazards, "users": users,
            # the second badge-holding officer an enforcement inspection needs
            "partner": factories.inspector("500102")}


def client(world, role):
    from rest_framework.test import APIClient

    return APIClient() if role == "anonymous" else token_client(world["users"][role])


# which of own / sibling / other each role sees
SEES = {
    "city": {"own", "sibling", "other"},
    "district": {"own", "sibling"},
    "inspector": {"own", "sibling"},
    "officer": {"own"},
    "outsider": set(),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("resource", ["hazards", "enterprises", "inspections"])
def test_list_shows_exactly_the_scope(world, role, resource):
    response = client(world, role).get(f"/api/v1/{resource}/?pagination=page"
                                       if resource == "hazards" else f"/api/v1/{resource}/")

    if role == "anonymous":
        assert response.status_code == 401
        return
    objects = {
        "hazards": world["hazards"],
        "enterprises": world["enterprises"],
        "inspections": {key: h.inspection for key, h in world["hazards"].items()},
    }[resource]
    expected = sorted(objects[key].pk for key in SEES[role])
    assert response.status_code == 200
    assert sorted(row["id"] for row in response.json()["results"]) == expected


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("resource", ["hazards", "enterprises", "inspections"])
@pytest.mark.parametrize("which", ["own", "sibling", "other"])
def test_detail_is_200_in_scope_and_404_outside(world, role, resource, which):
    obj = {"hazards": world["hazards"][which], "enterprises": world["enterprises"][which],
           "inspections": world["hazards"][which].inspection}[resource]

    response = client(world, role).get(f"/api/v1/{resource}/{obj.pk}/")

    if role == "anonymous":
        assert response.status_code == 401
    elif which in SEES[role]:
        assert response.status_code == 200
        assert response.json()["id"] == obj.pk
    else:
        assert response.status_code == 404
        assert response.json() == {"code": "not_found", "detail": response.json()["detail"],
                                   "fields": {}}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", ["districts/", "districts/500102/", "townships/", "sectors/",
                                  "departments/", "accident-types/"])
def test_reference_data_is_readable_by_every_signed_in_user(world, role, path):
    response = client(world, role).get(f"/api/v1/{path}")

    assert response.status_code == (401 if role == "anonymous" else 200)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_hazards_have_no_generic_writes(world, role, method):
    hazard = world["hazards"]["own"]
    path = "/api/v1/hazards/" if method == "post" else f"/api/v1/hazards/{hazard.pk}/"

    response = getattr(client(world, role), method)(path, {}, format="json")

    assert response.status_code == (401 if role == "anonymous" else 405)
    assert Hazard.objects.filter(pk=hazard.pk, description=hazard.description).exists()


# --- enterprise writes ----------------------------------------------------------------------

def _new_enterprise(district="500102"):
    return {"credit_code": valid_credit_code(), "name": "新登记化工有限公司",
            "district": district, "sector": factories.sector().pk, "address": "涪陵区某路1号"}


@pytest.mark.parametrize(("role", "district", "status"), [
    ("city", "500102", 201), ("city", "500101", 201),
    ("district", "500102", 201), ("district", "500101", 403),
    ("inspector", "500102", 403), ("officer", "500102", 403), ("outsider", "500102", 403),
    ("anonymous", "500102", 401),
])
def test_enterprise_create_by_role(world, role, district, status):
    response = client(world, role).post("/api/v1/enterprises/", _new_enterprise(district),
                                        format="json")

    assert response.status_code == status, response.content
    if status == 201:
        assert response.json()["district"] == district


@pytest.mark.parametrize(("role", "which", "status"), [
    ("city", "other", 200), ("district", "own", 200), ("district", "other", 404),
    ("inspector", "own", 403), ("officer", "own", 403), ("officer", "sibling", 404),
    ("outsider", "own", 404), ("anonymous", "own", 401),
])
def test_enterprise_update_by_role(world, role, which, status):
    enterprise = world["enterprises"][which]

    response = client(world, role).patch(f"/api/v1/enterprises/{enterprise.pk}/",
                                         {"address": "新地址",
                                          "expected_version": enterprise.version},
                                         format="json")

    assert response.status_code == status
    enterprise.refresh_from_db()
    assert (enterprise.address == "新地址") is (status == 200)


def test_district_official_cannot_move_an_enterprise_out_of_their_district(world):
    enterprise = world["enterprises"]["own"]

    response = client(world, "district").patch(f"/api/v1/enterprises/{enterprise.pk}/",
                                               {"district": "500101"}, format="json",
                                               HTTP_IF_MATCH=f'"{enterprise.version}"')

    assert response.status_code == 403
    enterprise.refresh_from_db()
    assert enterprise.district_id == "500102"


@pytest.mark.parametrize(("code", "message_field"), [
    ("91500102000000001", "credit_code"),    # 17 characters
    ("91500102000000001B", "credit_code"),   # wrong check digit (A is right)
])
def test_enterprise_credit_code_is_validated(world, code, message_field):
    # lower case and spaces are normalised, so this one is accepted
    accepted = client(world, "district").post(
        "/api/v1/enterprises/", {**_new_enterprise(),
                                 "credit_code": " " + valid_credit_code().lower()},
        format="json")
    assert accepted.status_code == 201, accepted.content

    data = {**_new_enterprise(), "credit_code": code}

    response = client(world, "district").post("/api/v1/enterprises/", data, format="json")

    assert response.status_code == 400
    assert list(response.json()["fields"]) == [message_field]


def test_enterprise_duplicate_credit_code_is_400(world):
    first = client(world, "city").post("/api/v1/enterprises/", _new_enterprise(), format="json")
    data = {**_new_enterprise(), "credit_code": first.json()["credit_code"]}

    response = client(world, "city").post("/api/v1/enterprises/", data, format="json")

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["credit_code"]


def test_enterprise_township_must_lie_in_its_district(world):
    from enterprises.models import Township

    township = Township.objects.create(code="500101001", name="高笋塘街道", district_id="500101")
    data = {**_new_enterprise("500102"), "township": township.pk}

    response = client(world, "district").post("/api/v1/enterprises/", data, format="json")

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["township"]


# --- inspection filing ----------------------------------------------------------------------

def _inspection(enterprise, kind="enforcement", findings=None, inspectors=()):
    return {"kind": kind, "enterprise": enterprise.pk, "inspected_on": today_cst().isoformat(),
            "inspectors": [officer.pk for officer in inspectors],
            "findings": findings if findings is not None else [
                {"grade": "general", "category": "equipment_defect",
                 "description": "灭火器过期", "location": "仓库"},
                {"grade": "general", "category": "management_deficiency",
                 "description": "未建立隐患排查台账"}]}


@pytest.mark.parametrize(("role", "which", "kind", "status"), [
    ("inspector", "own", "enforcement", 201),
    ("district", "sibling", "covert", 201),
    ("officer", "own", "self_inspection", 201),
    ("officer", "own", "enforcement", 403),
    ("city", "own", "enforcement", 403),
    ("inspector", "other", "enforcement", 400),  # not visible: no such enterprise for them
    ("outsider", "own", "enforcement", 400),
    ("anonymous", "own", "enforcement", 401),
])
def test_inspection_create_by_role(world, role, which, kind, status):
    enterprise = world["enterprises"][which]
    before = Inspection.objects.count()

    # the inspector files enforcement with a colleague (two badge-holding officers)
    team = [world["partner"]] if role == "inspector" else []

    response = client(world, role).post("/api/v1/inspections/",
                                        _inspection(enterprise, kind, inspectors=team),
                                        format="json")

    assert response.status_code == status, response.content
    if status == 201:
        body = response.json()
        assert [h["status"] for h in body["hazards"]] == ["reported", "reported"]
        assert Hazard.objects.filter(inspection_id=body["id"]).count() == 2
    else:
        assert Inspection.objects.count() == before
    if status == 400:
        assert list(response.json()["fields"]) == ["enterprise"]


def test_inspection_with_a_bad_finding_writes_nothing_and_names_it(world):
    findings = [{"grade": "general", "category": "equipment_defect", "description": "好的"},
                {"grade": "general", "category": "equipment_defect", "description": "期限已过",
                 "rectification_deadline": "2020-01-01"}]
    before = Hazard.objects.count()

    response = client(world, "inspector").post(
        "/api/v1/inspections/", _inspection(world["enterprises"]["own"], findings=findings,
                                            inspectors=[world["partner"]]),
        format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "deadline_in_past"
    assert list(response.json()["fields"]) == ["findings[1].rectification_deadline"]
    assert Hazard.objects.count() == before


def test_inspection_with_malformed_finding_names_the_nested_field(world):
    findings = [{"grade": "enormous", "category": "equipment_defect", "description": "x"}]

    response = client(world, "inspector").post(
        "/api/v1/inspections/", _inspection(world["enterprises"]["own"], findings=findings),
        format="json")

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["findings[0].grade"]
