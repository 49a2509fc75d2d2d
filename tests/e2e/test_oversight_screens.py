"""The oversight pages in a real browser at 1366 px and 375 px (issue 10, "Done when"): the
district dashboard, the city dashboard, the ranking for a quarter and page 1 of a quarterly
PDF report, over the hand-made scenario (tests/oversight/conftest.py). Charts are drawn by the
vendored ECharts (no network), and no page scrolls sideways on a phone.

Screenshots go to ``tmp_path`` and also to ``$E2E_SCREENSHOTS_DIR`` when set
(``docs/screenshots`` holds the committed ones, shown in the README).
"""
import contextlib
import datetime
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import time_machine
from django.test import override_settings

from oversight.periods import Period
from oversight.reports import report_generate
from tests import factories
from tests.oversight.conftest import NOW, play_scenario
from tests.oversight.test_reports_and_ranking import _ranking_districts

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PASSWORD = "pass-word-123"
WIDTHS = {"1366": {"width": 1366, "height": 900}, "375": {"width": 375, "height": 812}}

sync_api = pytest.importorskip("playwright.sync_api",
                               reason="Playwright for Python is not installed")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)),
                       reason=f"Chromium not found at {CHROMIUM}"),
]


@contextlib.contextmanager
def browser():
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"])
        try:
            yield chromium
        finally:
            chromium.close()


def _save(path: Path, name: str):
    target = os.environ.get("E2E_SCREENSHOTS_DIR")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(target) / f"{name}.png")


@pytest.mark.django_db(transaction=True)
@override_settings(OVERSIGHT_RANKING_MIN_FOUND=2)
def test_oversight_pages_at_desktop_and_phone_width(live_server, tmp_path):
    # the clock runs on from the scenario's "now" (a frozen clock would stall the browser)
    with time_machine.travel(NOW, tick=True):
        scenario = play_scenario()
        _ranking_districts()
        from oversight.spans import spans_refresh

        spans_refresh()
        city = factories.city_official(username="city_screens")
        report = report_generate(kind="quarterly", district="500102", period=Period.containing(
            "quarter", datetime.date(2025, 4, 1)))
        official = scenario.staff["500102"]["official"]
        pages = [
            ("oversight-district-dashboard", official, "/oversight/"),
            ("oversight-city-dashboard", city, "/oversight/city/"),
            ("oversight-ranking", city, "/oversight/ranking/?period=quarter&date=2025-04-01"),
        ]
        shots = []
        with browser() as chromium:
            for width, viewport in WIDTHS.items():
                for name, user, url in pages:
                    context = chromium.new_context(viewport=viewport, locale="zh-CN",
                                                   timezone_id="Asia/Shanghai")
                    page = context.new_page()
                    page.set_default_timeout(20_000)
                    page.goto(f"{live_server.url}/accounts/login/")
                    page.fill("#id_username", user.username)
                    page.fill("#id_password", PASSWORD)
                    page.click("form.form button[type=submit]")
                    page.wait_for_load_state()
                    page.goto(f"{live_server.url}{url}")
                    if page.locator("[data-chart]").count():
                        page.wait_for_selector("[data-chart] svg")
                    path = tmp_path / f"{name}-{width}.png"
                    page.screenshot(path=str(path), full_page=True)
                    scroll = page.evaluate("document.documentElement.scrollWidth")
                    bottom = page.locator("tr.is-bottom").count()
                    text = page.inner_text("main")
                    context.close()
                    assert scroll <= viewport["width"], (name, width, scroll)
                    shots.append((name, width, text))
                    if name == "oversight-ranking":
                        assert bottom == 3, width
                    _save(path, f"{name}-{width}")
    texts = {(name, width): text for name, width, text in shots}
    district = texts[("oversight-district-dashboard", "1366")]
    assert "区县工作台" in district and "近26周发现与销号" in district
    ranking = texts[("oversight-ranking", "375")]
    assert "点名曝光" in ranking and "2025年第2季度" in ranking
    pdf = tmp_path / "report.pdf"
    with report.pdf.open("rb") as stored:
        pdf.write_bytes(stored.read())
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", str(pdf),
                        str(tmp_path / "report")], check=True)
        first = next(tmp_path.glob("report*.png"))
        _save(first, "oversight-quarterly-report-pdf")
