"""Under /api/ every error is the API's JSON shape ``{"code", "detail", "fields"}``, whatever
the method and whatever the body: an unknown path is a JSON 404 (CSRF does not answer first
with Django's HTML page) and an oversized body is a JSON 400. Pages keep Django's pages."""
import json

import pytest
from django.test import Client

from .conftest import token_client

pytestmark = pytest.mark.django_db


def _is_api_error(response, status, code):
    assert response.status_code == status, response.content[:200]
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"code", "detail", "fields"}
    assert body["code"] == code
    return body


@pytest.mark.parametrize("method", ["get", "post", "put", "patch", "delete", "options"])
@pytest.mark.parametrize("path", ["/api/v1/nowhere/", "/api/v1/hazards/1/nowhere/",
                                  "/api/v1/nowhere"])
def test_unknown_api_path_is_a_json_404_for_every_method_with_a_session(method, path,
                                                                         inspector):
    browser = Client(enforce_csrf_checks=True)  # a logged-in browser session, no CSRF token
    browser.force_login(inspector)

    response = getattr(browser, method)(path)

    _is_api_error(response, 404, "not_found")


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_unknown_api_path_is_a_json_404_without_credentials(method):
    response = getattr(Client(enforce_csrf_checks=True), method)("/api/v1/nowhere/")

    _is_api_error(response, 404, "not_found")


def _oversized(settings) -> str:
    return "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)


def test_oversized_json_body_is_a_json_400(inspector, settings):
    response = token_client(inspector).post(
        "/api/v1/inspections/", json.dumps({"notes": _oversized(settings)}),
        content_type="application/json")

    body = _is_api_error(response, 400, "request_too_large")
    assert str(settings.DATA_UPLOAD_MAX_MEMORY_SIZE) in body["detail"]


def test_oversized_form_body_is_a_json_400(inspector, settings):
    response = token_client(inspector).generic(
        "POST", "/api/v1/inspections/", "notes=" + _oversized(settings),
        content_type="application/x-www-form-urlencoded")

    _is_api_error(response, 400, "request_too_large")


def test_oversized_multipart_field_is_a_json_400(inspector, settings, district_official):
    response = token_client(inspector).post(
        "/api/v1/inspections/", {"notes": _oversized(settings)}, format="multipart")

    _is_api_error(response, 400, "request_too_large")


def test_too_many_fields_is_a_json_400(inspector, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    body = "&".join(f"f{n}=1" for n in range(20))

    response = token_client(inspector).generic(
        "POST", "/api/v1/inspections/", body, content_type="application/x-www-form-urlencoded")

    _is_api_error(response, 400, "too_many_fields")


def test_pages_keep_their_own_error_pages(client, inspector, settings):
    client.force_login(inspector)

    unknown = client.get("/hazards/nowhere/")
    oversized = client.generic("POST", "/inspections/new/", "notes=" + _oversized(settings),
                               content_type="application/x-www-form-urlencoded")

    assert unknown.status_code == 404 and unknown["Content-Type"].startswith("text/html")
    assert oversized.status_code == 400
    assert oversized["Content-Type"].startswith("text/html")
