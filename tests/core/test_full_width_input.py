"""Full-width input typed with a Chinese input method is accepted on every entry point and
stored half-width where it is an identifier, a number or a date; free text keeps its
characters (core.text). Services normalise too, so a caller that forgets stores clean data."""
import datetime
import unicodedata
from decimal import Decimal

import pytest
from django.urls import reverse
from stdnum.cn import uscc

from core.clock import today_cst
from enterprises import services as enterprise_services
from enterprises.models import Enterprise
from hazards.models import Hazard
from imports.layouts import RowPlan, interpret
from imports.presets import ENTERPRISES
from inspections.models import Inspection
from tests import factories

from ..api.conftest import token_client

pytestmark = pytest.mark.django_db


def full_width(text: str) -> str:
    """``text`` as a Chinese input method in full-width mode types it."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def a_credit_code(seed=7) -> str:
    body = f"91500102{seed:09d}"
    return body + uscc.calc_check_digit(body)


NEXT_WEEK = today_cst() + datetime.timedelta(days=7)


@pytest.fixture
def partner(fuling):
    """The second badge-holding officer an enforcement inspection needs."""
    return factories.inspector("500102")


def test_full_width_round_trip_helper_is_what_nfkc_undoes():
    assert unicodedata.normalize("NFKC", full_width("2026-12-02")) == "2026-12-02"


def test_filing_form_stores_full_width_dates_and_amounts_half_width(client, enterprise,
                                                                    inspector, partner):
    client.force_login(inspector)
    today, deadline = today_cst().isoformat(), NEXT_WEEK.isoformat()

    response = client.post(reverse("inspections:file"), {
        "enterprise": enterprise.pk, "kind": "enforcement", "inspectors": [partner.pk],
        "inspected_on": full_width(today), "notes": "\u3000例行检查\u202e",
        "findings-TOTAL_FORMS": 1, "findings-INITIAL_FORMS": 0, "findings-MIN_NUM_FORMS": 1,
        "findings-MAX_NUM_FORMS": 50, "findings-0-grade": "general",
        "findings-0-category": "equipment_defect",
        "findings-0-description": "配电箱未接地（２号车间）",
        "findings-0-rectification_deadline": full_width(deadline),
        "findings-0-rectification_funds": full_width("12000.50"), "submit": "1"})

    assert response.status_code == 302, response.context["form"].errors
    inspection = Inspection.objects.get()
    hazard = inspection.hazards.get()
    assert inspection.inspected_on == today_cst()
    assert inspection.notes == "例行检查"
    assert hazard.rectification_deadline == NEXT_WEEK
    assert hazard.rectification_funds == Decimal("12000.50")
    assert hazard.description == "配电箱未接地（２号车间）"  # prose is kept as typed


def test_filing_form_accepts_a_chinese_written_date(client, enterprise, inspector, partner):
    client.force_login(inspector)
    today = today_cst()

    client.post(reverse("inspections:file"), {
        "enterprise": enterprise.pk, "kind": "enforcement", "inspectors": [partner.pk],
        "inspected_on": f"{today.year}年{today.month}月{today.day}日",
        "findings-TOTAL_FORMS": 1, "findings-INITIAL_FORMS": 0, "findings-MIN_NUM_FORMS": 1,
        "findings-MAX_NUM_FORMS": 50, "findings-0-grade": "general",
        "findings-0-category": "equipment_defect", "findings-0-description": "灭火器过期",
        "submit": "1"})

    assert Inspection.objects.get().inspected_on == today


def test_loop_form_stores_a_full_width_deadline(client, district_official, enterprise):
    hazard = factories.hazard(enterprise=enterprise)
    client.force_login(district_official)

    response = client.post(reverse("hazards:action", args=[hazard.pk, "order"]), {
        "rectification_deadline": full_width(NEXT_WEEK.isoformat()), "version": hazard.version,
        **factories.signing_form(factories.inspector(), factories.inspector())})

    assert response.status_code == 302
    hazard.refresh_from_db()
    assert hazard.rectification_deadline == NEXT_WEEK


def test_api_filing_stores_full_width_dates_half_width(enterprise, inspector, partner):
    response = token_client(inspector).post("/api/v1/inspections/", {
        "kind": "enforcement", "enterprise": enterprise.pk, "inspectors": [partner.pk],
        "inspected_on": full_width(today_cst().isoformat()),
        "findings": [{"grade": "general", "category": "equipment_defect",
                      "description": "\u202e灭火器过期\u3000",
                      "rectification_deadline": full_width(NEXT_WEEK.isoformat()),
                      "rectification_funds": full_width("300")}]}, format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["inspected_on"] == today_cst().isoformat()
    assert body["hazards"][0]["rectification_deadline"] == NEXT_WEEK.isoformat()
    assert body["hazards"][0]["description"] == "灭火器过期"
    assert Hazard.objects.get().rectification_funds == Decimal("300")


def test_api_enterprise_stores_full_width_code_phone_and_email_half_width(district_official):
    code = a_credit_code()

    response = token_client(district_official).post("/api/v1/enterprises/", {
        "credit_code": full_width(code.lower()), "name": "\u3000涪陵（集团）化工有限公司\u202c",
        "district": "500102", "sector": factories.sector().pk,
        "safety_contact_phone": full_width("023-72886666"),
        "safety_contact_email": full_width("safety@example.com")}, format="json")

    assert response.status_code == 201, response.content
    enterprise = Enterprise.objects.get(pk=response.json()["id"])
    assert enterprise.credit_code == code
    assert enterprise.safety_contact_phone == "023-72886666"
    assert enterprise.safety_contact_email == "safety@example.com"
    assert enterprise.name == "涪陵（集团）化工有限公司"


def test_enterprise_service_normalises_what_a_caller_forgot(district_official, fuling):
    enterprise = enterprise_services.enterprise_create(
        actor=district_official, credit_code=full_width(a_credit_code(8)), name="某化工厂",
        district=fuling, sector=factories.sector(),
        safety_contact_phone=full_width("13800000001"))

    assert enterprise.safety_contact_phone == "13800000001"


def test_enterprise_api_refuses_a_too_long_phone_naming_it(district_official):
    response = token_client(district_official).post("/api/v1/enterprises/", {
        "credit_code": a_credit_code(9), "name": "某化工厂", "district": "500102",
        "sector": factories.sector().pk, "safety_contact_phone": "1" * 31}, format="json")

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["safety_contact_phone"]


def test_admin_stores_a_full_width_badge_and_phone_half_width(admin_client, inspector):
    url = reverse("admin:accounts_user_change", args=[inspector.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items()
            if value is not None and not isinstance(value, list | tuple)}
    data.update(badge_number=full_width("5001020077"), phone=full_width("13800000002"),
                district="500102", role="inspector", username=inspector.username,
                date_joined_0=inspector.date_joined.date().isoformat(),
                date_joined_1="00:00:00", is_active="on")

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    inspector.refresh_from_db()
    assert (inspector.badge_number, inspector.phone) == ("5001020077", "13800000002")


def test_a_user_saved_by_a_script_keeps_a_half_width_badge(fuling):
    officer = factories.inspector("500102", badge_number=full_width("5001020088"))

    officer.refresh_from_db()
    assert officer.badge_number == "5001020088"


def test_ledger_import_stores_full_width_phone_half_width_and_reports_long_names():
    class Preset:  # the two attributes interpret() reads from an ImportPreset
        codes, options = {}, {}

    plan = interpret(ENTERPRISES, {"name": "某化工厂", "credit_code": full_width(a_credit_code()),
                                   "safety_contact_phone": full_width("023-72886666"),
                                   "address": "涪陵区（李渡）工业园"}, Preset())
    errors = interpret(ENTERPRISES, {"name": "某化工厂", "legal_representative": "名" * 51},
                       Preset())

    assert isinstance(plan, RowPlan)
    assert plan.enterprise.credit_code == a_credit_code()
    assert plan.enterprise.details["safety_contact_phone"] == "023-72886666"
    assert plan.enterprise.address == "涪陵区（李渡）工业园"
    assert [(e.field, e.zh[:7]) for e in errors] == [("legal_representative", "“法定代表人”")]


def test_the_admin_is_no_second_door_for_enterprise_edits(admin_client, enterprise):
    # enterprises change only through enterprises.services (role, version, normalisation,
    # history); the admin shows them read-only
    url = reverse("admin:enterprises_enterprise_change", args=[enterprise.pk])

    response = admin_client.post(url, {
        "credit_code": full_width(enterprise.credit_code), "name": "改名",
        "district": enterprise.district_id, "sector": enterprise.sector_id,
        "safety_contact_phone": full_width("023-72886666")})

    assert response.status_code == 403
    enterprise.refresh_from_db()
    assert enterprise.name != "改名"
