"""The measures (统计指标): one selector per measure, each one aggregate query in the database,
for any Scope (``oversight.scope``), any Period (``oversight.periods``) and optionally one row
per district, township or sector (``group_by``). No Python loop touches a hazard row.

Each returns ``{group key (None without group_by): {figure: value}}``. The rules, all CST:

- **found** (排查隐患): hazards whose ``registered_at`` falls in the period. Split by grade and
  by source (来源, ``hazards.enums.SOURCE_INSPECTION_KINDS``: 企业自查 / 部门检查 / 举报核查).
- **found_listed** (挂牌督办): of the major hazards found in the period, those placed under
  listed supervision before the period's end (a ``supervision_placed`` history row) — the
  campaign's "of which listed for supervision". Product rule.
- **closed** (已整改销号): of the hazards found in the period, those closed before the period's
  end (or before now, for the running period): the cohort whose share is the 整改率 (seed
  document: "排查出问题隐患774个,整改率达60%"). **closed_in_period** counts closures in the
  period whatever the registration date (the weekly found-vs-closed chart).
- **closed_on_time** (按期整改): closed on a CST day on or before the deadline in force at
  closure (the hazard's deadline, which no service changes once closed: the order's date, an
  approved extension's, a failed re-inspection's new one); a hazard closed on the spot has no
  deadline and is on time. Integrator's design note; product rule.
- **days to close**: CST day of closure minus CST day of registration; average and the 90th
  percentile by the nearest-rank method (the smallest value at or above 90 % of the closed
  hazards). Product rule.
- **at period end** (``stock_at_end``): the state at the end of the period's last day, from the
  history (``StateSpan``; the running period reads the hazards' current state instead):
  open, majors open, overdue (rectifying or pending verification with the deadline in force
  before the last day — a hazard due on the last day is not yet overdue, docs/domain.md), not yet
  due, and under listed supervision (only major hazards can be).
- **inspections** (检查企业家次): inspections dated in the period, by kind, and the distinct
  enterprises inspected.
"""
import datetime

from django.db import connection
from django.db.models import Avg, Count, Exists, F, OuterRef, Q, Value, Window
from django.db.models.functions import RowNumber
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone

from hazards.enums import (
    DEADLINE_RUNNING_STATUSES,
    OPEN_STATUSES,
    SOURCE_INSPECTION_KINDS,
    HazardAction,
    HazardGrade,
)
from hazards.models import Hazard, HazardTransition, Supervision
from inspections.enums import InspectionKind
from inspections.models import Inspection

from .models import StateSpan
from .periods import Period
from .scope import GROUPS, Scope
from .sql import CstDay, DayNumber, PercentileDisc

# counted instead of a column (COUNT(id) would cost PostgreSQL its index-only scans; Django
# forbids COUNT(*) with a FILTER clause, COUNT(1) is the same)
ROWS = Value(1)
RUNNING = sorted(DEADLINE_RUNNING_STATUSES)
OPEN = sorted(OPEN_STATUSES)
MAJOR = HazardGrade.MAJOR


def _grouped(queryset, table: str, group_by: str | None, aggregates: dict) -> dict:
    """Run ``aggregates`` over ``queryset`` as one query, per ``group_by`` value or in total.

    The measures count ``ROWS`` (1), never a column: COUNT(id) would need the id, which no
    covering index holds, and cost PostgreSQL its index-only scans (bench/README.md)."""
    queryset = queryset.order_by()
    if group_by is None:
        return {None: queryset.aggregate(**aggregates)}
    path = GROUPS[group_by][table]
    return {row.pop(path): row for row in queryset.values(path).annotate(**aggregates)}


def _as_of(period: Period, now: datetime.datetime | None) -> datetime.datetime:
    """The instant a period's end-state is read at: its end, or now while it runs."""
    return min(period.bounds[1], now or timezone.now())


def _found(scope: Scope, period: Period):
    start, end = period.bounds
    return Hazard.objects.filter(scope.q("hazard"), registered_at__gte=start,
                                 registered_at__lt=end)


# -- inspections -----------------------------------------------------------------------------
def inspections_in_period(*, scope: Scope, period: Period, group_by: str | None = None) -> dict:
    """检查企业家次: ``inspections`` (visits), ``enterprises_inspected`` (distinct), and
    ``inspections_<kind>`` for every InspectionKind."""
    aggregates = {"inspections": Count(ROWS),
                  "enterprises_inspected": Count("enterprise_id", distinct=True)}
    for kind in InspectionKind:
        aggregates[f"inspections_{kind.value}"] = Count(ROWS, filter=Q(kind=kind))
    queryset = Inspection.objects.filter(scope.q("inspection"), inspected_on__gte=period.start,
                                         inspected_on__lte=period.end)
    return _grouped(queryset, "inspection", group_by, aggregates)


# -- hazards found -----------------------------------------------------------------------------
def hazards_found(*, scope: Scope, period: Period, group_by: str | None = None) -> dict:
    """排查隐患: ``found``, ``found_general``, ``found_major`` and, per source,
    ``found_<source>`` and ``found_<source>_major``."""
    aggregates = {"found": Count(ROWS),
                  "found_general": Count(ROWS, filter=~Q(grade=MAJOR)),
                  "found_major": Count(ROWS, filter=Q(grade=MAJOR))}
    for source, kinds in SOURCE_INSPECTION_KINDS.items():
        aggregates[f"found_{source.value}"] = Count(ROWS, filter=Q(inspection_kind__in=kinds))
        aggregates[f"found_{source.value}_major"] = Count(
            "id", filter=Q(inspection_kind__in=kinds, grade=MAJOR))
    return _grouped(_found(scope, period), "hazard", group_by, aggregates)


def hazards_found_listed(*, scope: Scope, period: Period, group_by: str | None = None,
                         now: datetime.datetime | None = None) -> dict:
    """挂牌督办: ``found_listed``, major hazards found in the period and placed under listed
    supervision before its end (or now)."""
    placed = HazardTransition.objects.filter(hazard_id=OuterRef("pk"),
                                             action=HazardAction.SUPERVISION_PLACED,
                                             at__lt=_as_of(period, now))
    queryset = _found(scope, period).filter(grade=MAJOR).filter(Exists(placed))
    return _grouped(queryset, "hazard", group_by, {"found_listed": Count(ROWS)})


# -- closure -------------------------------------------------------------------------------------
def _days_to_close():
    return CstDay("closed_at") - CstDay("registered_at")


def hazards_closed(*, scope: Scope, period: Period, group_by: str | None = None,
                   now: datetime.datetime | None = None) -> dict:
    """整改: of the hazards found in the period, ``closed`` (before its end), ``closed_major``,
    ``closed_on_time`` (on or before the deadline in force) and ``avg_days_to_close``
    (float, CST days; None when none closed)."""
    # expressions inline, not annotations: an annotation made before values() would join
    # the GROUP BY and split the groups
    closed = Q(closed_at__lt=_as_of(period, now))
    on_time = closed & (Q(rectification_deadline__isnull=True) | Q(LessThanOrEqual(
        CstDay("closed_at"), DayNumber("rectification_deadline"))))
    return _grouped(_found(scope, period), "hazard", group_by, {
        "closed": Count(ROWS, filter=closed),
        "closed_major": Count(ROWS, filter=closed & Q(grade=MAJOR)),
        "closed_on_time": Count(ROWS, filter=on_time),
        "avg_days_to_close": Avg(_days_to_close(), filter=closed),
    })


def days_to_close_p90(*, scope: Scope, period: Period, group_by: str | None = None,
                      now: datetime.datetime | None = None) -> dict:
    """``p90_days_to_close``: the nearest-rank 90th percentile of days to close among the
    hazards found in the period and closed before its end; groups with none closed are
    absent. PostgreSQL: the ordered-set aggregate ``percentile_disc(0.9)`` (which is the
    nearest rank); elsewhere window functions (row number and count per group, ordered by
    days), the same value."""
    closed = _found(scope, period).filter(closed_at__lt=_as_of(period, now))
    path = GROUPS[group_by]["hazard"] if group_by else None
    if connection.vendor == "postgresql":
        return _grouped(closed, "hazard", group_by, {
            "p90_days_to_close": PercentileDisc(_days_to_close(), fraction=0.9)})
    partition = [F(path)] if path else []
    queryset = (closed.annotate(days_to_close=_days_to_close())
                .annotate(rank=Window(RowNumber(), partition_by=partition,
                                      order_by=[F("days_to_close").asc(), F("id").asc()]),
                          total=Window(Count("id"), partition_by=partition))
                # nearest rank: the row whose rank is ceil(0.9 n)
                .filter(rank__gte=F("total") * 9 / 10.0,
                        rank__lt=F("total") * 9 / 10.0 + 1))
    fields = ["days_to_close"] + ([path] if path else [])
    return {(row[path] if path else None): {"p90_days_to_close": row["days_to_close"]}
            for row in queryset.values(*fields)}


def hazards_closed_in_period(*, scope: Scope, period: Period,
                             group_by: str | None = None) -> dict:
    """本期销号: ``closed_in_period``, closures in the period whatever the registration date."""
    start, end = period.bounds
    queryset = Hazard.objects.filter(scope.q("hazard"), closed_at__gte=start, closed_at__lt=end)
    return _grouped(queryset, "hazard", group_by, {"closed_in_period": Count(ROWS)})


# -- the state at the period's end ---------------------------------------------------------------
def stock_at_end(*, scope: Scope, period: Period, group_by: str | None = None,
                 now: datetime.datetime | None = None) -> dict:
    """The state at the end of the period's last day (or now, while it runs):
    ``open_at_end``, ``majors_open_at_end``, ``overdue_at_end``, ``not_yet_due_at_end``,
    ``supervised_at_end``. A past end reads ``StateSpan`` (the history); the running period
    reads the hazards' current state (what the register shows)."""
    now = now or timezone.now()
    end = period.bounds[1]
    if end > now:
        return current_state(scope=scope, group_by=group_by, today=timezone.localdate(now),
                             suffix="_at_end")
    last_day = period.end
    running = Q(status__in=RUNNING)
    aggregates = {
        "open_at_end": Count(ROWS),
        "majors_open_at_end": Count(ROWS, filter=Q(grade=MAJOR)),
        "overdue_at_end": Count(ROWS, filter=running & Q(deadline__lt=last_day)),
        "not_yet_due_at_end": Count(ROWS, filter=running & Q(deadline__gte=last_day)),
        "supervised_at_end": Count(ROWS, filter=Q(supervised=True)),
    }
    # The spans running at ``end``: the ones still open that began before it, and the ended
    # ones that began before it and ended after. Two queries, each answered from its partial
    # covering index (an OR of the two would read the table); the counts add up.
    spans = StateSpan.objects.filter(scope.q("span"), valid_from__lt=end)
    rows = _grouped(spans.filter(valid_to__isnull=True), "span", group_by, aggregates)
    for key, values in _grouped(spans.filter(valid_to__gte=end), "span", group_by,
                                aggregates).items():
        row = rows.setdefault(key, dict.fromkeys(aggregates, 0))
        for name, value in values.items():
            row[name] = (row[name] or 0) + (value or 0)
    return rows


def current_state(*, scope: Scope, group_by: str | None = None,
                  today: datetime.date | None = None, suffix: str = "_now") -> dict:
    """The state now, from the hazards themselves (the register's rules): ``open``,
    ``majors_open``, ``overdue`` (deadline before ``today``), ``not_yet_due`` and
    ``supervised`` (an open hazard with an active listing), each with ``suffix``; plus, with
    the default suffix, ``due_this_week_now`` (running, due from today to this ISO week's
    Sunday). Two queries: the open hazards (the ``hazard_open_state`` index answers it alone)
    and the active listings (few) — a per-row EXISTS over every open hazard was the slow part
    at a million rows (bench/README.md)."""
    today = today or timezone.localdate()
    running = Q(status__in=RUNNING)
    aggregates = {
        f"open{suffix}": Count(ROWS),
        f"majors_open{suffix}": Count(ROWS, filter=Q(grade=MAJOR)),
        f"overdue{suffix}": Count(ROWS, filter=running & Q(rectification_deadline__lt=today)),
        f"not_yet_due{suffix}": Count(ROWS, filter=running
                                      & Q(rectification_deadline__gte=today)),
    }
    if suffix == "_now":
        sunday = today + datetime.timedelta(days=6 - today.weekday())
        aggregates["due_this_week_now"] = Count(ROWS, filter=running & Q(
            rectification_deadline__gte=today, rectification_deadline__lte=sunday))
    rows = _grouped(Hazard.objects.filter(scope.q("hazard"), status__in=OPEN), "hazard",
                    group_by, aggregates)
    listed = Supervision.objects.filter(lifted_on__isnull=True, hazard__status__in=OPEN).filter(
        _prefixed(scope.q("hazard"), "hazard__"))
    path = f"hazard__{GROUPS[group_by]['hazard']}" if group_by else None
    # one active listing per hazard (constraint supervision_one_active_per_hazard): no DISTINCT
    if path is None:
        supervised = {None: listed.order_by().aggregate(n=Count(ROWS))}
    else:
        supervised = {row[path]: row for row in listed.order_by().values(path).annotate(
            n=Count(ROWS))}
    for key, row in supervised.items():
        if row["n"]:
            rows.setdefault(key, {name: 0 for name in aggregates})
    for key, row in rows.items():
        row[f"supervised{suffix}"] = supervised.get(key, {}).get("n", 0)
    return rows


def _prefixed(q: Q, prefix: str) -> Q:
    """``q`` with every lookup path prefixed (to filter a related model by a Hazard scope)."""
    clone = Q()
    clone.connector, clone.negated = q.connector, q.negated
    clone.children = [_prefixed(child, prefix) if isinstance(child, Q)
                      else (prefix + child[0], child[1]) for child in q.children]
    return clone
