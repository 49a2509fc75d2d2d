"""The shipped presets recognise the real Chinese template headings (facts from
cn_hse_system_import_template_headers.csv, written into our own files here) and the OSHA
export's columns."""
import io
import os
from pathlib import Path

import openpyxl
import pytest

from imports import services
from imports.presets import BUILTIN_PRESETS, match_headers, missing_required
from tests.imports import ledgers

# the original, unlicensed templates live outside the repository; CI points at them
SHARED = Path(os.environ.get("HAZARD_SHARED_DATA", "/nonexistent"))
PRESETS = {p["code"]: p for p in BUILTIN_PRESETS}


def fields_of(headers, preset="cn_check_record"):
    return {headers[i]: f for i, f in match_headers(headers, PRESETS[preset]["columns"]).items()}


def test_subhsse_check_template_headings_map_to_hazard_fields():
    assert fields_of(ledgers.SUBHSSE_CHECK_HEADINGS) == {
        "检查类型": "inspection_kind", "检查项": "check_item", "不合格项描述": "description",
        "整改要求": "rectification_measures", "检查区域": "location",
        "责任单位": "enterprise_name", "限时时间": "rectification_deadline",
        "整改情况(是/否)": "rectified"}  # 处理措施: 整改要求 already holds the measures


def test_danger_ledger_headings_map_to_hazard_fields():
    assert fields_of(ledgers.DANGER_LEDGER_HEADINGS, "cn_hazard_ledger") == {
        "排查时间": "inspected_on", "隐患部位": "location", "隐患名称": "description",
        "隐患等级": "grade", "治理措施": "rectification_measures",
        "完成时限": "rectification_deadline", "责任部门": "enterprise_name"}


@pytest.mark.parametrize("headers", [
    ["隐患描述", "整改期限", "被检查单位"],
    ["存在问题", "整改时限", "责任单位"],
    [" 不合格项描述 ", "限时时间", "被检查单位"],
    ["隐患描述（详细）", "整改期限", "企业名称"],
])
def test_issue_synonyms_are_recognised(headers):
    assert sorted(fields_of(headers).values()) == ["description", "enterprise_name",
                                                   "rectification_deadline"]


def test_lec_hazard_source_template_is_not_taken_for_a_hazard_ledger():
    lec = ["危险源类别（一级）", "代码", "危险因素明细", "缺陷类型", "可能导致的事故", "控制措施"]
    mapping = match_headers(lec, PRESETS["cn_check_record"]["columns"])
    assert {s.name for s in missing_required("ledger", mapping)} == {"enterprise_name",
                                                                     "description"}


def test_our_file_in_the_check_template_layout_is_recognised(importer, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    workbook = openpyxl.Workbook()
    workbook.active.append(ledgers.SUBHSSE_CHECK_HEADINGS)
    workbook.active.append(["日常巡检", "消防", "灭火器过期", "更换", "仓库", "甲公司", "", "2024-05-31",
                            "否"])
    content = io.BytesIO()
    workbook.save(content)
    content.seek(0)

    job = services.job_create(actor=importer, preset=services.preset_get("cn_check_record"),
                              file=content, name="日常巡检导入.xlsx", district_code="500102")

    assert job.header_row == 1
    assert len(job.mapping) == 8
    assert not services.job_preview(job)["missing"]


@pytest.mark.parametrize("name", [
    "subhsse_daily_patrol_check_import_template.xls",
    "subhsse_special_check_import_template.xls",
    "subhsse_comprehensive_check_import_template.xls",
])
def test_original_xls_templates_outside_the_repository_are_recognised(importer, tmp_path,
                                                                       settings, name):
    path = SHARED / "cn_hse_templates" / name
    if not path.exists():
        pytest.skip("shared data folder not present (the templates have no licence and are "
                    "not in the repository)")
    settings.MEDIA_ROOT = tmp_path
    with path.open("rb") as handle:
        job = services.job_create(actor=importer, preset=services.preset_get("cn_check_record"),
                                  file=handle, name=name, district_code="500102")

    assert job.options["headers"] == ledgers.SUBHSSE_CHECK_HEADINGS
    assert set(job.mapping.values()) >= {"description", "enterprise_name",
                                         "rectification_deadline", "rectified", "location",
                                         "rectification_measures", "inspection_kind"}
    assert not services.job_preview(job)["missing"]


def test_osha_preset_maps_every_used_column_of_the_export():
    header = (Path(__file__).resolve().parent.parent / "data"
              / "osha_ca_carceral_inspection_violation.csv").read_text().splitlines()[0]
    headers = [h.strip('"') for h in header.split(",")]
    mapped = set(match_headers(headers, PRESETS["osha_inspection_violation"]["columns"])
                 .values())
    assert mapped == set(PRESETS["osha_inspection_violation"]["columns"])
