"""The public's pages (no login): file a report, and follow it with the query code.

Nothing here shows personal data or internal notes: the status page shows the state, the
outcome, the answer and a referral's department and reason, and for a duplicate those of the
report it was linked to.
"""
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from core.errors import DomainError
from core.forms import add_domain_error
from enterprises.models import Enterprise

from .. import challenge
from ..forms import PublicReportForm, QueryCodeForm
from ..selectors import report_by_query_code
from ..services import ReportInput, report_submit

LOOKUPS_PER_HOUR = 30


def _client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def _known_enterprise(district, name: str):
    """The enterprise of ``district`` with exactly this name, if there is one (so that two
    reports naming it are the same matter)."""
    if not name:
        return None
    found = list(Enterprise.objects.filter(district=district, name=name)[:2])
    return found[0] if len(found) == 1 else None


def _page(request, form, status=200):
    return render(request, "public_reports/public_new.html",
                  {"form": form, "pow": challenge.issue_challenge(), "public": True},
                  status=status)


@never_cache
@csrf_protect
def report_new(request):
    """GET: the report form with a fresh proof-of-work challenge. POST: check the rate limit
    and the proof of work, file the report, and show the query code once."""
    if request.method != "POST":
        return _page(request, PublicReportForm())
    form = PublicReportForm(request.POST, request.FILES)
    address = _client_address(request)
    try:
        challenge.check_rate(address)
    except challenge.RateLimited as error:
        form.is_valid()
        form.add_error(None, error.message)
        return _page(request, form, status=429)
    if form.is_valid():
        data = form.cleaned_data
        try:
            challenge.verify_solution(data["challenge"], data.get("solution") or "")
            report, code = report_submit(data=ReportInput(
                district=data["district"], township=data.get("township"),
                address=data["address"], latitude=data.get("latitude"),
                longitude=data.get("longitude"),
                enterprise=_known_enterprise(data["district"], data.get("enterprise_name")),
                enterprise_name=data.get("enterprise_name") or "", sector=data.get("sector"),
                description=data["description"], anonymous=data["anonymous"],
                reporter_name=data.get("reporter_name") or "",
                reporter_phone=data.get("reporter_phone") or "",
                photos=data.get("photos") or []))
        except DomainError as error:
            add_domain_error(form, error)
        else:
            challenge.count_report(address)
            return render(request, "public_reports/public_thanks.html",
                          {"code": code, "report": report, "public": True})
    return _page(request, form)


@never_cache
@csrf_protect
def report_status(request):
    """The reporter types the query code (POST, so it stays out of URLs and logs) and reads
    the report's state and answer. Lookups are rate-limited per address like reports."""
    form = QueryCodeForm(request.POST or None)
    context = {"form": form, "public": True}
    if request.method == "POST" and form.is_valid():
        key = "lookup:" + _client_address(request)
        if not _lookup_allowed(key):
            form.add_error(None, _("查询过于频繁，请稍后再试。"))
        else:
            report = report_by_query_code(form.cleaned_data["code"])
            if report is None:
                form.add_error("code", _("查询码不正确。"))
            else:
                context["report"] = report
                context["handled"] = report.duplicate_of if report.duplicate_of_id else report
    return render(request, "public_reports/public_status.html", context)


def _lookup_allowed(key: str) -> bool:
    import hashlib
    import time

    from django.core.cache import cache

    bucket = "public_reports:lookup:" + hashlib.sha256(
        f"{key}|{int(time.time() // 3600)}".encode()).hexdigest()
    if cache.add(bucket, 1, timeout=3600):
        return True
    try:
        return cache.incr(bucket) <= LOOKUPS_PER_HOUR
    except ValueError:
        return True


def townships(request):
    """``?district=<6-digit code>`` → the district's townships as ``[{"code", "name"}]``
    (public reference data, for the report form's township list)."""
    from django.http import JsonResponse

    from enterprises.models import Township

    code = request.GET.get("district", "")
    if not (code.isdigit() and len(code) == 6):
        return JsonResponse([], safe=False)
    rows = list(Township.objects.filter(district_id=code).order_by("code")
                .values("code", "name"))
    return JsonResponse(rows, safe=False)
