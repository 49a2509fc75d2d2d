"""The security audit log page for city officials and administrators: filter, page through,
export (CSV or XLSX). An export is itself recorded (``audit.exported``)."""
import csv
import io

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy

from .audit import may_read_security_log, security_event_record, security_events_search
from .enums import SecurityEventKind

EXPORT_LIMIT = 100_000
PAGE_SIZE = 50
COLUMNS = ["time", "event", "account", "actor", "ip", "object", "request_id", "detail"]


class SecurityLogFilter(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("事件"), required=False,
                             choices=[("", gettext_lazy("全部")), *SecurityEventKind.choices])
    username = forms.CharField(label=gettext_lazy("账号"), required=False, max_length=150)
    ip = forms.GenericIPAddressField(label=gettext_lazy("IP 地址"), required=False)
    since = forms.DateField(label=gettext_lazy("起始日期"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=gettext_lazy("截止日期"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))


def _row(event) -> list[str]:
    return [timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M:%S"), event.kind,
            event.username, str(event.actor or ""), event.ip or "",
            f"{event.object_type}#{event.object_id} {event.object_repr}".strip()
            if event.object_type else "", event.request_id,
            ", ".join(f"{k}={v}" for k, v in sorted(event.detail.items()))]


@login_required
def security_log(request):
    """GET: the filtered log, 50 rows a page; ``?export=csv|xlsx`` downloads the filtered rows
    (at most 100,000). Anyone but a city official or an administrator: 404."""
    if not may_read_security_log(request.user):
        raise Http404
    form = SecurityLogFilter(request.GET or None)
    rows = security_events_search()
    if form.is_valid():
        rows = security_events_search(**{k: v for k, v in form.cleaned_data.items() if v})
    elif form.is_bound:
        rows = rows.none()
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        security_event_record(kind=SecurityEventKind.AUDIT_EXPORTED, actor=request.user,
                              request=request, detail={"format": export,
                                                       "filters": request.GET.urlencode()[:300]})
        return _export(rows[:EXPORT_LIMIT], export)
    # no COUNT(*) over six months of events: one row more than a page tells if there is a next
    try:
        number = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        number = 1
    found = list(rows[(number - 1) * PAGE_SIZE:number * PAGE_SIZE + 1])
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "accounts/security_log.html", {
        "form": form, "events": found[:PAGE_SIZE], "number": number,
        "has_next": len(found) > PAGE_SIZE, "query": query.urlencode(),
        "nav": "security_log"})


def _export(rows, fmt):
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "csv":
        buffer = io.StringIO()
        buffer.write("\ufeff")  # Excel opens UTF-8 CSV with Chinese text correctly
        writer = csv.writer(buffer)
        writer.writerow(COLUMNS)
        for event in rows.iterator(chunk_size=2000):
            writer.writerow(_row(event))
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="security-log-{stamp}.csv"'
        return response
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("security-log")
    sheet.append(COLUMNS)
    for event in rows.iterator(chunk_size=2000):
        sheet.append(_row(event))
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="security-log-{stamp}.xlsx"'
    return response
