"""A file with errors writes nothing in all-or-nothing mode and gets a row-by-row report;
re-imports change only what changed, through the transition service."""
import io

import openpyxl
import pytest
from django.core.management import call_command

from enterprises.models import Enterprise
from hazards.enums import HazardAction
from hazards.models import Hazard, HazardTransition
from imports import services
from imports.models import ImportedRecord, ImportMode
from imports.services import ImportRejected
from inspections.models import Inspection
from tests.imports import ledgers


def broken_rows():
    rows = [row[:] for row in ledgers.MESSY_ROWS]
    rows[1][9] = "2024-13-45"        # row 5: no such date
    rows[2][4] = "NA"                # row 6: description missing
    rows[3][10] = "也许"              # row 8 (after the empty row): unknown 整改情况
    return rows


def counts():
    return (Enterprise.objects.count(), Inspection.objects.count(), Hazard.objects.count(),
            HazardTransition.objects.count(), ImportedRecord.objects.count())


def test_file_with_errors_writes_nothing_in_all_or_nothing_mode(run_import):
    with pytest.raises(ImportRejected) as caught:
        run_import(ledgers.messy_xlsx(broken_rows()), "台账.xlsx",
                   mode=ImportMode.ALL_OR_NOTHING)

    assert counts() == (0, 0, 0, 0, 0)
    summary = caught.value.summary
    assert (summary.rows_read, summary.rejected) == (5, 3)


def test_dry_run_reports_each_bad_row_and_column_in_chinese_and_english(run_import):
    job, summary = run_import(ledgers.messy_xlsx(broken_rows()), "台账.xlsx", dry_run=True)

    assert counts() == (0, 0, 0, 0, 0)
    assert (summary.created, summary.rejected) == (2, 3)  # what the real run would do
    report = [(i.row_number, i.column) for i in job.issues.all()]
    assert report == [(5, "限时时间"), (6, "不合格项描述"), (8, "整改情况(是/否)")]
    messages = {i.row_number: (i.message_zh, i.message_en) for i in job.issues.all()}
    assert messages[5] == ("日期“2024-13-45”无法识别（请使用 2024-05-31、2024/5/31 或 2024年5月31日）",
                           "date '2024-13-45' not recognised (use 2024-05-31, 2024/5/31 or "
                           "2024年5月31日)")
    assert "隐患描述" in messages[6][0]
    assert "也许" in messages[8][0]


def test_rejected_rows_download_has_the_rows_and_an_error_column(run_import):
    job, _summary = run_import(ledgers.messy_xlsx(broken_rows()), "台账.xlsx", dry_run=True)

    sheet = openpyxl.load_workbook(io.BytesIO(services.rejected_rows_workbook(job))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (*ledgers.HEADERS, "原行号", "错误", "Errors")
    assert [row[len(ledgers.HEADERS)] for row in rows[1:]] == [5, 6, 8]
    assert rows[1][4] == "配电箱未接地(2号车间)"  # the source row as cleaned
    assert rows[1][-2].startswith("[限时时间] 日期“2024-13-45”无法识别")
    assert rows[1][-1].startswith("[限时时间] date '2024-13-45' not recognised")


def test_valid_rows_only_writes_the_good_rows(run_import):
    _job, summary = run_import(ledgers.messy_xlsx(broken_rows()), "台账.xlsx")

    assert (summary.created, summary.rejected) == (2, 3)
    assert set(Hazard.objects.values_list("description", flat=True)) == {
        "消防：消防通道堵塞", "现场：安全出口指示灯损坏"}


def test_command_prints_summary_and_exits_non_zero_on_rejected_rows(importer, tmp_path,
                                                                     settings, capsys):
    settings.MEDIA_ROOT = tmp_path / "media"
    path = tmp_path / "台账.xlsx"
    path.write_bytes(ledgers.messy_xlsx(broken_rows()))
    report = tmp_path / "rejected.xlsx"

    with pytest.raises(SystemExit) as caught:
        call_command("import_ledger", str(path), "--preset", "cn_hazard_ledger", "--user",
                     importer.username, "--report", str(report))

    assert caught.value.code == 1
    out = capsys.readouterr().out
    assert "rows read: 5" in out and "rejected: 3" in out and "created: 2" in out
    assert report.exists()
    assert counts() == (0, 0, 0, 0, 0)


def test_command_imports_and_the_second_run_changes_nothing(importer, tmp_path, settings,
                                                            capsys):
    settings.MEDIA_ROOT = tmp_path / "media"
    path = tmp_path / "台账.csv"
    path.write_bytes(ledgers.messy_csv())
    args = ["import_ledger", str(path), "--preset", "cn_hazard_ledger", "--user",
            importer.username]

    call_command(*args)
    first = counts()
    call_command(*args)

    assert counts() == first
    out = capsys.readouterr().out
    assert "created: 5" in out
    assert "unchanged: 5" in out and "未做任何修改" in out


def test_updated_file_updates_only_the_changed_row_through_the_transitions(run_import,
                                                                           importer):
    run_import(ledgers.messy_xlsx(), "台账.xlsx")
    rows = [row[:] for row in ledgers.MESSY_ROWS]
    rows[1][10] = "是"  # the enterprise has since rectified the ungrounded switchboard

    _job, summary = run_import(ledgers.messy_xlsx(rows), "台账-6月.xlsx")

    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 4)
    # stored as written in the ledger: free text is not NFKC-normalised (core.text)
    hazard = Hazard.objects.get(description="电气：配电箱未接地（２号车间）")
    assert hazard.status == "closed"
    steps = list(hazard.transitions.order_by("id").values_list("action", "actor", "data"))
    assert [s[0] for s in steps[-2:]] == [HazardAction.EVIDENCE_SUBMITTED,
                                         HazardAction.VERIFICATION_PASSED]
    assert {s[1] for s in steps} == {importer.pk}
    assert steps[-1][2]["source"]["file"] == "台账-6月.xlsx"


def test_reimport_cannot_reopen_a_closed_hazard_or_move_a_running_deadline(run_import):
    run_import(ledgers.messy_xlsx(), "台账.xlsx")
    rows = [row[:] for row in ledgers.MESSY_ROWS]
    rows[0][10] = "否"                # closed hazard marked open again
    rows[3][9] = "2024-07-31"        # rectifying hazard with a new deadline

    job, summary = run_import(ledgers.messy_xlsx(rows), "台账.xlsx")

    assert (summary.updated, summary.rejected) == (0, 2)
    messages = [i.message_zh for i in job.issues.all()]
    assert "该隐患已销号，导入不能重新打开。" in messages
    assert any("延期审批" in m for m in messages)
