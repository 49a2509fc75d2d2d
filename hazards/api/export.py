"""Streaming CSV and XLSX exports of a hazard list (``GET /api/v1/hazards/export/``).

Both formats stream: CSV row by row through StreamingHttpResponse, XLSX through openpyxl's
write-only workbook (rows are not kept in memory; the finished file is spooled to a temporary
file that spills to disk past 8 MB, then streamed). Cells that a spreadsheet would run as a
formula are neutralised (OWASP "CSV injection"): in CSV with a leading single quote, in XLSX as
quote-prefixed text cells (``core.spreadsheets``). Date-times are CST: text in CSV, real
date-time cells in XLSX.
"""
import csv
import datetime
import tempfile

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from rest_framework.renderers import BaseRenderer

from core import spreadsheets
from core.clock import today_cst
from core.downloads import content_disposition as download_disposition
from enterprises.privacy import mask_name, may_see_personal_data

FORMULA_PREFIXES = spreadsheets.FORMULA_PREFIXES


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data if isinstance(data, bytes) else str(data).encode()


class XLSXRenderer(BaseRenderer):
    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    format = "xlsx"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data if isinstance(data, bytes) else str(data).encode()


def neutralise(value):
    """A CSV cell value a spreadsheet will show as text: strings starting with ``= + - @``
    (ASCII or full-width) or a tab/CR get a leading single quote. Numbers and dates pass
    unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _columns(user=None):
    today = today_cst()

    def responsible(h):
        if may_see_personal_data(user, district_id=h.district_id, enterprise_id=h.enterprise_id):
            return h.responsible_person
        return mask_name(h.responsible_person)

    return [
        (_("隐患编号"), lambda h: h.pk),
        (_("区县"), lambda h: h.district.name),
        (_("镇街"), lambda h: h.enterprise.township.name if h.enterprise.township_id else ""),
        (_("企业名称"), lambda h: h.enterprise.name),
        (_("统一社会信用代码"), lambda h: h.enterprise.credit_code),
        (_("行业领域"), lambda h: h.enterprise.sector.name),
        (_("隐患等级"), lambda h: h.get_grade_display()),
        (_("隐患类别"), lambda h: h.get_category_display()),
        (_("事故类别"), lambda h: h.accident_type.name if h.accident_type_id else ""),
        (_("隐患描述"), lambda h: h.description),
        (_("隐患部位"), lambda h: h.location),
        (_("整改措施"), lambda h: h.rectification_measures),
        (_("整改责任人"), responsible),
        (_("整改资金（元）"), lambda h: h.rectification_funds),
        (_("整改期限"), lambda h: h.rectification_deadline),
        (_("状态"), lambda h: h.get_status_display()),
        (_("是否逾期"), lambda h: _("是") if h.is_overdue(today) else _("否")),
        (_("逾期天数"), lambda h: h.days_overdue(today)),
        (_("登记时间"), lambda h: h.registered_at),
        (_("销号时间"), lambda h: h.closed_at),
    ]


def content_disposition(extension: str) -> str:
    """``attachment`` with an ASCII fallback name and the Chinese name as RFC 5987
    ``filename*=UTF-8''…`` (RFC 6266 §4.3)."""
    stamp = today_cst().strftime("%Y%m%d")
    return download_disposition(f"{_('隐患清单')}-{stamp}.{extension}",
                                fallback=f"hazards-{stamp}.{extension}")


class _Echo:
    def write(self, value):
        return value


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return neutralise(str(value))


def csv_response(queryset, user=None) -> StreamingHttpResponse:
    """The hazards of ``queryset`` as a streamed UTF-8 CSV with a BOM (so spreadsheet
    programs on Chinese Windows read it as UTF-8) and Chinese headers. The person responsible
    is masked for a ``user`` who does not need it (``enterprises.privacy``)."""
    columns = _columns(user)
    writer = csv.writer(_Echo())

    def rows():
        yield "\ufeff" + writer.writerow([str(title) for title, _get in columns])
        for hazard in queryset.iterator(chunk_size=2000):
            yield writer.writerow([_csv_cell(get(hazard)) for _title, get in columns])

    response = StreamingHttpResponse((row.encode("utf-8") for row in rows()),
                                     content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition("csv")
    return response


def xlsx_response(queryset, user=None) -> StreamingHttpResponse:
    """The hazards of ``queryset`` as an XLSX workbook (one sheet, Chinese headers), written
    with openpyxl's write-only mode. Text cells are stored as strings, never formulas; the
    registration and closure times are date-time cells in CST (``core.spreadsheets``). The
    person responsible is masked as in ``csv_response``."""
    columns = _columns(user)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("隐患清单"))
    sheet.append([str(title) for title, _get in columns])
    for hazard in queryset.iterator(chunk_size=2000):
        sheet.append(spreadsheets.row(sheet, [get(hazard) for _title, get in columns]))
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    workbook.save(spool)
    spool.seek(0)

    def chunks():
        with spool:
            while chunk := spool.read(64 * 1024):
                yield chunk

    response = StreamingHttpResponse(chunks(), content_type=XLSXRenderer.media_type)
    response["Content-Disposition"] = content_disposition("xlsx")
    return response
