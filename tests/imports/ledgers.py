"""Test ledgers written by the tests themselves, in the layout of the SUBHSSE check import
templates (column headings are facts: ``cn_hse_system_import_template_headers.csv``) plus the
columns district ledgers add (检查日期, 隐患等级), with the mess real ledgers have."""
import csv
import datetime
import io

import openpyxl

# 日常巡检 / 专项检查 / 综合检查导入模板, Sheet1, columns 1-9 (the same nine in all three)
SUBHSSE_CHECK_HEADINGS = ["检查类型", "检查项", "不合格项描述", "整改要求", "检查区域", "责任单位",
                          "处理措施", "限时时间", "整改情况(是/否)"]
# 隐患治理信息台账 (dudu-du/msm dangerLedgerPage.ftl), as recorded in the shared data README
DANGER_LEDGER_HEADINGS = ["序号", "排查时间", "排查人", "隐患部位", "隐患名称", "隐患等级", "治理措施",
                          "完成时限", "责任部门"]

TITLE = "涪陵区2024年安全生产隐患排查治理台账"
HEADERS = ["序号", "检查日期", *SUBHSSE_CHECK_HEADINGS, "隐患等级"]
ENTERPRISE_A = "涪陵甲化工有限公司"
ENTERPRISE_B = "涪陵乙机械有限公司"

# (序号, 检查日期, 检查类型, 检查项, 不合格项描述, 整改要求, 检查区域, 责任单位, 处理措施, 限时时间,
#  整改情况, 隐患等级); None = merged with the cell above in the xlsx (value repeated in CSV)
MESSY_ROWS = [
    [1, 45383, "执法检查", "消防", " 消防通道堵塞 ", "清理通道", "仓库", ENTERPRISE_A, "责令清理",
     "2024-05-31", "是", "一般"],
    [2, "2024/4/1", "执法检查", "电气", "配电箱未接地（２号车间）", "加装接地", "２号车间", None,
     "", "２０２４年５月３１日", "否", "重大隐患"],
    [3, "2024年4月1日", "执法检查", "危化", "  液氨储罐  压力表过期  ", "NA", "罐区", None,
     "", "NA", "", ""],
    [4, "2024-04-02", "企业自查", "培训", "特种作业人员无证上岗", "组织取证", "车间",
     ENTERPRISE_B, "", datetime.datetime(2024, 6, 30), "否", "一般隐患"],
    [5, None, "企业自查", "现场", "安全出口指示灯损坏", "更换", "办公楼", None, "",
     "2024.6.30", "现场整改", "一般"],
]

# what a correct import of MESSY_ROWS gives: description → (enterprise, status, deadline, grade)
EXPECTED = {
    "消防：消防通道堵塞": (ENTERPRISE_A, "closed", datetime.date(2024, 5, 31), "general"),
    "电气：配电箱未接地（２号车间）": (ENTERPRISE_A, "rectifying", datetime.date(2024, 5, 31),
                                  "major"),
    "危化：液氨储罐 压力表过期": (ENTERPRISE_A, "reported", None, "general"),
    "培训：特种作业人员无证上岗": (ENTERPRISE_B, "rectifying", datetime.date(2024, 6, 30),
                                 "general"),
    "现场：安全出口指示灯损坏": (ENTERPRISE_B, "closed", datetime.date(2024, 6, 30), "general"),
}


def _filled(rows):
    """The rows with merged (None) cells given the value above, as a CSV must carry them."""
    out, previous = [], None
    for row in rows:
        row = [prev if value is None else value
               for value, prev in zip(row, previous or row, strict=True)]
        out.append(row)
        previous = row
    return out


def messy_xlsx(rows=MESSY_ROWS, *, title=True) -> bytes:
    """An .xlsx with a merged title row, a blank row, the header, the rows with merged cells
    (责任单位 over rows of the same enterprise, 检查日期 over the last two) and an empty row in
    the middle."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    top = 1
    if title:
        sheet.append([TITLE])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
        sheet.append([])
        top = 3
    sheet.append(HEADERS)
    written = top
    starts = {}
    for index, row in enumerate(rows):
        if index == 3:
            sheet.append([])  # an empty row inside the data
            written += 1
        sheet.append(["" if value is None else value for value in row])
        written += 1
        for col, value in enumerate(row, start=1):
            if value is None:
                starts.setdefault(col, []).append(written)
            else:
                starts.setdefault(("anchor", col), []).append(written)
    # merge every run of None cells with the anchor above it
    for col in range(1, len(HEADERS) + 1):
        for row_number in starts.get(col, []):
            anchor = max(r for r in starts[("anchor", col)] if r < row_number)
            sheet.cell(row=row_number, column=col).value = None
            merged = [str(r) for r in sheet.merged_cells.ranges
                      if r.min_col == col and r.min_row == anchor]
            if merged:
                sheet.unmerge_cells(merged[0])
            sheet.merge_cells(start_row=anchor, start_column=col, end_row=row_number,
                              end_column=col)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def messy_csv(rows=MESSY_ROWS, *, encoding="gb18030") -> bytes:
    """The same ledger as CSV (title row, blank row, header, rows; merged values repeated)."""
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow([TITLE])
    writer.writerow([])
    writer.writerow(HEADERS)
    for row in _filled(rows):
        writer.writerow([value.strftime("%Y-%m-%d") if isinstance(value, datetime.datetime)
                         else value for value in row])
    return text.getvalue().encode(encoding)


def messy_xls(rows=MESSY_ROWS) -> bytes:
    """The same ledger as a BIFF .xls (Excel 97-2003), written with xlwt: merged title row,
    blank row, header, merged 责任单位 / 检查日期 cells, a real date cell, an empty row."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Sheet1")
    date_style = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    sheet.write_merge(0, 0, 0, len(HEADERS) - 1, TITLE)
    for col, header in enumerate(HEADERS):
        sheet.write(2, col, header)
    row_index = 3
    spans = {}  # col -> [anchor row, last row, value]
    for index, row in enumerate(rows):
        if index == 3:
            row_index += 1  # an empty row inside the data
        for col, value in enumerate(row):
            if value is None:
                spans[col][1] = row_index
                continue
            if col in spans and spans[col][1] > spans[col][0]:
                first, last, anchor_value = spans[col]
                sheet.write_merge(first, last, col, col, anchor_value)
            elif col in spans:
                _write(sheet, spans[col][0], col, spans[col][2], date_style)
            spans[col] = [row_index, row_index, value]
        row_index += 1
    for col, (first, last, value) in spans.items():
        if last > first:
            sheet.write_merge(first, last, col, col, value)
        else:
            _write(sheet, first, col, value, date_style)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _write(sheet, row, col, value, date_style):
    if isinstance(value, datetime.datetime):
        sheet.write(row, col, value, date_style)
    else:
        sheet.write(row, col, value)


def table_xlsx(headers, rows) -> bytes:
    """A plain one-sheet .xlsx: the header row, then ``rows``."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
