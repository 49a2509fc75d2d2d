"""A re-imported ledger corrects records only through the domain services: history with actor,
source import and old/new values, a new version; what the loop forbids is refused row by row
with its reason. Keys are stored by one rule on writing and reading; ledger dates date the
replayed steps."""
import datetime

import pytest
from django.urls import reverse

from core.clock import today_cst
from enterprises.models import Enterprise
from hazards.enums import HazardAction, HazardStatus
from hazards.filing.signing import inspection_sign
from hazards.models import Hazard
from hazards.services import hazard_record_imported_step
from imports.models import ImportedRecord
from inspections.models import Inspection
from tests import factories
from tests.imports import ledgers

HEADERS = ["检查编号", "检查日期", "企业名称", "隐患编号", "隐患描述", "整改措施", "整改期限", "整改情况",
           "销号日期", "隐患等级"]
CST = datetime.timezone(datetime.timedelta(hours=8))


def row(**overrides):
    values = {"检查编号": "JC-1", "检查日期": "2024-04-01", "企业名称": "涪陵甲化工有限公司",
              "隐患编号": "YH-1", "隐患描述": "配电箱未接地", "整改措施": "加装接地",
              "整改期限": "2024-05-31", "整改情况": "否", "销号日期": "", "隐患等级": "一般"}
    values.update(overrides)
    return [values[h] for h in HEADERS]


def load(run_import, rows, name="台账.xlsx", **kwargs):
    return run_import(ledgers.table_xlsx(HEADERS, rows), name, **kwargs)


def test_reimport_changing_measures_leaves_history_with_actor_source_and_old_new_values(
        run_import, importer):
    load(run_import, [row()])
    hazard = Hazard.objects.get()
    version = hazard.version

    job, summary = load(run_import, [row(整改措施="加装接地并每月检测")], name="台账-6月.xlsx")

    assert (summary.updated, summary.rejected) == (1, 0)
    hazard.refresh_from_db()
    assert hazard.rectification_measures == "加装接地并每月检测"
    assert hazard.version == version + 1
    step = hazard.transitions.get(action=HazardAction.PARTICULARS_CHANGED)
    assert step.actor == importer
    assert step.data["changes"] == {"rectification_measures": ["加装接地", "加装接地并每月检测"]}
    assert (step.data["source"]["job"], step.data["source"]["file"],
            step.data["source"]["row"]) == (job.pk, "台账-6月.xlsx", 2)
    assert hazard.history.first().history_change_reason == f"导入任务 {job.pk} 台账-6月.xlsx 第 2 行"


def test_reimport_touching_a_closed_hazard_is_refused_with_the_reason(run_import):
    load(run_import, [row(整改情况="是"), row(隐患编号="YH-2", 隐患描述="消防通道堵塞")])
    closed = Hazard.objects.get(status=HazardStatus.CLOSED)
    before = (closed.version, closed.rectification_measures, closed.transitions.count())

    job, summary = load(run_import, [row(整改情况="是", 整改措施="改写已销号隐患的措施"),
                                     row(隐患编号="YH-2", 隐患描述="消防通道堵塞")])

    closed.refresh_from_db()
    assert (closed.version, closed.rectification_measures, closed.transitions.count()) == before
    assert (summary.unchanged, summary.rejected) == (1, 1)
    assert [(i.row_number, i.message_zh) for i in job.issues.all()] == [
        (2, "该隐患已销号，其信息不能再修改。")]


def test_reimport_touching_a_signed_record_is_refused_with_the_reason(run_import, importer):
    load(run_import, [row()])
    hazard = Hazard.objects.get()
    inspection = hazard.inspection
    officers = [factories.inspector("500102"), factories.inspector("500102")]
    inspection.inspectors.set(officers)
    inspection_sign(inspection=inspection, actor=officers[0],
                    passwords={o.pk: "pass-word-123" for o in officers},
                    enterprise_representative="王厂长")

    job, summary = load(run_import, [row(隐患描述="配电箱未接地并已锈蚀"),
                                     row(隐患编号="YH-2", 隐患描述="另一处隐患")])
    dated, _summary = load(run_import, [row(检查日期="2024-04-02")])

    assert (summary.created, summary.rejected) == (0, 2)
    assert [i.message_zh for i in job.issues.all()] == [
        "检查记录已签署，隐患的等级、类别、描述、部位、判定依据和事故类别不能修改。",
        "检查记录已签署，不能再登记新的隐患。"]
    assert [i.message_zh for i in dated.issues.all()] == ["检查记录已签署，不能修改。"]
    hazard.refresh_from_db()
    inspection.refresh_from_db()
    assert (hazard.description, inspection.hazards.count()) == ("配电箱未接地", 1)
    assert inspection.inspected_on == datetime.date(2024, 4, 1)


def test_reimport_raising_a_running_hazard_to_major_needs_its_plan(run_import):
    load(run_import, [row()])

    job, summary = load(run_import, [row(隐患等级="重大")])

    assert summary.rejected == 1
    assert [i.message_zh for i in job.issues.all()] == ["重大隐患须先提交整改方案（五落实），方可开始整改。"]
    assert Hazard.objects.get().grade == "general"


def test_unchanged_ledger_with_a_long_finding_reimports_as_unchanged(run_import):
    # no hazard number: the key is enterprise + date + item + the whole description (> 500)
    long_text = "储罐区防火堤内积存可燃物，" * 60
    rows = [row(隐患编号="", 隐患描述=long_text)]
    load(run_import, rows)

    job, summary = load(run_import, rows)

    assert (summary.unchanged, summary.rejected, summary.created) == (1, 0, 0)
    assert list(job.issues.all()) == []
    assert Hazard.objects.count() == 1
    keys = list(ImportedRecord.objects.filter(kind="hazard").values_list("natural_key",
                                                                         flat=True))
    assert len(keys[0]) == 500 and "|sha256:" in keys[0]


def test_records_stored_with_the_old_cut_key_are_still_found(run_import):
    long_text = "危化品仓库通风设施损坏" * 60
    rows = [row(隐患编号="", 隐患描述=long_text)]
    load(run_import, rows)
    record = ImportedRecord.objects.get(kind="hazard")
    full_key = f"涪陵甲化工有限公司|2024-04-01||{long_text}|"
    # how imports before the fix stored it (cut at 500 characters); tests may write directly
    ImportedRecord.objects.filter(pk=record.pk).update(natural_key=full_key[:500],
                                                       row_hash="stale")

    _job, summary = load(run_import, rows)

    assert (summary.created, summary.rejected) == (0, 0)
    assert Hazard.objects.count() == 1


def test_ledger_dates_date_the_registration_the_order_and_the_closure(run_import):
    load(run_import, [row(整改情况="是", 销号日期="2024-05-20"),
                      row(隐患编号="YH-2", 整改情况="否")])
    closed = Hazard.objects.get(status=HazardStatus.CLOSED)
    open_ = Hazard.objects.get(status=HazardStatus.RECTIFYING)

    found = datetime.datetime(2024, 4, 1, tzinfo=CST)
    fixed = datetime.datetime(2024, 5, 20, tzinfo=CST)
    assert list(closed.transitions.values_list("action", "at")) == [
        (HazardAction.REGISTERED, found), (HazardAction.RECTIFICATION_ORDERED, found),
        (HazardAction.EVIDENCE_SUBMITTED, fixed), (HazardAction.VERIFICATION_PASSED, fixed)]
    assert closed.closed_at == fixed
    assert list(open_.transitions.values_list("at", flat=True)) == [found, found]


def test_a_closure_date_on_an_open_row_or_before_the_inspection_is_a_row_error(run_import):
    job, summary = load(run_import, [row(整改情况="否", 销号日期="2024-05-20"),
                                     row(隐患编号="YH-2", 整改情况="是", 销号日期="2024-03-01")],
                        dry_run=True)

    assert summary.rejected == 2
    assert [(i.row_number, i.column, i.message_zh) for i in job.issues.all()] == [
        (2, "销号日期", "填写了销号日期，但整改情况不是已整改"), (3, "销号日期", "销号日期早于检查日期")]


def test_imported_step_dates_are_checked(db, district_official):
    hazard = factories.hazard(enterprise=factories.EnterpriseFactory())
    later = datetime.datetime.now(CST) + datetime.timedelta(hours=1)
    earlier = datetime.datetime(2020, 1, 1, tzinfo=CST)

    from core.errors import ValidationFailed
    for at in (later, earlier):  # the future; before the registration
        with pytest.raises(ValidationFailed) as caught:
            hazard_record_imported_step(
                hazard=hazard, actor=district_official, action=HazardAction.CLOSED_ON_SPOT,
                source={"job": 1}, at=at)
        assert caught.value.field == "at"
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.REPORTED


def test_imports_create_through_the_services_with_the_job_in_the_history(run_import, importer):
    job, _summary = load(run_import, [row()])

    enterprise = Enterprise.objects.get()
    inspection = Inspection.objects.get()
    reason = f"导入任务 {job.pk} 台账.xlsx 第 2 行"
    assert [(h.history_user, h.history_change_reason) for h in enterprise.history.all()] == [
        (importer, reason)]
    assert [(h.history_user, h.history_change_reason) for h in inspection.history.all()] == [
        (importer, reason)]
    assert inspection.created_by == importer and inspection.inspected_on == datetime.date(
        2024, 4, 1) <= today_cst()


def test_reimport_correcting_an_inspection_date_goes_through_its_service(run_import, importer):
    load(run_import, [row()])
    inspection = Inspection.objects.get()

    job, summary = load(run_import, [row(检查日期="2024-04-02")])

    inspection.refresh_from_db()
    assert inspection.inspected_on == datetime.date(2024, 4, 2)
    latest = inspection.history.first()
    assert (latest.history_user, latest.history_change_reason) == (
        importer, f"导入任务 {job.pk} 台账.xlsx 第 2 行")
    assert summary.updated == 1


def test_an_inspection_number_of_another_enterprise_in_the_district_is_refused(run_import):
    load(run_import, [row()])

    job, summary = load(run_import, [row(企业名称="涪陵乙机械有限公司", 隐患编号="YH-2")])

    assert summary.rejected == 1
    assert [i.message_zh for i in job.issues.all()] == ["该检查编号已用于本区县另一家企业的检查。"]
    assert Hazard.objects.count() == 1


def test_the_hazard_page_shows_a_reimports_corrections_and_their_source(run_import,
                                                                         importer, client):
    load(run_import, [row(整改期限="", 整改情况="否")])
    load(run_import, [row(整改期限="", 整改情况="否", 整改措施="加装接地并每月检测", 隐患等级="重大")],
         name="台账-6月.xlsx")
    hazard = Hazard.objects.get()
    client.force_login(importer)

    page = client.get(reverse("hazards:detail", args=[hazard.pk])).content.decode()

    assert "修改隐患信息" in page
    assert "整改措施：加装接地 → 加装接地并每月检测" in page
    assert "隐患等级：一般隐患 → 重大隐患" in page
    assert "来源：台账-6月.xlsx 第 2 行" in page
