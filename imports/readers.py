"""Streaming readers for .xlsx, .xls and .csv ledgers: rows out, one at a time.

Why not tablib / django-import-export: both load the whole sheet into a ``Dataset`` in memory
and write through model ``save()`` calls of their own (``Resource.import_row``). A 50,000-row
ledger must stream, and hazards must be created and moved through ``hazards.services`` (the
transition service, with the importing user as actor), so neither fits; the format mechanics
come from the well-kept libraries underneath them instead:

- ``.xlsx``: openpyxl in read-only mode (rows are parsed lazily from the sheet XML). Read-only
  mode does not expose merged ranges, so ``<mergeCells>`` is collected first in one streaming
  pass over the sheet XML (``xml.etree.ElementTree.iterparse``, elements cleared as they go).
- ``.xls``: xlrd (with ``formatting_info`` for merged cells). The BIFF format caps a sheet at
  65,536 rows, and xlrd holds that one sheet in memory; it is bounded.
- ``.csv``: the standard ``csv`` module over a decoded text stream. Encoding rule (the issue
  names exactly two): a UTF-8 BOM means UTF-8; else the first 64 KiB are tried as strict UTF-8;
  if that fails the file is GB18030 (a superset of GBK/GB2312). Strict UTF-8 decoding of
  GB18030 Chinese text fails in practice, so this is a rule, not a statistical guess.

Merged cells: a value spanning several rows or columns applies to each cell of the range (a
ledger that merges 责任单位 over five hazard rows means all five). Values come out raw (str,
int, float, datetime); ``imports.cleaning`` normalises them.
"""
import codecs
import csv
import io
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

from .cleaning import CellError

SNIFF_BYTES = 64 * 1024
_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def detect_format(name: str) -> str:
    """``xlsx``, ``xls`` or ``csv`` from the file name; CellError for anything else."""
    suffix = Path(name).suffix.lower().lstrip(".")
    if suffix in {"xlsx", "xlsm"}:
        return "xlsx"
    if suffix in {"xls", "csv"}:
        return suffix
    raise CellError(f"不支持的文件类型“.{suffix}”（请上传 .xlsx、.xls 或 .csv）",
                    f"unsupported file type '.{suffix}' (upload .xlsx, .xls or .csv)")


def detect_csv_encoding(head: bytes) -> str:
    """The encoding of a CSV file from its first bytes (rule in the module docstring)."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8"


def iter_rows(path: str | Path, *, name: str | None = None) -> Iterator[tuple[int, list]]:
    """Yield ``(row_number, values)`` for the first worksheet (or the CSV), 1-based rows as
    the user sees them in Excel. Merged ranges are filled (see module docstring)."""
    kind = detect_format(name or str(path))
    if kind == "xlsx":
        yield from _xlsx_rows(path)
    elif kind == "xls":
        yield from _xls_rows(path)
    else:
        yield from _csv_rows(path)


def _csv_rows(path):
    with open(path, "rb") as raw:
        encoding = detect_csv_encoding(raw.read(SNIFF_BYTES))
        raw.seek(0)
        text = io.TextIOWrapper(raw, encoding=encoding, newline="")
        try:
            yield from enumerate(csv.reader(text), start=1)
        except UnicodeDecodeError as exc:
            raise CellError(f"文件编码无法识别（按 {encoding} 读取失败）",
                            f"cannot decode the file as {encoding}") from exc


def _merged_ranges_xlsx(archive, sheet_path) -> list[tuple[int, int, int, int]]:
    from openpyxl.utils.cell import range_boundaries

    ranges = []
    with archive.open(sheet_path) as handle:
        for _event, element in ET.iterparse(handle, events=("end",)):
            if element.tag == f"{_NS}mergeCell":
                min_col, min_row, max_col, max_row = range_boundaries(element.get("ref"))
                ranges.append((min_row, max_row, min_col, max_col))
            if element.tag in (f"{_NS}row", f"{_NS}mergeCell"):
                element.clear()
    return ranges


def _xlsx_rows(path):
    import openpyxl

    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        merges = _merged_ranges_xlsx(workbook._archive, sheet._worksheet_path)
        filler = _MergeFiller(merges)
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, filler.fill(number, list(row))
    finally:
        workbook.close()


def _xls_rows(path):
    import xlrd

    book = xlrd.open_workbook(path, formatting_info=True, on_demand=True)
    try:
        sheet = book.sheet_by_index(0)
        merges = [(rlo + 1, rhi, clo + 1, chi) for rlo, rhi, clo, chi in sheet.merged_cells]
        filler = _MergeFiller(merges)
        for index in range(sheet.nrows):
            values = []
            for cell in sheet.row(index):
                if cell.ctype == xlrd.XL_CELL_DATE:
                    values.append(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode))
                elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    values.append(None)
                else:
                    values.append(cell.value)
            yield index + 1, filler.fill(index + 1, values)
    finally:
        book.release_resources()


class _MergeFiller:
    """Copies the top-left value of each merged range into the range's other cells.

    Ranges are (min_row, max_row, min_col, max_col), 1-based and inclusive. Rows arrive in
    order, so each range's value is captured when its first row passes.
    """

    def __init__(self, ranges):
        self.ranges = sorted(ranges)
        self.values: dict[tuple, object] = {}

    def fill(self, number: int, row: list) -> list:
        for merge in self.ranges:
            min_row, max_row, min_col, max_col = merge
            if min_row > number:
                break
            if number > max_row:
                continue
            if number == min_row:
                self.values[merge] = row[min_col - 1] if len(row) >= min_col else None
            value = self.values.get(merge)
            if len(row) < max_col:
                row.extend([None] * (max_col - len(row)))
            for col in range(min_col, max_col + 1):
                row[col - 1] = value
        if self.ranges and number > self.ranges[0][1]:
            # drop ranges that are finished so long files stay cheap
            self.ranges = [m for m in self.ranges if m[1] >= number]
        return row
