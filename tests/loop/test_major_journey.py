"""Done-when journey of issue 3: a major hazard goes order-ready (plan) → order → extension
requested and approved → evidence → failed re-inspection → new evidence → passed
re-inspection → closed → supervision lifted; through the services, the pages and the API,
with the document numbers in the history.

Rule followed (hazards.services._require_major_prerequisites): the plan (五落实) must exist
BEFORE rectification starts, so the plan comes right before the order.
"""
import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from core.clock import today_cst
from enterprises.models import Department
from hazards import services
from hazards.enums import HazardAction, HazardStatus
from tests import factories

from .conftest import jpeg_bytes, png_bytes

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)
YEAR = today_cst().year
EXPECTED_ACTIONS = [
    HazardAction.REGISTERED, HazardAction.SUPERVISION_PLACED, HazardAction.PLAN_SUBMITTED,
    HazardAction.RECTIFICATION_ORDERED, HazardAction.EXTENSION_REQUESTED,
    HazardAction.DEADLINE_EXTENDED, HazardAction.EVIDENCE_SUBMITTED,
    HazardAction.VERIFICATION_FAILED, HazardAction.EVIDENCE_SUBMITTED,
    HazardAction.VERIFICATION_PASSED, HazardAction.SUPERVISION_LIFTED,
]


@pytest.fixture
def bureau(fuling):
    return Department.objects.create(code="fl-yj", name="涪陵区应急管理局",
                                     kind="emergency_management", district=fuling,
                                     document_prefix="渝涪陵应急")


@pytest.fixture
def cast(bureau, enterprise, enterprise_officer, district_official, inspector, city_official):
    second = factories.inspector("500102")
    hazard = factories.hazard(enterprise=enterprise, actor=inspector, grade="major",
                              description="液氨储罐区未设置泄漏报警装置")
    hazard.inspection.inspectors.add(inspector, second)
    return {"hazard": hazard, "officer": enterprise_officer, "official": district_official,
            "inspector": inspector, "second": second, "city": city_official}


def assert_journey_recorded(hazard):
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.CLOSED
    rows = list(hazard.transitions.all())
    assert [r.action for r in rows] == EXPECTED_ACTIONS
    numbers = [r.data.get("document_number") for r in rows if r.data.get("document_number")]
    assert numbers == [f"渝涪陵应急责改〔{YEAR}〕1号", f"渝涪陵应急复查〔{YEAR}〕1号",
                       f"渝涪陵应急复查〔{YEAR}〕2号"]
    extended = rows[EXPECTED_ACTIONS.index(HazardAction.DEADLINE_EXTENDED)]
    assert extended.data["old_deadline"] == (today_cst() + 10 * DAY).isoformat()
    assert extended.data["new_deadline"] == (today_cst() + 30 * DAY).isoformat()
    assert hazard.supervisions.get().lifted_on == today_cst()
    assert hazard.orders.get().has_two_officers
    assert hazard.evidence_files.count() == 2
    return numbers


def test_major_hazard_journey_through_the_services(cast):
    hazard, officer, official, inspector = (cast["hazard"], cast["officer"], cast["official"],
                                            cast["inspector"])
    supervision = services.hazard_place_supervision(
        hazard=hazard, actor=cast["city"], authority="重庆市安委办",
        letter_number="渝安办督〔2026〕5号")
    services.hazard_submit_plan(hazard=hazard, actor=officer, responsibility="总经理 李某",
                                measures="加装泄漏报警并联锁", funds=Decimal("86000"),
                                time_limit=today_cst() + 30 * DAY, contingency_plan="氨泄漏专项预案")
    hazard = services.hazard_order_rectification(
        hazard=hazard, actor=official, rectification_deadline=today_cst() + 10 * DAY,
        rectification_measures="加装报警装置", interim_safety_measures="储罐区禁止动火，专人巡查",
        officers=factories.signatures(inspector, cast["second"]))
    extension = services.hazard_request_extension(
        hazard=hazard, actor=officer, new_deadline=today_cst() + 30 * DAY, reason="设备订货周期长")
    services.extension_decide(extension=extension, actor=official, approve=True)
    from django.core.files.uploadedfile import SimpleUploadedFile
    hazard = services.hazard_submit_evidence(
        hazard=hazard, actor=officer, description="已安装报警器",
        files=[SimpleUploadedFile("a.png", png_bytes())])
    hazard = services.hazard_verify(hazard=hazard, actor=inspector, passed=False,
                                    opinion="报警器未联锁", new_deadline=today_cst() + 40 * DAY,
                                    officers=factories.signatures(inspector, cast["second"]))
    hazard = services.hazard_submit_evidence(
        hazard=hazard, actor=officer, description="已联锁",
        files=[SimpleUploadedFile("b.jpg", jpeg_bytes())])
    hazard = services.hazard_verify(hazard=hazard, actor=inspector, passed=True, opinion="合格",
                                    officers=factories.signatures(inspector, cast["second"]))
    services.supervision_lift(supervision=supervision, actor=official)

    assert_journey_recorded(hazard)


def test_major_hazard_journey_through_the_pages(client, cast):
    hazard = cast["hazard"]
    url = reverse("hazards:detail", args=[hazard.pk])

    def act(user, slug, data, files=None):
        client.force_login(user)
        hazard.refresh_from_db()
        response = client.post(reverse("hazards:action", args=[hazard.pk, slug]),
                               {**data, "version": hazard.version, **(files or {})})
        assert response.status_code == 302, response.context["form"].errors
        return response

    act(cast["city"], "supervise", {"authority": "重庆市安委办",
                                     "letter_number": "渝安办督〔2026〕5号"})
    act(cast["officer"], "plan", {"responsibility": "总经理 李某", "measures": "加装泄漏报警",
                                  "funds": "86000.00",
                                  "time_limit": (today_cst() + 30 * DAY).isoformat(),
                                  "contingency_plan": "氨泄漏专项预案"})
    act(cast["official"], "order", {
        "rectification_deadline": (today_cst() + 10 * DAY).isoformat(),
        "rectification_measures": "加装报警装置", "interim_safety_measures": "禁止动火",
        **factories.signing_form(cast["inspector"], cast["second"])})
    act(cast["officer"], "request-extension", {
        "new_deadline": (today_cst() + 30 * DAY).isoformat(), "reason": "设备订货周期长"})
    client.force_login(cast["official"])
    page = client.get(url).content.decode()
    assert 'data-action="decide-extension"' in page
    extension = hazard.extensions.get()
    hazard.refresh_from_db()
    response = client.post(reverse("hazards:extension_decide", args=[hazard.pk, extension.pk]),
                           {"decision": "approve", "note": "同意", "version": hazard.version})
    assert response.status_code == 302
    from django.core.files.uploadedfile import SimpleUploadedFile
    act(cast["officer"], "evidence", {"description": "已安装"},
        {"files": [SimpleUploadedFile("a.png", png_bytes())]})
    act(cast["inspector"], "verify", {"result": "failed", "opinion": "未联锁",
                                      "new_deadline": (today_cst() + 40 * DAY).isoformat(),
                                      **factories.signing_form(cast["inspector"], cast["second"])})
    act(cast["officer"], "evidence", {"description": "已联锁"},
        {"files": [SimpleUploadedFile("b.jpg", jpeg_bytes())]})
    act(cast["inspector"], "verify", {"result": "passed", "opinion": "合格",
                                      **factories.signing_form(cast["inspector"], cast["second"])})
    client.force_login(cast["official"])
    supervision = hazard.supervisions.get()
    hazard.refresh_from_db()
    response = client.post(reverse("hazards:supervision_lift", args=[hazard.pk, supervision.pk]),
                           {"note": "已销号", "version": supervision.version})
    assert response.status_code == 302

    numbers = assert_journey_recorded(hazard)
    page = client.get(url).content.decode()
    for number in numbers:
        assert number in page
    assert "渝安办督〔2026〕5号" in page


def test_major_hazard_journey_through_the_api(cast):
    hazard = cast["hazard"]
    api = APIClient()
    base = f"/api/v1/hazards/{hazard.pk}/"
    officers = [{"officer_id": person.pk, "password": factories.PASSWORD}
                for person in (cast["inspector"], cast["second"])]

    def post(user, path, data, fmt="json", expect=200, read=base):
        """As a client does it: GET ``read`` for its ETag, then POST with If-Match."""
        api.force_authenticate(user)
        etag = api.get(read)["ETag"]
        response = api.post(path, data, format=fmt, HTTP_IF_MATCH=etag)
        assert response.status_code == expect, response.json()
        return response.json()

    supervision = post(cast["city"], base + "place-supervision/", {
        "authority": "重庆市安委办", "letter_number": "渝安办督〔2026〕5号"}, expect=201)
    post(cast["officer"], base + "plan/", {
        "responsibility": "总经理 李某", "measures": "加装泄漏报警", "funds": "86000.00",
        "time_limit": (today_cst() + 30 * DAY).isoformat(), "contingency_plan": "氨泄漏专项预案"})
    body = post(cast["official"], base + "order-rectification/", {
        "rectification_deadline": (today_cst() + 10 * DAY).isoformat(),
        "interim_safety_measures": "禁止动火", "officers": officers})
    assert body["status"] == "rectifying"
    extension = post(cast["officer"], base + "request-extension/", {
        "new_deadline": (today_cst() + 30 * DAY).isoformat(), "reason": "订货周期长"},
        expect=201)
    post(cast["official"], f"/api/v1/extensions/{extension['id']}/decide/", {"approve": True},
         read=f"/api/v1/extensions/{extension['id']}/")
    from django.core.files.uploadedfile import SimpleUploadedFile
    post(cast["officer"], base + "submit-evidence/", {
        "description": "已安装", "files": [SimpleUploadedFile("a.png", png_bytes())]},
        fmt="multipart")
    post(cast["inspector"], base + "verify/", {
        "result": "failed", "opinion": "未联锁",
        "new_deadline": (today_cst() + 40 * DAY).isoformat(), "officers": officers})
    post(cast["officer"], base + "submit-evidence/", {
        "description": "已联锁", "files": [SimpleUploadedFile("b.jpg", jpeg_bytes())]},
        fmt="multipart")
    body = post(cast["inspector"], base + "verify/", {"result": "passed", "opinion": "合格",
                                                      "officers": officers})
    assert body["status"] == "closed"
    post(cast["official"], f"/api/v1/supervisions/{supervision['id']}/lift/", {},
         read=f"/api/v1/supervisions/{supervision['id']}/")

    numbers = assert_journey_recorded(hazard)
    api.force_authenticate(cast["official"])
    detail = api.get(base).json()
    assert [row["data"].get("document_number") for row in detail["history"]
            if row["data"].get("document_number")] == numbers
    orders = api.get(f"/api/v1/rectification-orders/?hazard={hazard.pk}").json()
    assert [o["number"] for o in orders["results"]] == numbers[:1]
