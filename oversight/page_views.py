"""Oversight pages beside the dashboards: statistics for any scope and period (统计分析), the
stored periodic reports (list, generate, page, XLSX, PDF) and the city ranking (动态晾晒)
with its follow-up actions. Views translate HTTP only; scope from ``scope.scope_for`` (404
outside the user's scope), numbers from ``reports``/``ranking``."""
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import DomainError
from core.forms import add_domain_error

from . import presentation
from .forms import FollowUpForm, PeriodForm, RankingForm, ReportGenerateForm
from .models import FollowUpAction, Report
from .periods import Period
from .ranking import RANK_KEYS, follow_up_record, min_found, ranking, ranking_xlsx
from .rendering import report_chart
from .reports import report_figures, report_generate, report_period
from .scope import scope_for
from .spans import spans_ensure_fresh

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _period_from(form) -> Period:
    data = form.cleaned_data
    iso = lambda value: value.isoformat() if value else None  # noqa: E731
    return Period.parse(data.get("period") or None, date=iso(data.get("date")),
                        start=iso(data.get("from")), end=iso(data.get("to")))


def _figures_context(figures: dict) -> dict:
    return {"figures": figures, "rows": presentation.figure_table(figures),
            "breakdown": presentation.breakdown_table(figures),
            "breakdown_headers": presentation.breakdown_headers(),
            "chart": report_chart(figures)}


@login_required
def statistics(request):
    """统计分析: every figure of a scope and period with 环比 and 同比, the breakdown and the
    series, computed now. 404 for a scope outside the user's."""
    user = request.user
    # the scope first: anything outside the user's scope is a 404, before any form message
    scope = scope_for(user, **{name: request.GET.get(name) or None for name in (
        "district", "township", "sector", "department", "enterprise")})
    form = PeriodForm(request.GET or None, user=user)
    context = {"form": form, "nav": "statistics"}
    if form.is_bound and not form.is_valid():
        return render(request, "oversight/statistics.html", context, status=400)
    try:
        period = _period_from(form) if form.is_bound else Period.parse(None)
    except DomainError as error:
        add_domain_error(form, error)
        return render(request, "oversight/statistics.html", context, status=400)
    spans_ensure_fresh()
    context.update(_figures_context(report_figures(scope=scope, period=period)))
    return render(request, "oversight/statistics.html", context)


def _reports_visible_to(user):
    if user.is_city_official:
        return Report.objects.all()
    if user.district_id and (user.is_district_official or user.is_inspector):
        return Report.objects.filter(district_id=user.district_id)
    return Report.objects.none()


@login_required
def report_list(request):
    """统计报告: the newest stored report per kind, scope and period, and (for district and
    city officials) the form that generates one on demand."""
    user = request.user
    visible = _reports_visible_to(user).select_related("district")
    if not (user.is_city_official or user.district_id) or user.is_enterprise_officer:
        raise Http404
    district = request.GET.get("district")
    if district:
        visible = visible.filter(district_id=district)
    seen, newest = set(), []
    for report in visible.order_by("-period_start", "kind", "district_id", "-generated_at",
                                   "-id")[:400]:
        key = (report.kind, report.district_id, report.period_start)
        if key not in seen:
            seen.add(key)
            newest.append(report)
    may_generate = user.is_city_official or user.is_district_official
    return render(request, "oversight/reports.html", {
        "reports": newest[:100], "nav": "statistics",
        "form": ReportGenerateForm(user=user, initial={
            "date": timezone.localdate(), "district": user.district_id})
        if may_generate else None})


@login_required
@require_POST
def report_create(request):
    """Generate a report now (district officials: their district; city officials: any
    district or the city) and open it."""
    user = request.user
    if not (user.is_city_official or user.is_district_official):
        raise Http404
    form = ReportGenerateForm(request.POST, user=user)
    if not form.is_valid():
        messages.error(request, _("报告参数有误：%(fields)s") % {"fields": ", ".join(form.errors)})
        return redirect("oversight:reports")
    district = form.cleaned_data["district"]
    scope = scope_for(user, district=district.code if district else None)
    period = report_period(form.cleaned_data["kind"], form.cleaned_data["date"])
    report = report_generate(kind=form.cleaned_data["kind"], district=scope.district,
                             period=period, actor=user)
    return redirect("oversight:report", pk=report.pk)


def _report_visible(user, pk) -> Report:
    return get_object_or_404(_reports_visible_to(user), pk=pk)


@login_required
def report_detail(request, pk: int):
    """A stored report's page, rendered from its stored figures."""
    report = _report_visible(request.user, pk)
    return render(request, "oversight/report.html", {
        "report": report, "nav": "statistics", **_figures_context(report.figures)})


@login_required
def report_file(request, pk: int, fmt: str):
    """A stored report's workbook or PDF, after the scope check."""
    if fmt not in ("xlsx", "pdf"):
        raise Http404
    report = _report_visible(request.user, pk)
    stored = report.xlsx if fmt == "xlsx" else report.pdf
    name = f"{report.get_kind_display()}-{report.figures['scope_label']}-{report.period_key}.{fmt}"
    response = FileResponse(stored.open("rb"),
                            content_type=XLSX if fmt == "xlsx" else "application/pdf")
    response["Content-Disposition"] = (f"attachment; filename=report-{report.pk}.{fmt}; "
                                       f"filename*=UTF-8''{quote(name)}")
    return response


@login_required
def ranking_page(request):
    """动态晾晒: districts ranked for a period by a chosen figure, the minimum-sample rule, the
    bottom three, and the follow-up actions. City officials only (404 for anyone else).
    ``format=xlsx`` exports the table."""
    user = request.user
    if not user.is_city_official:
        raise Http404
    form = RankingForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return render(request, "oversight/ranking.html", {"form": form, "nav": "ranking"},
                      status=400)
    key = (form.cleaned_data.get("key") if form.is_bound else None) or "rectification_rate"
    try:
        period = _period_from(form) if form.is_bound else Period.parse("quarter")
    except DomainError as error:
        add_domain_error(form, error)
        return render(request, "oversight/ranking.html", {"form": form, "nav": "ranking"},
                      status=400)
    spans_ensure_fresh()
    entries = ranking(period=period, key=key)
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(ranking_xlsx(entries, period=period, key=key), content_type=XLSX)
        response["Content-Disposition"] = (
            f"attachment; filename=ranking-{period.key}.xlsx; "
            f"filename*=UTF-8''{quote(_('动态晾晒') + '-' + period.key)}.xlsx")
        return response
    kinds = {key: kind for key, _label, kind in presentation.FIGURES}
    rows = [{"entry": entry, "cells": [presentation.display(kinds[name], entry.figures[name])
                                       for name in ("found", "closed", "rectification_rate",
                                                    "on_time_rate", "overdue_at_end",
                                                    "majors_open_at_end")]}
            for entry in entries]
    return render(request, "oversight/ranking.html", {
        "form": form, "period": period, "key": key, "key_label": RANK_KEYS[key][0],
        "rows": rows, "min_found": min_found(),
        "follow_ups": FollowUpAction.objects.select_related("district")[:20],
        "follow_up_form": FollowUpForm(initial={"taken_on": timezone.localdate(),
                                                "period_key": period.key}),
        "export_query": request.GET.urlencode(), "nav": "ranking"})


@login_required
@require_POST
def follow_up_create(request):
    """Record a follow-up action (city officials only; 404 for anyone else)."""
    if not request.user.is_city_official:
        raise Http404
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            follow_up_record(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("督导措施已登记。"))
    else:
        messages.error(request, _("督导措施有误：%(fields)s") % {"fields": ", ".join(form.errors)})
    return redirect("oversight:ranking")

