"""Accounts in a real browser (brief "Done when"): a district office head who forgot the
password resets it through the e-mailed link (locmem mail backend), then creates an inspector;
the inspector sets a password from the invitation e-mail, enrols an authenticator app (TOTP),
logs in with the code, and files an inspection. Screens at 375 px."""
import base64
import re
import time

import pytest
from django.core import mail
from django_otp.oath import TOTP

from accounts.models import User
from enterprises.models import Department
from hazards.models import Hazard
from tests import factories
from tests.e2e import test_main_flow as main_flow

# the main flow's browser and screenshot fixtures, shared
browser_page = main_flow.browser_page
screenshot = main_flow.screenshot
CHROMIUM = main_flow.CHROMIUM

pytestmark = [pytest.mark.browser, pytest.mark.skipif(
    not __import__("pathlib").Path(CHROMIUM).exists(), reason="Chromium missing")]
NEW_PASSWORD = "Xin-Mima-2026-abc"


def link_in_last_mail(base) -> str:
    url = re.search(r"https?://\S+/accounts/password/reset/\S+/", mail.outbox[-1].body).group(0)
    return base + "/" + url.split("://", 1)[1].split("/", 1)[1]


def set_password_from(page, link):
    page.goto(link)
    page.fill("#id_new_password1", NEW_PASSWORD)
    page.fill("#id_new_password2", NEW_PASSWORD)
    page.click("form.form button[type=submit]")
    page.wait_for_url(re.compile(r".*/accounts/login/$"))


def log_in(page, base, username, password=NEW_PASSWORD):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("form.form button[type=submit]")
    page.wait_for_load_state()


def code_for(secret: str, *, steps_ahead: int = 0) -> str:
    totp = TOTP(base64.b32decode(secret), step=30, digits=6)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


@pytest.mark.django_db(transaction=True)
def test_reset_create_enrol_and_file_in_the_browser(live_server, browser_page, screenshot,
                                                     fuling):
    page, base = browser_page, live_server.url
    department = Department.objects.create(code="500102-em", name="涪陵区应急管理局",
                                           kind="emergency_management", district=fuling)
    enterprise = factories.EnterpriseFactory(district=fuling, name="涪陵白涛化工有限公司")
    head = factories.district_official("500102", username="fl_head", display_name="陈主任",
                                       is_office_head=True, email="head@example.gov.cn")

    # 1. The head forgot the password: reset through the e-mailed link.
    page.goto(f"{base}/accounts/login/")
    page.click("a[href$='/accounts/password/reset/']")
    page.fill("#id_email", "head@example.gov.cn")
    screenshot(page, "password-reset-375")
    page.click("form.form button[type=submit]")
    page.wait_for_url(re.compile(r".*/reset/sent/$"))
    set_password_from(page, link_in_last_mail(base))
    log_in(page, base, "fl_head")
    # district staff land on their district dashboard (oversight)
    assert page.url.endswith("/oversight/"), page.content()[:2000]

    # 2. The head creates an inspector of the district.
    page.goto(f"{base}/accounts/users/new/")
    page.fill("#id_username", "fl_sun")
    page.fill("#id_display_name", "孙执法")
    page.fill("#id_email", "sun@example.gov.cn")
    page.select_option("#id_role", "inspector")
    page.fill("#id_badge_number", "5001020777")
    page.select_option("#id_department", department.pk)
    screenshot(page, "user-create-375")
    page.click("form.form button[type=submit]")
    page.wait_for_url(re.compile(r".*/accounts/users/\d+/$"))
    created = User.objects.get(username="fl_sun")
    assert (created.district_id, created.badge_number, created.department_id) == (
        "500102", "5001020777", department.pk)
    assert mail.outbox[-1].to == ["sun@example.gov.cn"]
    page.click("header form[action$='/logout/'] button")

    # 3. The inspector sets a password from the invitation and enrols an authenticator.
    set_password_from(page, link_in_last_mail(base))
    log_in(page, base, "fl_sun")
    page.goto(f"{base}/accounts/otp/setup/")
    assert page.locator("[data-testid=otp-qr] svg").count() == 1
    screenshot(page, "otp-setup-375")
    secret = page.inner_text("[data-testid=otp-secret]").strip()
    page.fill("#id_token", code_for(secret))
    page.click("form.form button[type=submit]")
    assert page.locator("[data-testid=recovery-codes] li").count() == 10
    page.click("header form[action$='/logout/'] button")

    # 4. Login now asks for the code after the password.
    log_in(page, base, "fl_sun")
    assert page.url.endswith("/accounts/login/otp/")
    screenshot(page, "login-otp-375")
    page.fill("#id_token", code_for(secret, steps_ahead=1))  # the enrolment code is spent
    page.click("form.form button[type=submit]")
    page.wait_for_load_state()
    # district staff land on their district dashboard (oversight)
    assert page.url.endswith("/oversight/"), page.content()[:2000]

    # 5. The new inspector files an inspection.
    page.goto(f"{base}/inspections/new/")
    page.select_option("#id_enterprise", str(enterprise.pk))
    page.select_option("#id_kind", "covert")
    page.select_option("#id_findings-0-category", "equipment_defect")
    page.fill("#id_findings-0-description", "可燃气体报警器失效")
    page.fill("#id_findings-0-location", "罐区")
    page.click("button[name=submit]")
    page.wait_for_url(re.compile(r".*/inspections/\d+/$"))
    hazard = Hazard.objects.get(description="可燃气体报警器失效")
    assert hazard.reported_by == created
    assert head.pk != created.pk
