"""The loop through the API: error shapes (400/403/409), stale versions, scoping of loop
records and evidence files."""
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from core.clock import today_cst
from hazards import services
from hazards.enums import HazardStatus
from tests import factories

from .conftest import HTML_BYTES, png_bytes

pytestmark = pytest.mark.django_db
NEXT_WEEK = (today_cst() + datetime.timedelta(days=7)).isoformat()


@pytest.fixture
def api():
    return APIClient()


def test_order_through_the_api(api, district_official, enterprise):
    hazard = factories.hazard(enterprise=enterprise)
    api.force_authenticate(district_official)

    officers = [{"officer_id": factories.inspector().pk, "password": factories.PASSWORD}
                for _ in range(2)]
    response = api.post(f"/api/v1/hazards/{hazard.pk}/order-rectification/",
                        {"rectification_deadline": NEXT_WEEK, "rectification_measures": "清理",
                         "expected_version": hazard.version, "officers": officers},
                        format="json")

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["version"]) == ("rectifying", hazard.version + 1)
    assert body["history"][-1]["data"]["document_number"].endswith("号")


def test_stale_expected_version_is_409_conflict(api, district_official, inspector, enterprise):
    hazard = factories.hazard(enterprise=enterprise)
    services.hazard_close_on_spot(hazard=hazard, actor=inspector, note="当场整改")
    api.force_authenticate(district_official)

    response = api.post(f"/api/v1/hazards/{hazard.pk}/order-rectification/",
                        {"rectification_deadline": NEXT_WEEK, "expected_version": 1},
                        format="json")

    assert response.status_code == 409
    assert response.json()["code"] == "conflict"


def test_wrong_state_is_409_and_wrong_person_is_403(api, enterprise, enterprise_officer,
                                                    district_official):
    closed = factories.hazard_in(HazardStatus.CLOSED, enterprise=enterprise)
    pending = factories.hazard_in(HazardStatus.PENDING_VERIFICATION, enterprise=enterprise)
    api.force_authenticate(district_official)
    response = api.post(f"/api/v1/hazards/{closed.pk}/order-rectification/",
                        {"rectification_deadline": NEXT_WEEK,
                         "expected_version": closed.version}, format="json")
    assert (response.status_code, response.json()["code"]) == (409, "transition_not_allowed")

    api.force_authenticate(enterprise_officer)
    response = api.post(f"/api/v1/hazards/{pending.pk}/verify/",
                        {"result": "passed", "expected_version": pending.version},
                        format="json")
    assert (response.status_code, response.json()["code"]) == (403, "permission_denied")


def test_invalid_input_is_400_naming_the_field(api, inspector, enterprise):
    hazard = factories.hazard_in(HazardStatus.PENDING_VERIFICATION, enterprise=enterprise)
    api.force_authenticate(inspector)

    response = api.post(f"/api/v1/hazards/{hazard.pk}/verify/",
                        {"result": "failed", "opinion": "未整改",
                         "expected_version": hazard.version}, format="json")

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["new_deadline"]


def test_major_order_without_plan_is_409_plan_required(api, enterprise, district_official):
    hazard = factories.hazard(enterprise=enterprise, grade="major")
    api.force_authenticate(district_official)

    response = api.post(f"/api/v1/hazards/{hazard.pk}/order-rectification/",
                        {"rectification_deadline": NEXT_WEEK,
                         "expected_version": hazard.version}, format="json")

    assert (response.status_code, response.json()["code"]) == (409, "plan_required")


def test_faked_file_is_refused_through_the_api(api, enterprise, enterprise_officer):
    hazard = factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise)
    api.force_authenticate(enterprise_officer)

    response = api.post(f"/api/v1/hazards/{hazard.pk}/submit-evidence/", {
        "description": "已整改", "files": [SimpleUploadedFile("photo.jpg", HTML_BYTES)],
        "expected_version": hazard.version}, format="multipart")

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["files"]
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.RECTIFYING


def test_faked_file_is_refused_through_the_page(client, enterprise, enterprise_officer,
                                                html_as_jpg):
    hazard = factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise)
    client.force_login(enterprise_officer)

    response = client.post(reverse("hazards:action", args=[hazard.pk, "evidence"]), {
        "description": "已整改", "files": [html_as_jpg], "version": hazard.version})

    assert response.status_code == 200
    assert "files" in response.context["form"].errors
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.RECTIFYING


def read_file_response(response) -> bytes:
    """The body of a FileResponse; closes the file (not the response: closing it would fire
    request_finished, which closes the test's database connection)."""
    body = b"".join(response.streaming_content)
    for closer in response._resource_closers:
        closer()
    return body


@pytest.fixture
def evidence_file(enterprise, enterprise_officer):
    hazard = factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise)
    hazard = services.hazard_submit_evidence(
        hazard=hazard, actor=enterprise_officer, description="已整改",
        files=[SimpleUploadedFile("现场.png", png_bytes())])
    return hazard.evidence_files.get()


@pytest.mark.parametrize("persona", ["enterprise_officer", "inspector", "district_official",
                                     "city_official"])
def test_evidence_file_is_served_to_users_in_scope(persona, request, client, api,
                                                   evidence_file):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    response = client.get(reverse("hazards:evidence_file",
                                  args=[evidence_file.hazard_id, evidence_file.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert read_file_response(response) == png_bytes()

    api.force_authenticate(user)
    response = api.get(f"/api/v1/evidence-files/{evidence_file.pk}/download/")
    assert response.status_code == 200
    assert read_file_response(response) == png_bytes()


@pytest.mark.parametrize("persona", ["other_district_official", "other_inspector", "outsider"])
def test_evidence_file_is_404_outside_scope(persona, request, client, api, evidence_file):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    assert client.get(reverse("hazards:evidence_file",
                              args=[evidence_file.hazard_id, evidence_file.pk])).status_code == 404

    api.force_authenticate(user)
    assert api.get(f"/api/v1/evidence-files/{evidence_file.pk}/download/").status_code == 404
    assert api.get(f"/api/v1/evidence-files/{evidence_file.pk}/").status_code == 404


def test_evidence_file_of_another_hazard_is_404(client, evidence_file, enterprise,
                                                enterprise_officer):
    other = factories.hazard(enterprise=enterprise)
    client.force_login(enterprise_officer)

    response = client.get(reverse("hazards:evidence_file", args=[other.pk, evidence_file.pk]))

    assert response.status_code == 404


def test_another_enterprise_officer_gets_404(client, evidence_file, fuling):
    stranger = factories.enterprise_officer(factories.EnterpriseFactory(district=fuling))
    client.force_login(stranger)

    response = client.get(reverse("hazards:evidence_file",
                                  args=[evidence_file.hazard_id, evidence_file.pk]))

    assert response.status_code == 404


def test_loop_lists_are_scoped(api, enterprise, district_official, other_district_official):
    factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise)

    api.force_authenticate(district_official)
    assert api.get("/api/v1/rectification-orders/").json()["count"] == 1
    api.force_authenticate(other_district_official)
    assert api.get("/api/v1/rectification-orders/").json()["count"] == 0


def test_loop_list_query_count_does_not_grow(api, enterprise, district_official,
                                             django_assert_max_num_queries):
    factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise)
    api.force_authenticate(district_official)
    with django_assert_max_num_queries(6) as one:
        api.get("/api/v1/rectification-orders/")
    for _ in range(5):
        factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise)
    with django_assert_max_num_queries(len(one.captured_queries)):
        api.get("/api/v1/rectification-orders/")


def test_evidence_downloads_carry_the_chinese_name_with_an_ascii_fallback(client, api,
                                                                         evidence_file,
                                                                         enterprise_officer):
    client.force_login(enterprise_officer)
    page = client.get(reverse("hazards:evidence_file",
                              args=[evidence_file.hazard_id, evidence_file.pk]))
    api.force_authenticate(enterprise_officer)
    download = api.get(f"/api/v1/evidence-files/{evidence_file.pk}/download/")
    read_file_response(page), read_file_response(download)

    encoded = "%E7%8E%B0%E5%9C%BA.png"  # 现场.png
    # an image is shown inline on the page, downloaded by the API
    assert page["Content-Disposition"] == (
        f"inline; filename=\"evidence-{evidence_file.pk}.png\"; filename*=UTF-8''{encoded}")
    assert download["Content-Disposition"] == (
        f"attachment; filename=\"evidence-{evidence_file.pk}.png\"; filename*=UTF-8''{encoded}")
