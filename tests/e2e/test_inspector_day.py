"""The inspector's day in a real browser (issue 6, "Done when").

An inspector of Fuling logs in on a phone (375 px), starts an enforcement inspection of a
hazardous-chemicals enterprise with a second officer, gets the checklist of the current
chemical standard, marks one criterion non-compliant with a photo from the camera input, saves
it, both officers confirm with their passwords, and the inspector downloads the on-site
inspection record as PDF, whose text carries the enterprise, the record number, the item and
the record hash.

Runs headless Debian Chromium (/usr/bin/chromium) through Playwright against ``live_server``.
Skipped with the reason when Playwright or Chromium is missing; CI (``.ci/run``) installs both.
Screenshots go to ``tmp_path`` and also to ``$E2E_SCREENSHOTS_DIR`` when set
(``docs/screenshots`` holds the committed ones), including page 1 of the PDF (pdftoppm).
"""
import contextlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from enterprises.reference import load_sectors
from hazards.enums import HazardGrade
from inspections.models import Inspection
from inspections.reference import load_hazard_standards
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


@contextlib.contextmanager
def phone_browser():
    """A headless Chromium page at 375 px. The test touches the database only before and
    after this block: Playwright's sync API switches greenlets on this thread, and ORM calls
    made inside it opened a second PostgreSQL connection that outlived the test database."""
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"])
        context = browser.new_context(viewport=PHONE, locale="zh-CN",
                                      timezone_id="Asia/Shanghai", accept_downloads=True)
        context.set_default_timeout(20_000)
        try:
            yield context.new_page()
        finally:
            context.close()
            browser.close()


@pytest.fixture
def keep(tmp_path):
    """Save a screenshot (or a rendered PDF page) and check the page never scrolls sideways."""
    target = os.environ.get("E2E_SCREENSHOTS_DIR")

    def take(page, name, *, full_page=True):
        path = tmp_path / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], name
        if target:
            Path(target).mkdir(parents=True, exist_ok=True)
            shutil.copy(path, Path(target) / f"{name}.png")
        return path

    take.target = target
    return take


@pytest.fixture
def team(fuling):
    load_sectors()
    load_hazard_standards()
    enterprise = factories.EnterpriseFactory(district=fuling, name="涪陵华峰化工有限公司",
                                             sector_id="hazardous_chemicals",
                                             address="重庆市涪陵区白涛化工园区")
    return {
        "enterprise": enterprise,
        "inspector": factories.inspector("500102", username="inspector", display_name="王检查"),
        "partner": factories.inspector("500102", username="partner", display_name="李执法"),
    }


def photo_file(tmp_path) -> Path:
    path = tmp_path / "site.jpg"
    Image.new("RGB", (3000, 2000), (200, 120, 40)).save(path, format="JPEG")
    return path


@pytest.mark.django_db(transaction=True)
def test_inspector_day_checklist_photo_sign_pdf(live_server, team, keep, tmp_path):
    base = live_server.url
    inspector, partner, enterprise = team["inspector"], team["partner"], team["enterprise"]
    pdf_path = tmp_path / "record.pdf"

    with phone_browser() as page:
        # log in
        page.goto(f"{base}/accounts/login/")
        page.fill("#id_username", inspector.username)
        page.fill("#id_password", PASSWORD)
        page.click("form.form button[type=submit]")
        page.wait_for_load_state()
        assert "/accounts/login/" not in page.url

        # start an enforcement inspection with a second officer
        page.goto(f"{base}/inspections/checklist/new/?enterprise={enterprise.pk}")
        page.check(f"input[name=inspectors][value='{partner.pk}']")
        page.fill("#id_notes", "检查罐区、甲类仓库和中控室")
        keep(page, "inspection-start-375")
        page.click("form.form button[type=submit]")
        page.wait_for_url("**/checklist/")

        # the chemical standard's checklist: all compliant, item 1.3 non-compliant, a photo
        assert page.locator("fieldset.criterion").count() == 20
        for label in page.locator("label.mark--compliant").all():
            label.click()
        item = page.locator("fieldset.criterion").nth(2)
        item_text = item.locator(".criterion__text").inner_text()
        item.locator("label.mark--non_compliant").click()
        assert item.locator(".criterion__finding").is_visible()
        item.locator("input[name$='-location']").fill("甲类仓库")
        camera = item.locator("input[type=file]")
        assert camera.get_attribute("capture") == "environment"
        camera.set_input_files(str(photo_file(tmp_path)))
        item.scroll_into_view_if_needed()
        keep(page, "inspection-checklist-375", full_page=False)
        page.click(".sticky-submit button")
        page.wait_for_url("**/sign/")

        # both officers confirm with their passwords; the representative signs
        page.fill(f"#id_password-{inspector.pk}", PASSWORD)
        page.fill(f"#id_password-{partner.pk}", PASSWORD)
        page.fill("#id_enterprise_representative", "王厂长")
        keep(page, "inspection-sign-375")
        page.click("form.form button[type=submit]")
        page.wait_for_url("**/record/")
        shown_hash = page.inner_text("#record-hash").strip()
        keep(page, "inspection-record-375")

        # download the PDF
        with page.expect_download() as download_info:
            page.click("#download-pdf")
        download_info.value.save_as(pdf_path)

    inspection = Inspection.objects.get(enterprise=enterprise)
    hazard = inspection.hazards.get()
    assert (hazard.grade, hazard.criterion.number, hazard.location) == (
        HazardGrade.MAJOR, "三、", "甲类仓库")
    assert hazard.photos.get().width == 1600
    assert inspection.is_signed
    assert shown_hash == inspection.record_hash

    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(pdf_path).pages).replace("\n", "")
    assert enterprise.name in text
    assert inspection.reference_number in text
    assert item_text.replace("\n", "")[:15] in text
    assert inspection.record_hash in text
    if keep.target and shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile",
                        str(pdf_path), str(Path(keep.target) / "pdf-inspection-record")],
                       check=True)
