"""Enterprise lists (企业名录) import as enterprises, idempotently, with codes checked."""
import io

import openpyxl
import pytest
from stdnum.cn import uscc

from enterprises.models import Enterprise
from imports.models import ImportedEnterprise
from tests import factories

BODY = "91500102MA5U7AB1X"  # 17 characters; the 18th is the GB 32100 check digit
BING_CODE = BODY + uscc.calc_check_digit(BODY)
HEADERS = ["单位名称", "统一社会信用代码", "法人代表", "单位地址", "联系电话", "邮箱", "行业领域"]


def enterprise_list(rows) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(HEADERS)
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def list_sectors(db):
    factories.sector("hazardous_chemicals", "危险化学品")
    factories.sector("industry_trade", "工贸")


def rows(phone="023-72220000"):
    return [
        ["涪陵丙化工有限公司", BING_CODE, "王丙", "涪陵区李渡街道1号", phone,
         "safety@bing.example", "危险化学品"],
        ["涪陵丁商贸有限公司", "", "李丁", "涪陵区崇义街道2号", "", "", "工贸"],
        ["涪陵戊公司", "91500102000000000X", "", "", "", "", "工贸"],
        ["涪陵己公司", "", "", "", "", "", "养殖"],
    ]


def test_enterprise_list_creates_valid_rows_and_reports_the_rest(run_import):
    job, summary = run_import(enterprise_list(rows()), "企业名录.xlsx",
                              preset="cn_enterprise_list")

    assert (summary.created, summary.rejected) == (2, 2)
    bing = Enterprise.objects.get(name="涪陵丙化工有限公司")
    assert (bing.credit_code, bing.sector_id, bing.legal_representative) == (
        BING_CODE, "hazardous_chemicals", "王丙")
    assert ImportedEnterprise.objects.get(enterprise=bing).placeholder_credit_code is False
    ding = Enterprise.objects.get(name="涪陵丁商贸有限公司")
    assert ImportedEnterprise.objects.get(enterprise=ding).placeholder_credit_code is True
    assert [(i.row_number, i.column) for i in job.issues.all()] == [
        (4, "统一社会信用代码"), (5, "行业领域")]


def test_enterprise_list_reimport_updates_only_the_changed_enterprise(run_import):
    run_import(enterprise_list(rows()), "企业名录.xlsx", preset="cn_enterprise_list")

    _job, summary = run_import(enterprise_list(rows(phone="023-72229999")), "企业名录.xlsx",
                               preset="cn_enterprise_list")

    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 1)
    assert Enterprise.objects.get(name="涪陵丙化工有限公司").safety_contact_phone == \
        "023-72229999"
    assert Enterprise.objects.count() == 2
