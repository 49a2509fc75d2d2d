"""The import pages: upload → preview (mapping) → dry-run report → confirm → result."""
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hazards.models import Hazard
from imports import services
from imports.models import ImportJob, ImportPreset, JobStatus
from tests.imports import ledgers


@pytest.fixture
def uploaded(importer, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(importer)
    services.preset_ensure_builtins()
    preset = ImportPreset.objects.get(code="cn_hazard_ledger")
    response = client.post(reverse("imports:upload"), {
        "preset": preset.pk, "mode": "all_or_nothing",
        "file": SimpleUploadedFile("台账.xlsx", ledgers.messy_xlsx())})
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("imports:preview", args=[job.pk])
    return job


def test_preview_shows_the_proposed_mapping_and_rows(client, uploaded):
    response = client.get(reverse("imports:preview", args=[uploaded.pk]))

    assert response.status_code == 200
    form = response.context["form"]
    assert form["col_4"].initial == "description"  # 不合格项描述
    assert form["col_7"].initial == "enterprise_name"  # 责任单位
    assert response.context["preview"]["rows"][0][1][4] == "消防通道堵塞"
    assert "不合格项描述" in response.content.decode()


def test_dry_run_then_confirm_imports(client, uploaded, django_capture_on_commit_callbacks):
    data = {f"col_{i}": f for i, f in uploaded.mapping.items()}

    response = client.post(reverse("imports:preview", args=[uploaded.pk]), data)

    assert response.status_code == 302
    uploaded.refresh_from_db()
    assert uploaded.status == JobStatus.VALIDATED
    assert Hazard.objects.count() == 0
    page = client.get(reverse("imports:detail", args=[uploaded.pk])).content.decode()
    assert "试运行（未写入）" in page and "确认导入" in page

    with django_capture_on_commit_callbacks(execute=True):  # the task runs in-process
        client.post(reverse("imports:confirm", args=[uploaded.pk]), {"mode": "all_or_nothing"})

    uploaded.refresh_from_db()
    assert uploaded.status == JobStatus.DONE
    assert (uploaded.created, uploaded.rejected) == (5, 0)
    assert Hazard.objects.count() == 5


def test_corrected_mapping_is_used_and_can_be_saved_as_a_preset(
        client, uploaded, django_capture_on_commit_callbacks):
    data = {f"col_{i}": f for i, f in uploaded.mapping.items()}
    data["col_6"] = ""  # do not import 检查区域 as the location

    client.post(reverse("imports:preview", args=[uploaded.pk]), data)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:confirm", args=[uploaded.pk]), {"mode": "valid_rows_only"})
    client.post(reverse("imports:save_preset", args=[uploaded.pk]),
                {"code": "fuling-ledger", "name": "涪陵台账"})

    assert set(Hazard.objects.values_list("location", flat=True)) == {""}
    saved = ImportPreset.objects.get(code="fuling-ledger")
    assert saved.columns["description"][0] == "不合格项描述"


def test_missing_required_field_blocks_the_dry_run(client, uploaded):
    data = {f"col_{i}": f for i, f in uploaded.mapping.items() if f != "description"}

    response = client.post(reverse("imports:preview", args=[uploaded.pk]), data)

    assert response.status_code == 200
    assert "隐患描述" in str(response.context["form"].non_field_errors())


def test_rejected_rows_download(client, importer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    rows = [row[:] for row in ledgers.MESSY_ROWS]
    rows[0][9] = "明天"
    job = services.job_create(actor=importer, preset=services.preset_get("cn_hazard_ledger"),
                              file=io.BytesIO(ledgers.messy_xlsx(rows)), name="a.xlsx",
                              district_code="500102")
    services.job_dry_run(job=job)
    client.force_login(importer)

    response = client.get(reverse("imports:rejected_report", args=[job.pk]))

    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 2
    assert "明天" in sheet.cell(row=2, column=sheet.max_column - 1).value


def test_only_district_officials_may_upload(db, client, inspector):
    client.force_login(inspector)
    assert client.get(reverse("imports:upload")).status_code == 403


def test_another_districts_job_is_not_found(client, uploaded, other_district_official):
    client.force_login(other_district_official)
    assert client.get(reverse("imports:detail", args=[uploaded.pk])).status_code == 404
    assert client.get(reverse("imports:progress", args=[uploaded.pk])).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_confirm_without_a_broker_shows_the_runs_outcome(client, settings, tmp_path, fuling):
    # a real commit: the in-process run happens on commit, before the page answers
    from tests import factories

    settings.MEDIA_ROOT = tmp_path
    factories.sector("other", "其他")
    importer = factories.district_official("500102", username="fuling_importer")
    job = services.job_create(actor=importer, preset=services.preset_get("cn_hazard_ledger"),
                              file=io.BytesIO(ledgers.messy_xlsx()), name="台账.xlsx",
                              district_code="500102")
    services.job_dry_run(job=job)
    client.force_login(importer)

    response = client.post(reverse("imports:confirm", args=[job.pk]),
                           {"mode": "all_or_nothing"}, follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "读取 5 行：新增 5，更新 0，未变化 0，拒绝 0，跳过 0。"]
    assert Hazard.objects.count() == 5
