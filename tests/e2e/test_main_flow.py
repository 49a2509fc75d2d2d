"""The product's spine in a real browser (issue 2, "Done when").

An inspector files an inspection with two findings; the district official of that district sees
both in the register and orders rectification of one; the enterprise officer records evidence;
the official re-inspects it as passed, which closes it; the hazard page's history shows each
step with its actor; an official of another district gets 404 on that hazard, in the page and
in the API.

Runs headless Debian Chromium (/usr/bin/chromium) through Playwright against pytest-django's
``live_server``. Skipped, with the reason, when Playwright or Chromium is missing; CI
(``.ci/run``) installs both. Screenshots at 375px (a phone) go to ``tmp_path``, and also to
``$E2E_SCREENSHOTS_DIR`` when set (``docs/screenshots`` holds the committed ones).
"""
import datetime
import os
import re
import shutil
from pathlib import Path

import pytest
import time_machine
from django.db import connections

from core.clock import today_cst
from hazards.enums import HazardStatus
from hazards.models import Hazard, HazardTransition
from tests import factories

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PASSWORD = "pass-word-123"  # tests.factories.UserFactory
PHONE = {"width": 375, "height": 812}

sync_api = pytest.importorskip("playwright.sync_api",
                               reason="Playwright for Python is not installed (pip install "
                                      "-e '.[dev]')")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)),
                       reason=f"Chromium not found at {CHROMIUM} (apt-get install chromium)"),
]


@pytest.fixture
def browser_page(monkeypatch):
    # Playwright's sync API keeps an asyncio loop on this thread; the test's own ORM calls
    # (set-up and assertions) are plain synchronous code, so Django's guard must not trip.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage"])
        context = browser.new_context(viewport=PHONE, locale="zh-CN",
                                      timezone_id="Asia/Shanghai")
        context.set_default_timeout(15_000)
        page = context.new_page()
        try:
            yield page
        finally:
            context.close()
            browser.close()
            # While Playwright's loop runs, asgiref gives the test's ORM calls their own
            # connection; close it here, or PostgreSQL refuses to drop the test database.
            connections.close_all()


@pytest.fixture
def screenshot(tmp_path):
    target = os.environ.get("E2E_SCREENSHOTS_DIR")

    def take(page, name):
        path = tmp_path / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        if target:
            Path(target).mkdir(parents=True, exist_ok=True)
            shutil.copy(path, Path(target) / f"{name}.png")
        # a phone screen must never scroll sideways
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], name
        return path

    return take


@pytest.fixture
def people(fuling, wanzhou):
    """The cast, with real passwords: Fuling's inspector, a second enforcement officer, the
    district official, the enterprise's safety officer, and Wanzhou's official."""
    enterprise = factories.EnterpriseFactory(district=fuling, name="涪陵华峰化工有限公司")
    return {
        "enterprise": enterprise,
        "inspector": factories.inspector("500102", username="inspector", display_name="王检查"),
        "partner": factories.inspector("500102", username="partner", display_name="李执法"),
        "official": factories.district_official("500102", username="official",
                                                display_name="陈主任", badge_number="5001020099"),
        "officer": factories.enterprise_officer(enterprise, username="officer",
                                                display_name="赵安全"),
        "stranger": factories.district_official("500101", username="wanzhou",
                                                display_name="万州刘主任"),
    }


def log_in(page, base_url, user):
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("form.form button[type=submit]")
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, page.content()


def log_out(page):
    page.click("header form[action$='/logout/'] button")
    page.wait_for_url(re.compile(r".*/accounts/login/.*"))


def status_of(page) -> str:
    return page.inner_text("[data-testid=hazard-status]").strip()


def submit_action(page, slug):
    form = page.locator(f"form[data-action='{slug}']")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    errors = page.locator("[data-testid=form-error], .field--error")
    assert errors.count() == 0, errors.all_inner_texts()


@pytest.mark.django_db(transaction=True)
def test_inspection_to_closure_in_the_browser(live_server, browser_page, screenshot, people):
    page, base = browser_page, live_server.url
    # a few other hazards so the register shows counts, grades and an overdue marker
    with time_machine.travel(today_cst() - datetime.timedelta(days=20)):
        factories.hazard_in(HazardStatus.RECTIFYING, enterprise=people["enterprise"],
                            description="液氨储罐区未设置可燃气体泄漏报警装置",
                            deadline=today_cst() + datetime.timedelta(days=5))
    factories.hazard_in(HazardStatus.CLOSED, enterprise=people["enterprise"],
                        description="配电室门口堆放杂物")
    before = set(Hazard.objects.values_list("pk", flat=True))
    next_week = (today_cst() + datetime.timedelta(days=7)).isoformat()

    # 1. The inspector files an inspection with two findings.
    log_in(page, base, people["inspector"])
    page.goto(f"{base}/inspections/new/")
    page.select_option("#id_enterprise", str(people["enterprise"].pk))
    page.select_option("#id_kind", "enforcement")
    # enforcement needs two badge-holding officers: the inspector ticks the colleague
    page.locator("summary", has_text="同行检查人员").click()
    page.check(f"input[name=inspectors][value='{people['partner'].pk}']")
    page.fill("#id_notes", "对储罐区、配电室进行检查")
    page.select_option("#id_findings-0-category", "equipment_defect")
    page.fill("#id_findings-0-description", "消防通道被货物堵塞")
    page.fill("#id_findings-0-location", "一号仓库东侧")
    page.fill("#id_findings-0-rectification_measures", "清理通道货物，设置禁止占用标识")
    page.fill("#id_findings-0-responsible_person", "赵安全")
    page.fill("#id_findings-0-rectification_deadline", next_week)
    page.select_option("#id_findings-1-grade", "general")
    page.select_option("#id_findings-1-category", "management_deficiency")
    page.fill("#id_findings-1-description", "特种作业人员未持证上岗")
    page.fill("#id_findings-1-location", "危化品装卸区")
    screenshot(page, "inspection_form")
    page.click("button[name=submit]")
    page.wait_for_url(re.compile(r".*/inspections/\d+/$"))
    assert "消防通道被货物堵塞" in page.content()
    assert "特种作业人员未持证上岗" in page.content()
    new = list(Hazard.objects.exclude(pk__in=before).order_by("id"))
    assert [h.status for h in new] == [HazardStatus.REPORTED, HazardStatus.REPORTED]
    blocked, uncertified = new
    log_out(page)

    # 2. The district official sees both in the register and orders rectification of one.
    log_in(page, base, people["official"])
    assert page.url.endswith("/oversight/")  # the district dashboard is the landing page
    page.goto(f"{base}/hazards/")
    register = page.inner_text(".hazard-list")
    assert "消防通道被货物堵塞" in register and "特种作业人员未持证上岗" in register
    screenshot(page, "register")
    page.click(f"a[href='/hazards/{blocked.pk}/']")
    page.wait_for_url(f"{base}/hazards/{blocked.pk}/")
    assert status_of(page) == "已登记"
    screenshot(page, "hazard_actions")
    order = page.locator("form[data-action='order']")
    order.locator("input[name=rectification_deadline]").fill(next_week)
    # each officer named on the order confirms with their own password (谁检查、谁签名)
    order.locator("select[name=officer_1]").select_option(str(people["inspector"].pk))
    order.locator("input[name=officer_1_password]").fill(PASSWORD)
    order.locator("select[name=officer_2]").select_option(str(people["partner"].pk))
    order.locator("input[name=officer_2_password]").fill(PASSWORD)
    submit_action(page, "order")
    assert status_of(page) == "整改中"
    log_out(page)

    # 3. The enterprise officer records rectification evidence.
    log_in(page, base, people["officer"])
    assert page.url.endswith("/hazards/mine/")
    assert "待您整改" in page.content()
    page.click(f"a[href='/hazards/{blocked.pk}/']")
    evidence = page.locator("form[data-action='evidence']")
    evidence.locator("textarea[name=description]").fill("已清理通道货物并设置禁止占用标识")
    submit_action(page, "evidence")
    assert status_of(page) == "待复查"
    log_out(page)

    # 4. The official re-inspects it as passed, which closes it.
    log_in(page, base, people["official"])
    page.goto(f"{base}/hazards/{blocked.pk}/")
    verify = page.locator("form[data-action='verify']")
    verify.locator("input[name=result][value=passed]").check()
    verify.locator("textarea[name=opinion]").fill("现场复查，通道畅通，整改到位")
    verify.locator("select[name=officer_1]").select_option(str(people["official"].pk))
    verify.locator("input[name=officer_1_password]").fill(PASSWORD)
    verify.locator("select[name=officer_2]").select_option(str(people["inspector"].pk))
    verify.locator("input[name=officer_2_password]").fill(PASSWORD)
    submit_action(page, "verify")
    assert status_of(page) == "已销号"

    # 5. The history shows each step with its actor.
    steps = page.locator("[data-testid=history] .history__item").all_inner_texts()
    expected = [("登记隐患", "王检查"), ("责令限期整改", "陈主任"), ("提交整改材料", "赵安全"),
                ("复查合格，销号", "陈主任")]
    assert len(steps) == len(expected), steps
    for text, (action, actor) in zip(steps, expected, strict=True):
        assert action in text and actor in text, text
    assert list(HazardTransition.objects.filter(hazard=blocked).values_list(
        "action", "actor__username")) == [
        ("registered", "inspector"), ("rectification_ordered", "official"),
        ("evidence_submitted", "officer"), ("verification_passed", "official")]
    screenshot(page, "hazard_detail")
    uncertified.refresh_from_db()
    assert uncertified.status == HazardStatus.REPORTED
    log_out(page)

    # 6. An official of another district gets 404, on the page and in the API.
    log_in(page, base, people["stranger"])
    response = page.goto(f"{base}/hazards/{blocked.pk}/")
    assert response.status == 404
    assert page.request.get(f"{base}/api/v1/hazards/{blocked.pk}/").status == 404
    assert "消防通道被货物堵塞" not in page.goto(f"{base}/hazards/").text()
