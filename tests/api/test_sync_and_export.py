"""Incremental sync over a table being written to, and the CSV/XLSX exports."""
import csv
import datetime
import io
from urllib.parse import unquote

import openpyxl
import pytest
import time_machine
from django.utils import timezone

from core.clock import today_cst
from hazards import services
from hazards.enums import HazardStatus
from hazards.models import Hazard
from tests import factories

pytestmark = pytest.mark.django_db


# --- incremental sync -----------------------------------------------------------------------

class Writer:
    """Plays "another process": inserts hazards and moves existing ones through the life
    cycle (each change bumps updated_at) between the sync client's page requests."""

    def __init__(self, enterprise):
        self.enterprise = enterprise
        self.official = factories.district_official(enterprise.district_id)
        self.staff = factories.inspector(enterprise.district_id)

    def insert(self):
        return factories.hazard(enterprise=self.enterprise, actor=self.staff)

    def update(self, hazard_id):
        hazard = Hazard.objects.get(pk=hazard_id)
        if hazard.status == HazardStatus.REPORTED:
            services.hazard_order_rectification(
                hazard=hazard, actor=self.official,
                rectification_deadline=today_cst() + datetime.timedelta(days=10),
                officers=factories.two_officers(hazard.district_id))
        elif hazard.status == HazardStatus.RECTIFYING:
            services.hazard_submit_evidence(hazard=hazard, actor=self.staff, description="已整改")


def sync_pass(client, updated_after, on_page=lambda seen_ids: None, page_size=4):
    """One pass: follow ``next`` from the first page; returns (rows, sync_until)."""
    url = f"/api/v1/hazards/?page_size={page_size}"
    if updated_after:
        url += "&updated_after=" + updated_after.replace("+", "%2B")
    rows = []
    while url:
        body = client.get(url).json()
        rows += body["results"]
        on_page([row["id"] for row in rows])
        url = body["next"]
    return rows, body["sync_until"]


def test_incremental_sync_misses_none_and_sees_none_twice_while_table_changes(
        client_for, district_official, enterprise):
    writer = Writer(enterprise)
    initial = [writer.insert() for _ in range(10)]
    client = client_for(district_official)
    replica: dict[int, str] = {}

    def write_between_pages(seen_ids):
        # insert new rows, change one row already seen and one not yet seen
        writer.insert()
        seen = [pk for pk in (h.pk for h in initial) if pk in seen_ids]
        unseen = [h.pk for h in initial if h.pk not in seen_ids]
        if seen:
            writer.update(seen[-1])
        if unseen:
            writer.update(unseen[0])

    updated_after, passes = None, 0
    while True:
        passes += 1
        on_page = write_between_pages if passes <= 2 else (lambda seen_ids: None)
        rows, sync_until = sync_pass(client, updated_after, on_page)
        ids = [row["id"] for row in rows]
        assert len(ids) == len(set(ids)), f"pass {passes} saw a hazard twice"
        for row in rows:
            replica[row["id"]] = row["updated_at"]
        updated_after = sync_until
        if not rows:
            break
        assert passes < 10

    truth = {h.pk: timezone.localtime(h.updated_at).isoformat()
             for h in Hazard.objects.filter(district_id="500102")}
    assert replica == truth  # nothing missed, every change seen in its latest version
    assert len(truth) > 10 + 4  # the writer really wrote during the passes


def test_sync_pass_excludes_rows_younger_than_the_lag(settings, client_for, district_official,
                                                      enterprise):
    settings.API_SYNC_LAG_SECONDS = 60
    now = timezone.now()
    with time_machine.travel(now - datetime.timedelta(minutes=5), tick=False):
        old = factories.hazard(enterprise=enterprise)
    with time_machine.travel(now - datetime.timedelta(seconds=10), tick=False):
        factories.hazard(enterprise=enterprise)  # may belong to a transaction not yet committed

    with time_machine.travel(now, tick=False):
        body = client_for(district_official).get("/api/v1/hazards/").json()

    assert [row["id"] for row in body["results"]] == [old.pk]
    assert body["sync_until"] == timezone.localtime(now - datetime.timedelta(
        seconds=60)).isoformat()


# --- exports --------------------------------------------------------------------------------

HEADERS = ["隐患编号", "区县", "镇街", "企业名称", "统一社会信用代码", "行业领域", "隐患等级",
           "隐患类别", "事故类别", "隐患描述", "隐患部位", "整改措施", "整改责任人",
           "整改资金（元）", "整改期限", "状态", "是否逾期", "逾期天数", "登记时间", "销号时间"]


@pytest.fixture
def export_rows(enterprise, other_enterprise):
    formula = factories.hazard(enterprise=enterprise, description="=1+1",
                               location="@SUM(A1)", responsible_person="-2+3")
    plain = factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise,
                                description="消防通道堵塞")
    factories.hazard(enterprise=other_enterprise, description="万州的隐患")
    return formula, plain


def test_csv_export_has_bom_chinese_headers_filters_and_neutralised_formulas(
        client_for, district_official, export_rows):
    formula, plain = export_rows

    response = client_for(district_official).get("/api/v1/hazards/export/?format=csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == HEADERS
    by_id = {int(row[0]): row for row in rows[1:]}
    assert set(by_id) == {formula.pk, plain.pk}  # scoped: no Wanzhou hazard
    assert by_id[formula.pk][9] == "'=1+1"
    assert by_id[formula.pk][10] == "'@SUM(A1)"
    assert by_id[formula.pk][12] == "'-2+3"
    assert by_id[plain.pk][9] == "消防通道堵塞"


def test_export_takes_the_list_filters(client_for, district_official, export_rows):
    _formula, plain = export_rows

    response = client_for(district_official).get(
        "/api/v1/hazards/export/?format=csv&status=rectifying")

    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content)
                                       .decode("utf-8-sig"))))
    assert [int(row[0]) for row in rows[1:]] == [plain.pk]


def test_export_file_name_is_chinese_by_rfc5987(client_for, district_official, export_rows):
    response = client_for(district_official).get("/api/v1/hazards/export/?format=csv")

    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename=\"hazards-")
    encoded = disposition.split("filename*=UTF-8''")[1]
    assert unquote(encoded) == f"隐患清单-{today_cst():%Y%m%d}.csv"


def test_xlsx_export_opens_with_headers_and_text_cells(client_for, district_official,
                                                       export_rows):
    formula, _plain = export_rows

    response = client_for(district_official).get("/api/v1/hazards/export/?format=xlsx")

    assert response.status_code == 200
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    row = next(r for r in rows[1:] if r[0] == formula.pk)
    assert (row[9], row[10], row[12]) == ("=1+1", "@SUM(A1)", "-2+3")  # the text as it is
    cells = next(c for c in sheet.iter_rows(min_row=2) if c[0].value == formula.pk)
    for cell in (cells[9], cells[10], cells[12]):
        # a string shown as typed, never a formula, even after editing the cell
        assert (cell.data_type, cell.quotePrefix) == ("s", True)


def test_xlsx_export_times_are_datetime_cells_in_cst(client_for, district_official,
                                                     enterprise):
    # 16:30 UTC on 31 May is 00:30 on 1 June in China Standard Time
    with time_machine.travel(datetime.datetime(2024, 5, 31, 16, 30, tzinfo=datetime.UTC),
                             tick=False):
        hazard = factories.hazard(enterprise=enterprise)

    response = client_for(district_official).get("/api/v1/hazards/export/?format=xlsx")

    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = next(c for c in sheet.iter_rows(min_row=2) if c[0].value == hazard.pk)
    registered = cells[HEADERS.index("登记时间")]
    assert registered.is_date and registered.number_format == "yyyy-mm-dd hh:mm"
    assert registered.value == datetime.datetime(2024, 6, 1, 0, 30)
    assert cells[HEADERS.index("销号时间")].value is None


@pytest.mark.parametrize(("query", "param"), [("", "format"), ("format=pdf", "format"),
                                              ("format=csv&status=nope", "status"),
                                              ("format=csv&page=2", "page")])
def test_export_bad_parameters_are_json_400(client_for, district_official, query, param):
    response = client_for(district_official).get(f"/api/v1/hazards/export/?{query}")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert list(response.json()["fields"]) == [param]


def test_export_needs_authentication(db):
    from rest_framework.test import APIClient

    response = APIClient().get("/api/v1/hazards/export/?format=csv")

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_export_follows_ordering(client_for, district_official, export_rows):
    formula, plain = export_rows

    response = client_for(district_official).get(
        "/api/v1/hazards/export/?format=csv&ordering=id")

    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content)
                                       .decode("utf-8-sig"))))
    assert [int(row[0]) for row in rows[1:]] == sorted([formula.pk, plain.pk])
