"""Periodic reports (周调度、月分析、季通报、年考核): their figures, stored with their files.

``report_figures`` computes everything a report shows as one JSON-able dict — the figures of
the period with 环比 and 同比, the breakdown (per district for the city, per township for a
district) and the found-vs-closed series per sub-period — in a constant number of queries.
The statistics page renders the same dict live; a stored ``Report`` keeps it, and its page,
workbook and PDF are rendered from the stored dict, so they can never disagree.
Regenerating gives the same figures: every figure of a past period comes from the history
(``oversight.measures``), not from the hazards' current state.
"""
import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from enterprises.models import District, Township
from hazards.models import Hazard

from . import figures as F
from .enums import REPORT_PERIOD, ReportKind
from .measures import ROWS
from .models import Report
from .periods import DAY, MONTH, WEEK, YEAR, Period
from .scope import Scope
from .sql import CstDay, day_number

# the columns of the breakdown table on the page and in the PDF (the workbook has them all)
BREAKDOWN_FIGURES = ("found", "found_major", "closed", "rectification_rate", "closed_on_time",
                     "on_time_rate", "overdue_at_end", "majors_open_at_end",
                     "supervised_at_end")


def _sub_periods(period: Period) -> list[Period]:
    """The pieces a report's chart is drawn in: days of a week, weeks of a month or custom
    range, months of a quarter or year."""
    if period.kind == WEEK:
        return [Period.containing(DAY, period.start + datetime.timedelta(days=n))
                for n in range(period.days)]
    if period.kind in ("quarter", YEAR) or period.days > 92:
        months, day = [], period.start
        while day <= period.end:
            month = Period.containing(MONTH, day)
            months.append(month)
            day = month.end + datetime.timedelta(days=1)
        return months
    return period.weeks()


def _per_day(scope: Scope, field: str, period: Period) -> dict[int, int]:
    start, end = period.bounds
    rows = (Hazard.objects.filter(scope.q("hazard"), **{f"{field}__gte": start,
                                                        f"{field}__lt": end})
            .order_by().annotate(day=CstDay(field)).values("day").annotate(n=Count(ROWS)))
    return {row["day"]: row["n"] for row in rows}


def series(*, scope: Scope, period: Period) -> list[dict]:
    """Found and closed per sub-period of ``period`` (two queries grouped by CST day; the
    day totals are summed into sub-periods): ``[{"key", "label", "start", "end", "found",
    "closed"}, …]``. Pieces reaching past the period are cut to it."""
    found = _per_day(scope, "registered_at", period)
    closed = _per_day(scope, "closed_at", period)
    rows = []
    for piece in _sub_periods(period):
        first = day_number(max(piece.start, period.start))
        last = day_number(min(piece.end, period.end))
        days = range(first, last + 1)
        rows.append({"key": piece.key, "label": piece.label,
                     "start": max(piece.start, period.start), "end": min(piece.end, period.end),
                     "found": sum(found.get(d, 0) for d in days),
                     "closed": sum(closed.get(d, 0) for d in days)})
    return rows


def report_figures(*, scope: Scope, period: Period, now: datetime.datetime | None = None) -> dict:
    """Everything a report shows, JSON-able (Decimals as strings, dates ISO):
    ``{"scope", "scope_label", "period", "previous", "year_earlier", "current",
    "previous_figures", "year_earlier_figures", "mom", "yoy", "breakdown_by",
    "breakdown": [{"code", "name", <every figure>}], "series": [...],
    "computed_at"}``. The breakdown is per district for the city and per township for a
    district (none for narrower scopes)."""
    now = now or timezone.now()
    comparison = F.compare(scope=scope, period=period, now=now)
    breakdown_by, names = None, {}
    if scope.is_city:
        breakdown_by = "district"
        names = dict(District.objects.order_by("code").values_list("code", "name"))
    elif scope.district and not (scope.township or scope.enterprise):
        breakdown_by = "township"
        names = dict(Township.objects.filter(district_id=scope.district).order_by("code")
                     .values_list("code", "name"))
    breakdown = []
    if breakdown_by:
        rows = F.figures(scope=scope, period=period, group_by=breakdown_by, now=now)
        for code, name in names.items():
            if code not in rows:
                continue
            breakdown.append({"code": code, "name": name, **rows[code]})
        if None in rows:
            breakdown.append({"code": None, "name": None, **rows[None]})
    return F.jsonable({
        "scope": scope.as_dict(), "scope_label": scope.label(),
        "period": period.as_dict(), "previous": period.previous().as_dict(),
        "year_earlier": period.year_earlier().as_dict(),
        "current": comparison.current, "previous_figures": comparison.previous,
        "year_earlier_figures": comparison.year_earlier,
        "mom": comparison.mom, "yoy": comparison.yoy,
        "breakdown_by": breakdown_by, "breakdown": breakdown,
        "series": series(scope=scope, period=period),
        "computed_at": timezone.localtime(now).isoformat(timespec="seconds"),
    })


def report_period(kind: str, day: datetime.date) -> Period:
    """The period of a ``ReportKind`` that contains ``day``."""
    return Period.containing(REPORT_PERIOD[ReportKind(kind)], day)


def report_generate(*, kind: str, district: str | None, period: Period, actor=None,
                    now: datetime.datetime | None = None) -> Report:
    """Compute, render (XLSX and PDF) and store one report of ``kind`` for ``district`` (None:
    the city) and ``period``. Brings the state spans up to date first, so the figures at the
    period's end include every recorded step. Output: the new Report row (earlier rows for the
    same report stay). Errors: none of its own; rendering errors propagate (nothing is
    stored then)."""
    from .rendering import report_pdf, report_xlsx
    from .spans import spans_refresh

    spans_refresh()
    now = now or timezone.now()
    scope = Scope(district=district)
    figures = report_figures(scope=scope, period=period, now=now)
    figures["kind"] = kind
    figures["kind_label"] = str(ReportKind(kind).label)
    stem = f"{kind}-{district or 'city'}-{period.key}-{now:%Y%m%d%H%M%S}"
    xlsx, pdf = report_xlsx(figures), report_pdf(figures)
    with transaction.atomic():
        report = Report(kind=kind, district_id=district, period_start=period.start,
                        period_end=period.end, period_key=period.key, figures=figures,
                        generated_at=now, generated_by=actor)
        report.xlsx.save(f"{stem}.xlsx", ContentFile(xlsx), save=False)
        report.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
        report.save()
    return report


def reports_due(on: datetime.date) -> list[tuple[str, Period]]:
    """The (kind, period) pairs whose period ended the day before ``on`` (CST): on a Monday
    the last week, on the 1st the last month, on 1 January/April/July/October the last
    quarter, on 1 January the last year."""
    yesterday = on - datetime.timedelta(days=1)
    due = []
    for kind in ReportKind:
        period = report_period(kind, yesterday)
        if period.end == yesterday:
            due.append((kind.value, period))
    return due


def report_stored(*, kind: str, district: str | None, period: Period) -> Report | None:
    """The newest stored report of that kind, scope and period, or None."""
    return (Report.objects.filter(kind=kind, district_id=district, period_start=period.start)
            .order_by("-generated_at", "-id").first())

