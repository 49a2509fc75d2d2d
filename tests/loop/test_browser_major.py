"""The major-hazard journey of issue 3 in a real browser (headless Chromium, Playwright):
supervision placed → plan → order (two officers) → extension requested and approved →
evidence with a photo → failed re-inspection → new evidence → passed → closed → supervision
lifted; the page then shows the document numbers and every step. Also: a faked photo (HTML
named .jpg) is refused with a form error."""
import datetime
import os
import shutil
from pathlib import Path

import pytest
from django.db import connections

from core.clock import today_cst
from enterprises.models import Department
from hazards.enums import HazardAction, HazardStatus
from hazards.models import Hazard
from tests import factories

from .conftest import HTML_BYTES, png_bytes

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PASSWORD = "pass-word-123"  # tests.factories.UserFactory
DAY = datetime.timedelta(days=1)

sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)),
                       reason=f"Chromium not found at {CHROMIUM}"),
]


def sign_as_officers(form, first, second):
    """Each officer named on the document types their own password (谁检查、谁签名)."""
    form.locator("select[name=officer_1]").select_option(str(first.pk))
    form.locator("input[name=officer_1_password]").fill(PASSWORD)
    form.locator("select[name=officer_2]").select_option(str(second.pk))
    form.locator("input[name=officer_2_password]").fill(PASSWORD)


@pytest.fixture
def page(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"])
        context = browser.new_context(viewport={"width": 1100, "height": 900},
                                      locale="zh-CN", timezone_id="Asia/Shanghai")
        context.set_default_timeout(15_000)
        try:
            yield context.new_page()
        finally:
            context.close()
            browser.close()
            connections.close_all()


@pytest.fixture
def cast(fuling, city_official):
    Department.objects.create(code="fl-yj", name="涪陵区应急管理局", kind="emergency_management",
                              district=fuling, document_prefix="渝涪陵应急")
    enterprise = factories.EnterpriseFactory(district=fuling, name="涪陵液氨储运有限公司")
    inspector = factories.inspector("500102", username="insp", display_name="王检查")
    hazard = factories.hazard(enterprise=enterprise, actor=inspector, grade="major",
                              description="液氨储罐区未设置泄漏报警装置")
    return {
        "hazard": hazard, "inspector": inspector,
        "partner": factories.inspector("500102", username="partner", display_name="李执法"),
        "official": factories.district_official("500102", username="official",
                                                display_name="陈主任"),
        "officer": factories.enterprise_officer(enterprise, username="officer",
                                                display_name="赵安全"),
        "city": city_official,
    }


def visit_as(page, base, user, hazard):
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("form.form button[type=submit]")
    page.wait_for_load_state()
    page.goto(f"{base}/hazards/{hazard.pk}/")


def submit(page, slug, expect_error=False):
    form = page.locator(f"form[data-action='{slug}']")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    errors = page.locator("[data-testid=form-error], .field--error")
    if expect_error:
        assert errors.count() > 0
    else:
        assert errors.count() == 0, errors.all_inner_texts()


def status_of(hazard):
    return Hazard.objects.get(pk=hazard.pk).status


@pytest.mark.django_db(transaction=True)
def test_major_hazard_journey_in_the_browser(live_server, page, cast, tmp_path):
    base, hazard = live_server.url, cast["hazard"]
    photo = tmp_path / "现场.png"
    photo.write_bytes(png_bytes())
    faked = tmp_path / "photo.jpg"
    faked.write_bytes(HTML_BYTES)

    visit_as(page, base, cast["city"], hazard)
    page.click("[data-testid=more-supervise] summary")
    form = page.locator("form[data-action='supervise']")
    form.locator("[name=authority]").fill("重庆市安委办")
    form.locator("[name=letter_number]").fill("渝安办督〔2026〕5号")
    submit(page, "supervise")

    visit_as(page, base, cast["officer"], hazard)
    form = page.locator("form[data-action='plan']")
    form.locator("[name=responsibility]").fill("总经理 李某")
    form.locator("[name=measures]").fill("加装泄漏报警并联锁")
    form.locator("[name=funds]").fill("86000.00")
    form.locator("[name=time_limit]").fill((today_cst() + 30 * DAY).isoformat())
    form.locator("[name=contingency_plan]").fill("氨泄漏专项应急预案")
    submit(page, "plan")

    visit_as(page, base, cast["official"], hazard)
    form = page.locator("form[data-action='order']")
    form.locator("[name=rectification_deadline]").fill((today_cst() + 10 * DAY).isoformat())
    form.locator("[name=rectification_measures]").fill("加装报警装置")
    form.locator("[name=interim_safety_measures]").fill("储罐区禁止动火，专人巡查")
    sign_as_officers(form, cast["inspector"], cast["partner"])
    submit(page, "order")
    assert status_of(hazard) == HazardStatus.RECTIFYING

    visit_as(page, base, cast["officer"], hazard)
    page.click("[data-testid=more-request-extension] summary")
    form = page.locator("form[data-action='request-extension']")
    form.locator("[name=new_deadline]").fill((today_cst() + 30 * DAY).isoformat())
    form.locator("[name=reason]").fill("报警设备订货周期长")
    submit(page, "request-extension")

    visit_as(page, base, cast["official"], hazard)
    form = page.locator("form[data-action='decide-extension']")
    form.locator("input[name=decision][value=approve]").check()
    submit(page, "decide-extension")

    visit_as(page, base, cast["officer"], hazard)
    form = page.locator("form[data-action='evidence']")
    form.locator("[name=description]").fill("已安装报警器")
    form.locator("[name=files]").set_input_files(str(faked))
    submit(page, "evidence", expect_error=True)  # HTML named .jpg: refused, nothing saved
    assert status_of(hazard) == HazardStatus.RECTIFYING
    form = page.locator("form[data-action='evidence']")
    form.locator("[name=description]").fill("已安装报警器")
    form.locator("[name=files]").set_input_files(str(photo))
    submit(page, "evidence")

    visit_as(page, base, cast["inspector"], hazard)
    form = page.locator("form[data-action='verify']")
    form.locator("input[name=result][value=failed]").check()
    form.locator("[name=opinion]").fill("报警器未与切断阀联锁")
    form.locator("[name=new_deadline]").fill((today_cst() + 40 * DAY).isoformat())
    sign_as_officers(form, cast["inspector"], cast["partner"])
    submit(page, "verify")

    visit_as(page, base, cast["officer"], hazard)
    form = page.locator("form[data-action='evidence']")
    form.locator("[name=description]").fill("已完成联锁")
    form.locator("[name=files]").set_input_files(str(photo))
    submit(page, "evidence")

    visit_as(page, base, cast["inspector"], hazard)
    form = page.locator("form[data-action='verify']")
    form.locator("input[name=result][value=passed]").check()
    form.locator("[name=opinion]").fill("整改到位，同意销号")
    sign_as_officers(form, cast["inspector"], cast["partner"])
    submit(page, "verify")
    assert status_of(hazard) == HazardStatus.CLOSED

    visit_as(page, base, cast["official"], hazard)
    submit(page, "lift")

    year = today_cst().year
    documents = page.inner_text("[data-testid=documents]")
    for number in (f"渝涪陵应急责改〔{year}〕1号", f"渝涪陵应急复查〔{year}〕1号",
                   f"渝涪陵应急复查〔{year}〕2号"):
        assert number in documents
    # the order and both re-inspection opinions
    assert documents.count(cast["partner"].badge_number) == 3
    history = page.inner_text("[data-testid=history]")
    for action in (HazardAction.SUPERVISION_PLACED, HazardAction.PLAN_SUBMITTED,
                   HazardAction.RECTIFICATION_ORDERED, HazardAction.EXTENSION_REQUESTED,
                   HazardAction.DEADLINE_EXTENDED, HazardAction.VERIFICATION_FAILED,
                   HazardAction.VERIFICATION_PASSED, HazardAction.SUPERVISION_LIFTED):
        assert str(action.label) in history
    assert Hazard.objects.get(pk=hazard.pk).supervisions.get().lifted_on == today_cst()
    page.screenshot(path=str(tmp_path / "major-closed.png"), full_page=True)
    shutil.copy(tmp_path / "major-closed.png", "/tmp/hz_loop_major_closed.png")
