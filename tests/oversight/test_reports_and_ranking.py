"""The ranking (动态晾晒), the statistics page, the stored reports (page, XLSX, PDF) and the
beat task show the hand-worked numbers; closing a hazard today changes neither the stored nor
a regenerated report of last quarter."""
import datetime
import io

import pytest
import time_machine
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from hazards import services
from hazards.models import Hazard
from oversight import tasks
from oversight.models import FollowUpAction, Report
from oversight.periods import Period
from oversight.ranking import ranking
from oversight.reports import report_generate
from tests import factories

from .conftest import CST, NOW, D

pytestmark = pytest.mark.django_db

Q2 = Period("quarter", datetime.date(2025, 4, 1), datetime.date(2025, 6, 30))
Q2_QUERY = {"period": "quarter", "date": "2025-05-01"}


def _ranking_districts():
    """Two more districts with three hazards each, so that four are ranked."""
    for code, name, closed in (("500103", "渝中区", 3), ("500104", "大渡口区", 0)):
        enterprise = factories.EnterpriseFactory(district=factories.district(code, name))
        for index in range(3):
            with time_machine.travel(datetime.datetime(2025, 5, 6 + index, 9, tzinfo=CST),
                                     tick=False):
                hazard = factories.hazard(enterprise=enterprise)
                if index < closed:
                    services.hazard_close_on_spot(hazard=hazard, actor=factories.inspector(code),
                                                  note="现场整改")


@override_settings(OVERSIGHT_RANKING_MIN_FOUND=3)
def test_ranking_orders_applies_the_minimum_sample_and_marks_the_bottom_three(scenario):
    _ranking_districts()

    entries = ranking(period=Q2, key="rectification_rate", now=NOW)

    assert [(e.code, e.rank, e.bottom, str(e.figures["rectification_rate"]))
            for e in entries] == [
        ("500103", 1, False, "100.0"),   # 渝中 3/3
        ("500102", 2, True, "60.0"),     # 涪陵 3/5
        ("500101", 3, True, "33.3"),     # 万州 1/3
        ("500104", 4, True, "0.0"),      # 大渡口 0/3
        ("500112", None, False, "100.0"),  # 渝北: one hazard, listed, not ranked
    ]
    assert "样本不足" in entries[-1].reason
    by_overdue = ranking(period=Q2, key="overdue_at_end", now=NOW)
    assert [(e.code, e.rank) for e in by_overdue][:4] == [
        ("500103", 1), ("500104", 1), ("500101", 3), ("500102", 4)]


@override_settings(OVERSIGHT_RANKING_MIN_FOUND=3)
def test_ranking_page_and_export_for_city_only(client, scenario, now):
    _ranking_districts()
    city = factories.city_official()
    client.force_login(city)

    response = client.get(reverse("oversight:ranking"), Q2_QUERY)
    page = response.content.decode()
    export = client.get(reverse("oversight:ranking"), {**Q2_QUERY, "format": "xlsx"})

    assert response.status_code == 200
    assert page.count('class="is-bottom"') == 3
    assert 'data-district="500112" class=" is-unranked"' in page
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert [(r[0], r[1], r[2], r[4]) for r in rows] == [
        (1, "渝中区", 3, 100.0), (2, "涪陵区", 5, 60.0), (3, "万州区", 3, 33.3),
        (4, "大渡口区", 3, 0.0), (None, "渝北区", 1, 100.0)]
    client.force_login(scenario.staff["500102"]["official"])
    assert client.get(reverse("oversight:ranking")).status_code == 404


def test_follow_up_actions_are_recorded_by_the_city_only(client, scenario, now):
    client.force_login(factories.city_official())
    data = {"district": "500101", "kind": "warning_talk", "taken_on": "2025-07-14",
            "taken_by": "市安委办 张主任", "note": "约谈万州区政府分管负责人", "period_key": "2025-Q2"}

    client.post(reverse("oversight:follow_up_create"), data)
    client.force_login(scenario.staff["500102"]["official"])
    refused = client.post(reverse("oversight:follow_up_create"), data)

    action = FollowUpAction.objects.get()
    assert (action.district_id, action.kind, action.taken_on, action.period_key) == (
        "500101", "warning_talk", datetime.date(2025, 7, 14), "2025-Q2")
    assert refused.status_code == 404


def test_statistics_page_shows_the_figures_and_hides_other_districts(client, scenario, now):
    client.force_login(scenario.staff["500102"]["official"])

    response = client.get(reverse("oversight:statistics"), Q2_QUERY)
    other = client.get(reverse("oversight:statistics"), {**Q2_QUERY, "district": "500101"})

    rows = {row["key"]: row for row in response.context["rows"]}
    assert (rows["found"]["current"], rows["rectification_rate"]["current"],
            rows["on_time_rate"]["current"], rows["overdue_at_end"]["current"]) == (
        "5", "60.0%", "66.7%", "2")
    assert (rows["found"]["mom"], rows["found_listed"]["mom"], rows["overdue_at_end"]["yoy"],
            rows["rectification_rate"]["mom"]) == ("+150.0%", "新增", "新增", "+10.0个百分点")
    assert other.status_code == 404
    page = response.content.decode()
    assert 'data-figure="found"' in page


def _report_numbers(report):
    current = report.figures["current"]
    return (current["found"], current["rectification_rate"], current["on_time_rate"],
            current["overdue_at_end"], report.figures["mom"]["found"],
            report.figures["yoy"]["overdue_at_end"])


def test_quarterly_report_page_xlsx_and_pdf_show_the_same_numbers(client, scenario, now):
    report = report_generate(kind="quarterly", district="500102", period=Q2)
    client.force_login(scenario.staff["500102"]["official"])

    page = client.get(reverse("oversight:report", args=[report.pk]))
    xlsx = client.get(reverse("oversight:report_file", args=[report.pk, "xlsx"]))
    pdf = client.get(reverse("oversight:report_file", args=[report.pk, "pdf"]))

    assert _report_numbers(report) == (5, "60.0", "66.7", 2, "150.0", "new")
    rows = {row["key"]: row for row in page.context["rows"]}
    assert (rows["found"]["current"], rows["rectification_rate"]["current"]) == ("5", "60.0%")
    book = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))
    summary = {row[0]: row[1:] for row in book["概览"].iter_rows(values_only=True) if row}
    assert summary["排查隐患"] == (5, 2, 150.0, 2, 150.0)
    assert summary["整改率（%）"][0] == 60.0
    assert summary["期末逾期"] == (2, 1, 100.0, 0, "新增")
    assert summary["起始日期"][0] == datetime.datetime(2025, 4, 1)
    assert book.sheetnames == ["概览", "检查", "排查隐患", "整改", "期末状态", "趋势"]
    towns = {row[0]: row for row in book["整改"].iter_rows(values_only=True)}
    assert towns["敦仁街道"][1:5] == (2, 2, 0, 100.0)
    text = PdfReader(io.BytesIO(b"".join(pdf.streaming_content))).pages[0].extract_text()
    assert "涪陵区隐患排查治理季通报" in text and "60.0%" in text and "66.7%" in text
    client.force_login(scenario.staff["500101"]["official"])
    assert client.get(reverse("oversight:report", args=[report.pk])).status_code == 404
    assert client.get(reverse("oversight:report_file",
                              args=[report.pk, "pdf"])).status_code == 404


def test_closing_a_hazard_today_leaves_stored_and_regenerated_reports_unchanged(scenario, now):
    stored = report_generate(kind="quarterly", district="500102", period=Q2)
    with time_machine.travel(datetime.datetime(2025, 7, 21, 9, tzinfo=CST), tick=False):
        hazard = Hazard.objects.get(pk=scenario.hazards["F4"].pk)
        people = scenario.staff["500102"]
        services.hazard_submit_evidence(hazard=hazard, actor=people["inspectors"][1],
                                        description="已整改")
        services.hazard_verify(hazard=Hazard.objects.get(pk=hazard.pk),
                               actor=people["inspectors"][0], passed=True,
                               officers=factories.signatures(*people["inspectors"]))
        regenerated = report_generate(kind="quarterly", district="500102", period=Q2)

    stored.refresh_from_db()
    strip = lambda figures: {k: v for k, v in figures.items() if k != "computed_at"}  # noqa: E731
    assert strip(regenerated.figures) == strip(stored.figures)
    assert Report.objects.count() == 2


def test_beat_task_generates_the_reports_of_periods_that_ended_yesterday(scenario):
    with time_machine.travel(datetime.datetime(2025, 7, 1, 0, 30, tzinfo=CST), tick=False):
        made = tasks.generate_period_reports()
        again = tasks.generate_period_reports()

    kinds = sorted({(r.kind, r.period_key) for r in Report.objects.all()})
    assert kinds == [("monthly", "2025-06"), ("quarterly", "2025-Q2")]
    # the city and every district, once each, whatever the number of runs
    assert made == Report.objects.count() == 2 * 4 and again == 0
    city = Report.objects.get(kind="quarterly", district=None)
    assert city.figures["current"]["found"] == 9
    assert city.figures["current"]["rectification_rate"] == str(D("55.6"))


def test_only_officials_generate_reports_and_enterprise_officers_see_none(client, scenario, now):
    inspector = scenario.staff["500102"]["inspectors"][0]
    client.force_login(inspector)

    refused = client.post(reverse("oversight:report_create"),
                          {"kind": "monthly", "date": "2025-06-01", "district": "500102"})
    listed = client.get(reverse("oversight:reports"))
    client.force_login(scenario.staff["500102"]["official"])
    other = client.post(reverse("oversight:report_create"),
                        {"kind": "monthly", "date": "2025-06-01", "district": "500101"})
    client.force_login(factories.enterprise_officer(scenario.enterprises["E1"]))
    officer = client.get(reverse("oversight:reports"))

    assert refused.status_code == 404 and listed.status_code == 200
    assert other.status_code == 302 and Report.objects.count() == 0
    assert officer.status_code == 404
