"""The figures of a scope and period: every measure (``oversight.measures``) merged into one
row per group, the rates, and the comparisons with the previous period (环比) and the same
period a year earlier (同比).

Rates and changes are Decimals with one decimal place, rounded half up (四舍五入), in percent:
- 整改率 ``rectification_rate`` = closed / found × 100; 按期整改率 ``on_time_rate`` =
  closed_on_time / closed × 100; None when the denominator is 0 (shown "—").
- The change of a count is (now − before) / before × 100 %; from 0 to more it is the string
  ``"new"`` (新增), never a division by zero; from 0 to 0 it is 0.0. The change of a rate is
  its difference in percentage points (百分点), None when either side is None.
"""
import dataclasses
import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import measures
from .periods import Period
from .scope import Scope

ONE_PLACE = Decimal("0.1")
NEW = "new"

# (key, label, kind): kind "count" (integer), "rate" (percent), "days" (CST days). The order
# is the order of every table, sheet and API document.
FIGURES = [
    ("inspections", _("检查企业家次"), "count"),
    ("enterprises_inspected", _("检查企业数"), "count"),
    ("found", _("排查隐患"), "count"),
    ("found_general", _("一般隐患"), "count"),
    ("found_major", _("重大隐患"), "count"),
    ("found_self_inspection", _("企业自查"), "count"),
    ("found_self_inspection_major", _("企业自查重大隐患"), "count"),
    ("found_regulator", _("部门检查"), "count"),
    ("found_regulator_major", _("部门检查重大隐患"), "count"),
    ("found_report_verification", _("举报核查"), "count"),
    ("found_report_verification_major", _("举报核查重大隐患"), "count"),
    ("found_listed", _("挂牌督办重大隐患"), "count"),
    ("closed", _("已整改销号"), "count"),
    ("closed_major", _("重大隐患已整改"), "count"),
    ("rectification_rate", _("整改率（%）"), "rate"),
    ("closed_on_time", _("按期整改"), "count"),
    ("on_time_rate", _("按期整改率（%）"), "rate"),
    ("avg_days_to_close", _("平均整改天数"), "days"),
    ("p90_days_to_close", _("90%整改天数"), "days"),
    ("closed_in_period", _("本期销号"), "count"),
    ("open_at_end", _("期末未销号"), "count"),
    ("overdue_at_end", _("期末逾期"), "count"),
    ("not_yet_due_at_end", _("期末未到期"), "count"),
    ("majors_open_at_end", _("期末重大隐患未销号"), "count"),
    ("supervised_at_end", _("期末挂牌督办"), "count"),
]
FIGURE_KINDS = {key: kind for key, _label, kind in FIGURES}
INSPECTION_KIND_FIGURES = "inspections_"


def percent(numerator, denominator) -> Decimal | None:
    """``numerator / denominator × 100`` to one place, half up; None when the denominator
    is 0."""
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(ONE_PLACE, ROUND_HALF_UP)


def one_place(value) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(ONE_PLACE, ROUND_HALF_UP)


def change(kind: str, now, before):
    """The change from ``before`` to ``now`` for a figure of ``kind`` (module docstring)."""
    if now is None or before is None:
        return None
    if kind in ("rate", "days"):
        return (Decimal(now) - Decimal(before)).quantize(ONE_PLACE, ROUND_HALF_UP)
    if before == 0:
        return NEW if now else Decimal("0.0")
    return ((Decimal(now) - Decimal(before)) * 100 / Decimal(before)).quantize(
        ONE_PLACE, ROUND_HALF_UP)


def _empty_row() -> dict:
    row = {key: 0 for key, _label, kind in FIGURES if kind == "count"}
    row.update(rectification_rate=None, on_time_rate=None, avg_days_to_close=None,
               p90_days_to_close=None)
    return row


def figures(*, scope: Scope, period: Period, group_by: str | None = None,
            now: datetime.datetime | None = None) -> dict:
    """Every figure of ``scope`` and ``period``: ``{group key or None: {figure: value}}``,
    with a row for every group that has any figure. Counts are ints, rates and days Decimals
    (or None). Eight queries whatever the number of groups."""
    now = now or timezone.now()
    parts = [
        measures.inspections_in_period(scope=scope, period=period, group_by=group_by),
        measures.hazards_found(scope=scope, period=period, group_by=group_by),
        measures.hazards_found_listed(scope=scope, period=period, group_by=group_by, now=now),
        measures.hazards_closed(scope=scope, period=period, group_by=group_by, now=now),
        measures.days_to_close_p90(scope=scope, period=period, group_by=group_by, now=now),
        measures.hazards_closed_in_period(scope=scope, period=period, group_by=group_by),
        measures.stock_at_end(scope=scope, period=period, group_by=group_by, now=now),
    ]
    rows: dict = {}
    if group_by is None:
        rows[None] = _empty_row()
    for part in parts:
        for key, values in part.items():
            row = rows.setdefault(key, _empty_row())
            for name, value in values.items():
                row[name] = value if value is not None or name not in row else row[name]
    for row in rows.values():
        row["rectification_rate"] = percent(row["closed"], row["found"])
        row["on_time_rate"] = percent(row["closed_on_time"], row["closed"])
        row["avg_days_to_close"] = one_place(row["avg_days_to_close"])
        if row["p90_days_to_close"] is not None:
            row["p90_days_to_close"] = Decimal(row["p90_days_to_close"])
    return rows


@dataclasses.dataclass
class Comparison:
    """A scope's figures for a period, the previous period (环比) and a year earlier (同比),
    with the changes. ``current``/``previous``/``year_earlier`` are figure rows;
    ``mom``/``yoy`` map each figure to its change."""

    scope: Scope
    period: Period
    current: dict
    previous: dict
    year_earlier: dict
    mom: dict
    yoy: dict


def compare(*, scope: Scope, period: Period, now: datetime.datetime | None = None) -> Comparison:
    """The figures of ``period`` beside ``period.previous()`` and ``period.year_earlier()``
    (24 queries)."""
    now = now or timezone.now()
    current = figures(scope=scope, period=period, now=now)[None]
    previous = figures(scope=scope, period=period.previous(), now=now)[None]
    earlier = figures(scope=scope, period=period.year_earlier(), now=now)[None]
    return Comparison(
        scope=scope, period=period, current=current, previous=previous, year_earlier=earlier,
        mom={key: change(kind, current[key], previous[key]) for key, kind in FIGURE_KINDS.items()},
        yoy={key: change(kind, current[key], earlier[key]) for key, kind in FIGURE_KINDS.items()})


def jsonable(value):
    """Figures as JSON values: Decimals as strings ("60.0"), everything else unchanged."""
    if isinstance(value, dict):
        return {("" if key is None else str(key)): jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(item) for item in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value
