"""The rejected-rows report of a job as an .xlsx the user corrects and uploads again."""
import io
from pathlib import PurePath

from django.utils.translation import gettext as _

from core import spreadsheets

from ..models import ImportJob


def rejected_rows_workbook(job: ImportJob) -> bytes:
    """The rejected rows as .xlsx bytes: the file's own columns, then the row number and an
    error column (Chinese, then English), one line per rejected row. Every cell is written
    through ``core.spreadsheets`` (text stays text: a ledger cell ``=HYPERLINK(…)`` is not a
    live formula in the report)."""
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(_("被拒绝的行"))
    headers = job.options.get("headers", [])
    sheet.append(spreadsheets.row(sheet, [*headers, _("原行号"), _("错误"), "Errors"]))
    current, values, messages = None, [], []

    def flush():
        if current is not None:
            sheet.append(spreadsheets.row(sheet, [
                *values, current, "；".join(m[0] for m in messages),
                "; ".join(m[1] for m in messages)]))

    for issue in job.issues.order_by("row_number", "id").iterator(chunk_size=2000):
        if issue.row_number != current:
            flush()
            current, values, messages = issue.row_number, list(issue.values), []
            values += [""] * (len(headers) - len(values))
        prefix = f"[{issue.column}] " if issue.column else ""
        messages.append((prefix + issue.message_zh, prefix + issue.message_en))
    flush()
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rejected_rows_filename(job: ImportJob) -> tuple[str, str]:
    """``(name, ASCII fallback)`` of the report download, e.g. ``("台账-被拒绝的行.xlsx",
    "import-12-rejected.xlsx")``."""
    stem = PurePath(job.original_name).stem or str(job.pk)
    return (f"{stem}-{_('被拒绝的行')}.xlsx", f"import-{job.pk}-rejected.xlsx")
