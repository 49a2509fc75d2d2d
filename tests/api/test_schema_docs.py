"""The OpenAPI schema and its documentation pages."""
import re

import pytest
from rest_framework.test import APIClient

from core import errors

pytestmark = pytest.mark.django_db

# components built by the API's own serializers (hazards, enterprises, inspections,
# reference data, errors); every one of their fields must say what it is, with units
DOCUMENTED_COMPONENTS = [
    "Hazard", "HazardDetail", "HazardTransition", "Enterprise", "EnterpriseRequest",
    "District", "Township", "Sector", "Department", "AccidentType", "Inspection",
    "InspectionHazard", "InspectionCreateRequest", "FindingRequest", "Error",
    "PaginatedHazardList", "PaginatedEnterpriseList", "PaginatedInspectionList",
]


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    with django_db_blocker.unblock():
        response = APIClient().get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    return response.json()


def test_schema_is_public_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    assert "apiToken" in schema["components"]["securitySchemes"]


@pytest.mark.parametrize("component", DOCUMENTED_COMPONENTS)
def test_every_field_has_a_description(schema, component):
    properties = schema["components"]["schemas"][component]["properties"]

    assert [name for name, prop in properties.items() if not prop.get("description")] == []


def test_money_and_dates_state_their_units(schema):
    hazard = schema["components"]["schemas"]["Hazard"]["properties"]

    assert "yuan" in hazard["rectification_funds"]["description"]
    assert "China Standard Time" in hazard["rectification_deadline"]["description"]


def test_description_lists_every_domain_error_code(schema):
    codes = {cls.code for cls in vars(errors).values()
             if isinstance(cls, type) and issubclass(cls, errors.DomainError)}
    table = set(re.findall(r"\| `([a-z_]+)` \|", schema["info"]["description"]))

    assert codes <= table
    assert {"unknown_parameter", "not_found", "throttled", "read_only_token"} <= table


def test_every_operation_documents_error_bodies(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            for status in ("400", "401", "404", "429"):
                content = operation["responses"][status]["content"]["application/json"]
                assert content["schema"] == {"$ref": "#/components/schemas/Error"}, (
                    method, path, status)


@pytest.mark.parametrize("path", ["/api/v1/docs/", "/api/v1/redoc/"])
def test_docs_pages_use_local_assets_only(path):
    response = APIClient().get(path)
    page = response.content.decode()

    assert response.status_code == 200
    assert "/static/drf_spectacular_sidecar/" in page
    assert not re.search(r"(src|href)=\"https?://", page)


def test_unknown_api_path_is_a_json_404():
    response = APIClient().get("/api/v1/no-such-thing/")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
