"""An import only ever matches, reads or changes records of the importer's own district.

万州区 imported its ledger first (inspection JC-001 with hazards YH-001, open, and YH-002,
closed, at 万州乙化工有限公司). A 涪陵区 official's ledgers then reuse those numbers and that
enterprise's credit code: nothing of 万州区 changes, and nothing of it shows in the report,
the rejected-rows workbook, the job page or the API.
"""
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from enterprises.models import Enterprise
from hazards.enums import HazardStatus
from hazards.models import Hazard, HazardTransition
from imports import services
from imports.models import ImportedRecord, ImportMode
from inspections.models import Inspection
from tests import factories
from tests.api.conftest import token_client
from tests.imports import ledgers

HEADERS = ["检查编号", "检查日期", "企业名称", "统一社会信用代码", "隐患编号", "隐患描述", "整改措施",
           "整改期限", "整改情况", "隐患等级"]
WANZHOU_NAME = "万州乙化工有限公司"
WANZHOU_CODE = factories.credit_code(900001)
FULING_NAME = "涪陵丙机械有限公司"
FULING_CODE = factories.credit_code(900002)


def ledger(rows) -> bytes:
    return ledgers.table_xlsx(HEADERS, rows)


WANZHOU_ROWS = [
    ["JC-001", "2024-04-01", WANZHOU_NAME, WANZHOU_CODE, "YH-001", "液氨储罐压力表过期", "更换压力表",
     "2024-05-31", "否", "重大"],
    ["JC-001", "2024-04-01", WANZHOU_NAME, WANZHOU_CODE, "YH-002", "消防通道堵塞", "清理通道",
     "2024-05-31", "是", "一般"],
]


@pytest.fixture
def importing(sectors, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"

    def run(actor, rows, *, dry_run=False, mode=ImportMode.VALID_ROWS_ONLY,
            preset="cn_hazard_ledger"):
        job = services.job_create(actor=actor, preset=services.preset_get(preset),
                                  file=io.BytesIO(ledger(rows)), name="台账.xlsx",
                                  district_code=actor.district_id, mode=mode)
        try:
            summary = (services.job_dry_run if dry_run else services.job_run)(job=job)
        except services.ImportRejected as exc:
            summary = exc.summary
        job.refresh_from_db()
        return job, summary

    return run


@pytest.fixture
def wanzhou_ledger(importing, wanzhou, fuling):
    official = factories.district_official("500101", username="wanzhou_importer")
    _job, summary = importing(official, WANZHOU_ROWS)
    assert summary.created == 2
    return official


def wanzhou_state():
    """Everything 万州区 has, as values: it must not move."""
    return (
        sorted(Hazard.objects.filter(district_id="500101").values_list(
            "pk", "inspection_id", "enterprise_id", "description", "rectification_measures",
            "grade", "status", "rectification_deadline", "version", "updated_at")),
        sorted(Inspection.objects.filter(district_id="500101").values_list(
            "pk", "inspected_on", "notes", "reference_number", "updated_at")),
        sorted(Enterprise.objects.filter(district_id="500101").values_list(
            "pk", "name", "address", "updated_at")),
        HazardTransition.objects.filter(hazard__district_id="500101").count(),
        sorted(ImportedRecord.objects.filter(first_job__district_id="500101").values_list(
            "pk", "natural_key", "object_id", "row_hash", "last_job_id")),
    )


def disclosed(job, client, official) -> str:
    """Everything the 涪陵 official can read about the job: report, workbook, page, API."""
    issues = " ".join(f"{i.message_zh} {i.message_en} {i.values}" for i in job.issues.all())
    sheet = openpyxl.load_workbook(io.BytesIO(services.rejected_rows_workbook(job))).active
    cells = " ".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row)
    client.force_login(official)
    page = client.get(reverse("imports:detail", args=[job.pk])).content.decode()
    api = token_client(official)
    hazards = api.get("/api/v1/hazards/").content.decode()
    enterprises = api.get("/api/v1/enterprises/").content.decode()
    return " ".join([job.message, issues, cells, page, hazards, enterprises])


def test_reused_inspection_and_hazard_numbers_never_update_another_districts_hazard(
        importing, wanzhou_ledger, importer, client):
    before = wanzhou_state()
    # same numbers, same deadline: rewritten and downgraded to general, were it matched
    rows = [["JC-001", "2024-04-01", FULING_NAME, FULING_CODE, "YH-001", "降级为一般隐患的描述",
             "无需整改", "2024-05-31", "否", "一般"]]

    job, summary = importing(importer, rows)

    assert wanzhou_state() == before
    assert (summary.created, summary.updated, summary.rejected) == (1, 0, 0)
    created = Hazard.objects.get(district_id="500102")
    assert (created.description, created.enterprise.name) == ("降级为一般隐患的描述", FULING_NAME)
    assert created.inspection.district_id == "500102"
    assert WANZHOU_NAME not in disclosed(job, client, importer)


def test_a_new_hazard_on_another_districts_inspection_number_lands_in_the_own_district(
        importing, wanzhou_ledger, importer, client):
    before = wanzhou_state()
    foreign_inspection = Inspection.objects.get(district_id="500101")
    rows = [["JC-001", "2024-04-01", FULING_NAME, FULING_CODE, "YH-999", "配电箱未接地", "加装接地",
             "", "否", "重大"]]

    job, summary = importing(importer, rows)

    assert wanzhou_state() == before
    assert foreign_inspection.hazards.count() == 2
    assert (summary.created, summary.rejected) == (1, 0)
    assert Hazard.objects.get(district_id="500102").inspection.district_id == "500102"
    assert WANZHOU_NAME not in disclosed(job, client, importer)


def test_a_closed_foreign_hazards_numbers_disclose_nothing_about_its_state(
        importing, wanzhou_ledger, importer, client):
    before = wanzhou_state()
    rows = [["JC-001", "2024-04-01", FULING_NAME, FULING_CODE, "YH-002", "消防通道堵塞", "清理通道",
             "2024-05-31", "否", "一般"]]

    job, summary = importing(importer, rows, dry_run=True)

    assert wanzhou_state() == before
    # the foreign hazard is closed; the row is simply a new, open hazard of 涪陵区
    assert (summary.created, summary.rejected) == (1, 0)
    assert list(job.issues.all()) == []
    text = disclosed(job, client, importer)
    assert WANZHOU_NAME not in text and "销号" not in " ".join(
        i.message_zh for i in job.issues.all())


@pytest.mark.parametrize("dry_run", [True, False])
def test_another_districts_credit_code_is_refused_as_not_in_the_district(
        importing, wanzhou_ledger, importer, client, dry_run):
    before = wanzhou_state()
    foreign = Enterprise.objects.get(credit_code=WANZHOU_CODE)
    rows = [["JC-100", "2024-06-01", "随便写的名称", WANZHOU_CODE, "YH-100", "配电箱未接地", "加装接地",
             "2024-06-30", "否", "一般"]]

    job, summary = importing(importer, rows, dry_run=dry_run)

    assert wanzhou_state() == before
    assert (summary.created, summary.rejected) == (0, 1)
    assert [(i.row_number, i.column, i.message_zh, i.message_en) for i in job.issues.all()] == [
        (2, "统一社会信用代码", "该企业不属于本区县，不能导入。", "this enterprise is not in your district")]
    text = disclosed(job, client, importer)
    assert WANZHOU_NAME not in text and str(foreign.pk) not in " ".join(
        i.message_zh + i.message_en for i in job.issues.all())
    assert not Hazard.objects.filter(district_id="500102").exists()


def test_an_enterprise_list_cannot_rewrite_another_districts_enterprise(
        importing, wanzhou_ledger, importer, client):
    before = wanzhou_state()
    content = ledgers.table_xlsx(["企业名称", "统一社会信用代码", "地址"],
                                 [["改名后的企业", WANZHOU_CODE, "涪陵区某路"]])
    job = services.job_create(actor=importer, preset=services.preset_get("cn_enterprise_list"),
                              file=io.BytesIO(content), name="名录.xlsx",
                              district_code="500102", mode=ImportMode.VALID_ROWS_ONLY)

    summary = services.job_run(job=job)

    assert wanzhou_state() == before
    assert (summary.updated, summary.rejected) == (0, 1)
    assert [i.message_zh for i in job.issues.all()] == ["该企业不属于本区县，不能导入。"]


def test_same_numbers_in_two_districts_are_two_records(importing, wanzhou_ledger, importer):
    rows = [[*row[:2], FULING_NAME, FULING_CODE, *row[4:]] for row in WANZHOU_ROWS]

    _job, first = importing(importer, rows)
    _job, again = importing(importer, rows)

    assert (first.created, again.unchanged) == (2, 2)
    keys = sorted(ImportedRecord.objects.filter(kind="hazard").values_list(
        "first_job__district_id", "natural_key"))
    assert keys == [("500101", "YH-001"), ("500101", "YH-002"),
                    ("500102", "YH-001"), ("500102", "YH-002")]
    assert Hazard.objects.filter(district_id="500102", status=HazardStatus.CLOSED).count() == 1


def test_replayed_steps_carry_the_ledgers_dates(importing, wanzhou_ledger):
    closed = Hazard.objects.get(district_id="500101", status=HazardStatus.CLOSED)

    steps = list(closed.transitions.order_by("at", "id").values_list("action", "at"))

    cst = datetime.timezone(datetime.timedelta(hours=8))
    found = datetime.datetime(2024, 4, 1, tzinfo=cst)
    assert [action for action, _at in steps] == [
        "registered", "rectification_ordered", "evidence_submitted", "verification_passed"]
    assert [at for _action, at in steps[:2]] == [found, found]
