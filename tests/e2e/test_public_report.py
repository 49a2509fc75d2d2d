"""The public's channel in a real browser (issue "Done when"): an anonymous report filed on the
public page at 375 px (its proof of work solved by the page's script) is triaged by the
district, verified by an inspector with a 举报核查 inspection that registers a hazard, and the
reporter reads the outcome with the query code; a second identical report is linked as a
duplicate; a named report's reward is proposed, approved by a second official and paid.
No JavaScript error on any page; the public pages also in English."""
import importlib
import re

import pytest
from django.apps import apps as django_apps
from django.core.cache import cache

from hazards.models import Hazard
from public_reports import services
from public_reports.enums import ReportOutcome, ReportStatus, RewardStatus
from public_reports.models import PublicReport
from tests import factories
from tests.e2e.test_main_flow import (  # noqa: F401 - fixtures
    PHONE,
    browser_page,
    log_in,
    log_out,
    screenshot,
)

pytestmark = [pytest.mark.browser]


def file_report(page, base, enterprise, *, description, named=None):
    page.goto(f"{base}/report/")
    page.select_option("#id_district", enterprise.district_id)
    page.fill("#id_address", "涪陵区李渡街道化工园区 8 号")
    page.fill("#id_enterprise_name", enterprise.name)
    page.fill("#id_description", description)
    if named:
        page.check("input[name=anonymous][value='0']")
        page.fill("#id_reporter_name", named[0])
        page.fill("#id_reporter_phone", named[1])
    page.click("#report-submit")
    page.wait_for_selector("[data-testid=query-code]")
    return page.inner_text("[data-testid=query-code]").strip()


def take_action(page, base, report, slug, fill):
    page.goto(f"{base}/reports/{report.pk}/")
    page.click(f"a[data-action='{slug}']")
    page.wait_for_load_state()
    fill()
    page.click("form.form button[type=submit]")
    page.wait_for_url(f"{base}/reports/{report.pk}/")


@pytest.mark.django_db(transaction=True)
def test_public_report_from_page_to_answer_duplicate_and_reward(
        live_server, browser_page, screenshot, fuling):  # noqa: F811 - the imported fixtures
    cache.clear()
    # the tier table comes from a data migration; an earlier transactional test's flush
    # empties it, so load it again (idempotent)
    importlib.import_module("public_reports.migrations.0002_reward_tiers").load(django_apps,
                                                                                None)
    page, base = browser_page, live_server.url
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    enterprise = factories.EnterpriseFactory(district=fuling, name="涪陵东风化工有限公司")
    official = factories.district_official("500102", username="official", display_name="陈主任")
    second = factories.district_official("500102", username="second", display_name="周副主任")
    inspector = factories.inspector("500102", username="inspector", display_name="王检查")
    seen = "厂区东门外堆放数十个液化气钢瓶，旁边有人焊接作业"

    # 1. Anyone files an anonymous report; the page shows the query code once.
    code = file_report(page, base, enterprise, description=seen)
    screenshot(page, "public-report-thanks-375")
    report = PublicReport.objects.get()
    assert report.enterprise == enterprise and report.anonymous

    # 2. The same matter reported again is linked to the first, not handled twice.
    file_report(page, base, enterprise, description=seen + "。")
    duplicate = PublicReport.objects.exclude(pk=report.pk).get()
    assert (duplicate.status, duplicate.duplicate_of) == (ReportStatus.DUPLICATE, report)

    # 3. The district office accepts it.
    log_in(page, base, official)
    page.goto(f"{base}/reports/")
    assert seen[:10] in page.inner_text(".hazard-list")
    take_action(page, base, report, "accept", lambda: page.fill("#id_accept_note", "转执法大队核查"))
    assert page.inner_text("[data-testid=report-status]") == "已受理，核查中"
    screenshot(page, "report-detail-375")
    log_out(page)

    # 4. An inspector verifies it with a 举报核查 inspection that registers a hazard.
    log_in(page, base, inspector)
    page.goto(f"{base}/reports/{report.pk}/")
    page.click("a[data-action='verify']")
    page.wait_for_url(re.compile(r".*/reports/\d+/verify/$"))
    assert page.locator("#id_enterprise").input_value() == str(enterprise.pk)
    page.select_option("#id_findings-0-grade", "major")
    page.select_option("#id_findings-0-category", "unlawful_act")
    page.fill("#id_findings-0-description", "液化气钢瓶违规存放于动火作业区旁")
    screenshot(page, "report-verify-375")
    page.click("button[name=submit]")
    page.wait_for_url(f"{base}/reports/{report.pk}/")
    hazard = Hazard.objects.get()
    assert hazard.inspection.kind == "report_verification"
    assert hazard.inspection.public_report.pk == report.pk
    page.goto(f"{base}/hazards/{hazard.pk}/")
    assert f"#{report.pk}" in page.inner_text("[data-testid=hazard-source-report]")
    log_out(page)

    # 5. The office answers: substantiated.
    log_in(page, base, official)

    def answer():
        page.check("input[name=outcome][value='substantiated']")
        page.fill("textarea[name=answer]", "经核查举报属实，已责令企业立即整改并立案调查。")
    take_action(page, base, report, "answer", answer)
    assert page.inner_text("[data-testid=report-outcome]") == "举报属实"
    log_out(page)

    # 6. The reporter reads the outcome with the query code, without logging in; so does the
    #    reporter of the duplicate.
    page.goto(f"{base}/report/status/")
    page.fill("#id_code", code.lower())
    page.click("form.form button[type=submit]")
    page.wait_for_selector("[data-testid=report-progress]")
    assert page.inner_text("[data-testid=report-outcome]") == "举报属实"
    assert "已责令企业立即整改" in page.inner_text("[data-testid=report-progress]")
    screenshot(page, "public-report-status-375")

    # 7. A named report on another matter becomes a reward: proposed, approved by a second
    #    official, paid.
    file_report(page, base, enterprise, description="夜间偷偷生产，安全设施停用",
                named=("李举报人", "13912345678"))
    named = PublicReport.objects.get(anonymous=False)
    named = services.report_accept(report=named, actor=official, expected_version=1)
    from core.clock import today_cst
    from hazards.filing.services import Finding
    services.report_file_verification(report=named, actor=inspector, expected_version=None,
                                      inspected_on=today_cst(), enterprise=enterprise,
                                      findings=[Finding(grade="general", category="unlawful_act",
                                                        description="安全设施停用")])
    named.refresh_from_db()
    services.report_answer(report=named, actor=official, expected_version=named.version,
                           outcome=ReportOutcome.SUBSTANTIATED, answer="属实")
    log_in(page, base, official)
    page.goto(f"{base}/reports/{named.pk}/")
    assert "李举报人" in page.inner_text("[data-testid=reporter]")

    def propose():
        page.select_option("select[name=tier]", "major_hazard_or_unlawful_production")
        page.fill("input[name=penalty_amount]", "100000")
    take_action(page, base, named, "propose-reward", propose)
    assert page.inner_text("[data-testid=reward-amount]") == "15000.00"
    assert page.locator("form[data-action='decide-reward']").count() == 0  # not the proposer
    log_out(page)
    log_in(page, base, second)
    page.goto(f"{base}/reports/{named.pk}/")
    page.check("form[data-action='decide-reward'] input[value='approve']")
    page.click("form[data-action='decide-reward'] button[type=submit]")
    page.wait_for_url(f"{base}/reports/{named.pk}/")
    page.fill("form[data-action='pay-reward'] input[name=paid_on]", today_cst().isoformat())
    page.fill("form[data-action='pay-reward'] input[name=payment_reference]", "涪财支〔2026〕88号")
    page.click("form[data-action='pay-reward'] button[type=submit]")
    page.wait_for_url(f"{base}/reports/{named.pk}/")
    assert page.inner_text("[data-testid=reward-status]") == "已发放"
    screenshot(page, "report-reward-375")
    named.refresh_from_db()
    assert named.reward.status == RewardStatus.PAID
    log_out(page)

    # 8. The public page in English at 375 px.
    page.goto(f"{base}/report/")
    page.click("button.lang-switch__btn[value='en']")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    screenshot(page, "public-report-en-375")
    assert errors == []
    assert PHONE  # the shared phone viewport of the e2e fixtures
