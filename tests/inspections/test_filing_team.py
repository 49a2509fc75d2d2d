"""The team rule of an inspection kind (two badge-holding officers for enforcement, the lead
and another department for a joint inspection) is enforced where the record is filed, on
every entry point, so that a filed record can always be signed; the sign button appears only
when signing can succeed."""
import pytest
from django.urls import reverse

from core.clock import today_cst
from enterprises.models import Department
from inspections.enums import InspectionKind
from inspections.models import Inspection
from tests import factories

from ..api.conftest import token_client

pytestmark = pytest.mark.django_db
PASSWORD = "pass-word-123"  # tests.factories.UserFactory's password
FILE = reverse("inspections:file")


def _quick_form(enterprise, *, kind="enforcement", inspectors=(), joint_departments=(),
                department=""):
    return {"enterprise": enterprise.pk, "kind": kind,
            "inspected_on": today_cst().isoformat(), "notes": "例行检查",
            "department": department, "inspectors": [o.pk for o in inspectors],
            "joint_departments": [d.pk for d in joint_departments],
            "findings-TOTAL_FORMS": 1, "findings-INITIAL_FORMS": 0,
            "findings-MIN_NUM_FORMS": 1, "findings-MAX_NUM_FORMS": 50,
            "findings-0-grade": "general", "findings-0-category": "equipment_defect",
            "findings-0-description": "消防通道堵塞", "submit": "1"}


def _departments(district):
    lead = Department.objects.create(code="fl-yj", name="涪陵区应急管理局",
                                     kind="emergency_management", district=district)
    fire = Department.objects.create(code="fl-xf", name="涪陵区消防救援支队",
                                     kind="fire_rescue", district=district)
    return lead, fire


def test_quick_form_refuses_an_enforcement_inspection_by_one_officer(client, enterprise,
                                                                    inspector):
    client.force_login(inspector)

    response = client.post(FILE, _quick_form(enterprise))

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["inspectors"]
    assert "两名以上持有执法证" in errors["inspectors"][0]
    assert "消防通道堵塞" in response.content.decode()  # what was typed stays
    assert not Inspection.objects.exists()


def test_quick_form_counts_only_officers_with_a_badge_number(client, enterprise, inspector):
    without_badge = factories.inspector("500102", badge_number="")
    client.force_login(inspector)

    response = client.post(FILE, _quick_form(enterprise, inspectors=[without_badge]))

    assert list(response.context["form"].errors) == ["inspectors"]
    assert not Inspection.objects.exists()


def test_quick_filed_enforcement_record_with_two_officers_is_signed_from_its_page(
        client, enterprise, inspector):
    partner = factories.inspector("500102", display_name="李执法")
    client.force_login(inspector)

    response = client.post(FILE, _quick_form(enterprise, inspectors=[partner]))
    inspection = Inspection.objects.get()
    detail = client.get(reverse("inspections:detail", args=[inspection.pk]))
    signed = client.post(reverse("inspections:sign", args=[inspection.pk]), {
        f"password-{inspector.pk}": PASSWORD, f"password-{partner.pk}": PASSWORD,
        "enterprise_representative": "王厂长"})

    assert response.status_code == 302
    assert reverse("inspections:sign", args=[inspection.pk]) in detail.content.decode()
    assert signed.status_code == 302
    inspection.refresh_from_db()
    assert inspection.is_signed


def test_quick_form_files_a_joint_inspection_with_its_departments(client, enterprise,
                                                                  inspector, fuling):
    lead, fire = _departments(fuling)
    client.force_login(inspector)

    refused = client.post(FILE, _quick_form(enterprise, kind="joint", department=lead.pk))
    filed = client.post(FILE, _quick_form(enterprise, kind="joint", department=lead.pk,
                                          joint_departments=[fire]))

    assert list(refused.context["form"].errors) == ["joint_departments"]
    assert filed.status_code == 302
    inspection = Inspection.objects.get()
    assert list(inspection.joint_departments.all()) == [fire]


def test_covert_inspection_by_one_officer_is_filed_and_signable(client, enterprise, inspector):
    client.force_login(inspector)

    response = client.post(FILE, _quick_form(enterprise, kind="covert"))
    inspection = Inspection.objects.get()
    detail = client.get(reverse("inspections:detail", args=[inspection.pk]))

    assert response.status_code == 302
    assert reverse("inspections:sign", args=[inspection.pk]) in detail.content.decode()


def test_api_filing_refuses_an_enforcement_inspection_by_one_officer(enterprise, inspector):
    response = token_client(inspector).post("/api/v1/inspections/", {
        "kind": "enforcement", "enterprise": enterprise.pk,
        "inspected_on": today_cst().isoformat(), "findings": []}, format="json")

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["inspectors"]
    assert not Inspection.objects.exists()


def test_api_filing_takes_the_team_and_the_joint_departments(enterprise, inspector, fuling):
    partner = factories.inspector("500102")
    lead, fire = _departments(fuling)

    response = token_client(inspector).post("/api/v1/inspections/", {
        "kind": "joint", "enterprise": enterprise.pk, "department": lead.pk,
        "joint_departments": [fire.pk], "inspectors": [partner.pk],
        "inspected_on": today_cst().isoformat(), "findings": []}, format="json")

    assert response.status_code == 201, response.content
    inspection = Inspection.objects.get()
    assert sorted(u.pk for u in inspection.inspectors.all()) == sorted([inspector.pk,
                                                                        partner.pk])
    assert list(inspection.joint_departments.all()) == [fire]
    assert response.json()["joint_departments"] == [fire.pk]


def test_api_filing_refuses_an_inspector_outside_the_district(enterprise, inspector):
    stranger = factories.inspector("500101")

    response = token_client(inspector).post("/api/v1/inspections/", {
        "kind": "enforcement", "enterprise": enterprise.pk, "inspectors": [stranger.pk],
        "inspected_on": today_cst().isoformat(), "findings": []}, format="json")

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["inspectors"]
    assert not Inspection.objects.exists()


def _legacy_single_officer_record(enterprise, inspector):
    """A record filed before the team rule was enforced at filing: one officer only."""
    record = Inspection.objects.create(kind=InspectionKind.ENFORCEMENT, enterprise=enterprise,
                                       district_id=enterprise.district_id,
                                       created_by=inspector, inspected_on=today_cst())
    record.inspectors.set([inspector])
    return record


def test_sign_button_is_hidden_and_the_reason_shown_when_the_team_is_short(
        client, enterprise, inspector):
    record = _legacy_single_officer_record(enterprise, inspector)
    client.force_login(inspector)
    sign_url = reverse("inspections:sign", args=[record.pk])

    detail = client.get(reverse("inspections:detail", args=[record.pk])).content.decode()
    page = client.get(reverse("inspections:record", args=[record.pk])).content.decode()

    assert sign_url not in detail and sign_url not in page
    assert "两名以上持有执法证" in detail and "两名以上持有执法证" in page


def test_sign_button_is_hidden_from_staff_who_are_not_on_the_team(client, enterprise,
                                                                   inspector,
                                                                   district_official):
    record = factories.inspection(enterprise=enterprise, actor=inspector)  # a team of two
    client.force_login(district_official)
    sign_url = reverse("inspections:sign", args=[record.pk])

    detail = client.get(reverse("inspections:detail", args=[record.pk])).content.decode()
    page = client.get(reverse("inspections:record", args=[record.pk])).content.decode()

    assert sign_url not in detail and sign_url not in page


def test_enterprise_officer_signs_its_own_self_inspection_from_its_page(client, enterprise,
                                                                        enterprise_officer):
    client.force_login(enterprise_officer)
    client.post(FILE, _quick_form(enterprise, kind="self_inspection"))
    record = Inspection.objects.get()

    detail = client.get(reverse("inspections:detail", args=[record.pk])).content.decode()

    assert reverse("inspections:sign", args=[record.pk]) in detail
