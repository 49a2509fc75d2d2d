"""Read-side of the landing pages (district and city dashboards): the state now, the most
overdue hazards, found vs closed per ISO week, and the register links that list exactly the
hazards behind each number. Each selector is one query."""
import datetime
from urllib.parse import urlencode

from django.db.models import Count, ExpressionWrapper, IntegerField
from django.urls import reverse
from django.utils import timezone

from hazards.enums import DEADLINE_RUNNING_STATUSES, OPEN_STATUSES
from hazards.models import Hazard

from .measures import ROWS
from .periods import WEEK, Period, cst_midnight
from .scope import Scope
from .sql import CstDay

# 1970-01-05 (day number 4) was a Monday: (day number - 4) // 7 numbers ISO weeks
MONDAY_OFFSET = 4
OPEN = sorted(OPEN_STATUSES, reverse=True)
RUNNING = sorted(DEADLINE_RUNNING_STATUSES, reverse=True)


def most_overdue(*, scope: Scope, limit: int = 10, today: datetime.date | None = None) -> list:
    """The ``limit`` hazards overdue longest (earliest deadline first), with enterprise and
    township for display. One query (the ``hazard_running_deadline`` index)."""
    today = today or timezone.localdate()
    return list(Hazard.objects.filter(scope.q("hazard")).overdue(on=today)
                .select_related("enterprise", "enterprise__township", "district")
                .order_by("rectification_deadline", "id")[:limit])


def _week_number(expression):
    return ExpressionWrapper((expression - MONDAY_OFFSET) / 7, output_field=IntegerField())


def _per_week(queryset, field: str, first: datetime.date) -> dict[int, int]:
    rows = (queryset.filter(**{f"{field}__gte": cst_midnight(first)}).order_by()
            .annotate(week=_week_number(CstDay(field))).values("week")
            .annotate(n=Count(ROWS)))
    return {row["week"]: row["n"] for row in rows}


def weekly_found_closed(*, scope: Scope, weeks: int = 26,
                        today: datetime.date | None = None) -> list[dict]:
    """Found (registered) and closed per ISO week for the last ``weeks`` weeks including the
    current one: ``[{"week": Period, "found": int, "closed": int}, …]`` oldest first. Two
    queries, each grouped by week in the database."""
    today = today or timezone.localdate()
    current = Period.containing(WEEK, today)
    first = current.start - datetime.timedelta(weeks=weeks - 1)
    base = Hazard.objects.filter(scope.q("hazard"))
    found = _per_week(base, "registered_at", first)
    closed = _per_week(base.filter(closed_at__isnull=False), "closed_at", first)
    series = []
    for index in range(weeks):
        week = Period.containing(WEEK, first + datetime.timedelta(weeks=index))
        number = ((week.start - datetime.date(1970, 1, 1)).days - MONDAY_OFFSET) // 7
        series.append({"week": week, "found": found.get(number, 0),
                       "closed": closed.get(number, 0)})
    return series


def register_link(scope: Scope | None = None, **filters) -> str:
    """The register URL listing exactly the hazards of ``scope`` matching ``filters`` (the
    register's own filter names; lists repeat the parameter)."""
    params = []
    if scope is not None:
        for name in ("district", "township", "sector", "enterprise"):
            value = getattr(scope, name)
            if value is not None:
                params.append((name, value))
    for name, value in filters.items():
        if isinstance(value, list | tuple):
            params.extend((name, item) for item in value)
        else:
            params.append((name, value))
    return f"{reverse('hazards:register')}?{urlencode(params)}"


def current_links(scope: Scope, today: datetime.date) -> dict[str, str]:
    """Register links for the figures of ``measures.current_state`` (suffix ``_now``)."""
    sunday = today + datetime.timedelta(days=6 - today.weekday())
    return {
        "open_now": register_link(scope, status=OPEN),
        "overdue_now": register_link(scope, overdue="true"),
        "due_this_week_now": register_link(scope, status=RUNNING,
                                           deadline_from=today.isoformat(),
                                           deadline_to=sunday.isoformat()),
        "not_yet_due_now": register_link(scope, status=RUNNING,
                                         deadline_from=today.isoformat()),
        "majors_open_now": register_link(scope, grade="major", status=OPEN),
        "supervised_now": register_link(scope, supervised="true", status=OPEN),
    }


def week_links(scope: Scope, week: Period) -> dict[str, str]:
    """Register links for one week's found and closed."""
    return {
        "found": register_link(scope, registered_from=week.start.isoformat(),
                               registered_to=week.end.isoformat()),
        "closed": register_link(scope, closed_from=week.start.isoformat(),
                                closed_to=week.end.isoformat()),
    }
