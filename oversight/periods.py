"""Reporting periods (统计周期): a day, an ISO week, a month, a quarter, a year or a custom range
of China Standard Time calendar days, with the previous period (环比) and the same period a
year earlier (同比).

A period is a closed range of CST dates ``[start, end]``; as instants it is
``[start 00:00 CST, end+1 00:00 CST)`` (``bounds``), so a hazard registered at 23:30 CST on the
last day counts in it and one registered at 00:10 CST the next day does not.
"""
import dataclasses
import datetime
import re

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import ValidationFailed

DAY, WEEK, MONTH, QUARTER, YEAR, CUSTOM = "day", "week", "month", "quarter", "year", "custom"
PERIOD_KINDS = {
    DAY: gettext_lazy("日"), WEEK: gettext_lazy("周"), MONTH: gettext_lazy("月"),
    QUARTER: gettext_lazy("季度"), YEAR: gettext_lazy("年"), CUSTOM: gettext_lazy("自定义"),
}
# a custom range longer than this is refused (a ranking over decades is not a question anyone
# asks, and it would be a full scan)
MAX_CUSTOM_DAYS = 3 * 366
MIN_YEAR, MAX_YEAR = 1990, 2999


def cst_midnight(day: datetime.date) -> datetime.datetime:
    """00:00 China Standard Time of ``day`` (aware; settings.TIME_ZONE is Asia/Shanghai)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _month_end(year: int, month: int) -> datetime.date:
    first_next = datetime.date(year + month // 12, month % 12 + 1, 1)
    return first_next - datetime.timedelta(days=1)


def _shift_year(day: datetime.date, years: int) -> datetime.date:
    """The same calendar day ``years`` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@dataclasses.dataclass(frozen=True)
class Period:
    """``kind`` (one of PERIOD_KINDS) and the CST dates ``start`` and ``end`` (inclusive)."""

    kind: str
    start: datetime.date
    end: datetime.date

    # -- construction --------------------------------------------------------------------
    @classmethod
    def containing(cls, kind: str, day: datetime.date) -> "Period":
        """The day, ISO week (Monday–Sunday), month, quarter or year that contains ``day``."""
        if kind == DAY:
            return cls(DAY, day, day)
        if kind == WEEK:
            monday = day - datetime.timedelta(days=day.weekday())
            return cls(WEEK, monday, monday + datetime.timedelta(days=6))
        if kind == MONTH:
            return cls(MONTH, day.replace(day=1), _month_end(day.year, day.month))
        if kind == QUARTER:
            first = 3 * ((day.month - 1) // 3) + 1
            return cls(QUARTER, datetime.date(day.year, first, 1), _month_end(day.year, first + 2))
        if kind == YEAR:
            return cls(YEAR, datetime.date(day.year, 1, 1), datetime.date(day.year, 12, 31))
        raise ValidationFailed(_("统计周期无效。"), field="period")

    @classmethod
    def custom(cls, start: datetime.date, end: datetime.date) -> "Period":
        """A custom range of CST days. Errors: ValidationFailed when ``end`` is before
        ``start`` or the range is longer than MAX_CUSTOM_DAYS."""
        if end < start:
            raise ValidationFailed(_("结束日期不能早于开始日期。"), field="to")
        if (end - start).days + 1 > MAX_CUSTOM_DAYS:
            raise ValidationFailed(_("自定义统计区间不能超过三年。"), field="to")
        return cls(CUSTOM, start, end)

    @classmethod
    def parse(cls, kind: str | None, *, date: str | None = None, start: str | None = None,
              end: str | None = None, today: datetime.date | None = None) -> "Period":
        """From query-string values: ``kind`` (default month), ``date`` any CST date inside the
        period (YYYY-MM-DD, default today), or for ``custom`` ``start``/``end``. Errors:
        ValidationFailed naming the parameter (``period``, ``date``, ``from``, ``to``)."""
        kind = kind or MONTH
        if kind not in PERIOD_KINDS:
            raise ValidationFailed(_("统计周期无效。"), field="period")
        if kind == CUSTOM:
            return cls.custom(_parse_date(start, "from"), _parse_date(end, "to"))
        day = _parse_date(date, "date") if date else (today or timezone.localdate())
        return cls.containing(kind, day)

    # -- instants --------------------------------------------------------------------------
    @property
    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        """``(start 00:00 CST, end+1 00:00 CST)``: the half-open range of instants."""
        return cst_midnight(self.start), cst_midnight(self.end + datetime.timedelta(days=1))

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    # -- comparisons -----------------------------------------------------------------------
    def previous(self) -> "Period":
        """环比: the period just before (the previous week, month, …; for a custom range the
        same number of days immediately before it)."""
        if self.kind in (DAY, WEEK, MONTH, QUARTER, YEAR):
            return Period.containing(self.kind, self.start - datetime.timedelta(days=1))
        length = datetime.timedelta(days=self.days)
        return Period(CUSTOM, self.start - length, self.end - length)

    def year_earlier(self) -> "Period":
        """同比: the same period a year earlier — the same ISO week number of the previous ISO
        year (week 53 becomes week 52 when that year has none), the same month, quarter or
        year, the same calendar dates for a day or a custom range (29 February → 28)."""
        if self.kind == WEEK:
            year, week, _weekday = self.start.isocalendar()
            try:
                monday = datetime.date.fromisocalendar(year - 1, week, 1)
            except ValueError:
                monday = datetime.date.fromisocalendar(year - 1, 52, 1)
            return Period.containing(WEEK, monday)
        if self.kind in (MONTH, QUARTER, YEAR, DAY):
            return Period.containing(self.kind, _shift_year(self.start, -1))
        return Period(CUSTOM, _shift_year(self.start, -1), _shift_year(self.end, -1))

    def weeks(self) -> list["Period"]:
        """The ISO weeks that overlap this period, oldest first."""
        weeks, day = [], self.start
        while day <= self.end:
            week = Period.containing(WEEK, day)
            weeks.append(week)
            day = week.end + datetime.timedelta(days=1)
        return weeks

    # -- display ---------------------------------------------------------------------------
    @property
    def label(self) -> str:
        """A Chinese-first label: 2024年3月, 2024年第1季度, 2024年第12周（3月18日—3月24日）…"""
        if self.kind == DAY:
            return _("%(y)d年%(m)d月%(d)d日") % {"y": self.start.year, "m": self.start.month,
                                               "d": self.start.day}
        if self.kind == WEEK:
            year, week, _weekday = self.start.isocalendar()
            return _("%(y)d年第%(w)d周（%(start)s—%(end)s）") % {
                "y": year, "w": week, "start": self.start.isoformat(),
                "end": self.end.isoformat()}
        if self.kind == MONTH:
            return _("%(y)d年%(m)d月") % {"y": self.start.year, "m": self.start.month}
        if self.kind == QUARTER:
            return _("%(y)d年第%(q)d季度") % {"y": self.start.year,
                                            "q": (self.start.month - 1) // 3 + 1}
        if self.kind == YEAR:
            return _("%(y)d年") % {"y": self.start.year}
        return f"{self.start.isoformat()}—{self.end.isoformat()}"

    @property
    def key(self) -> str:
        """A stable identifier: ``2024-03``, ``2024-Q1``, ``2024-W12``, ``2024``,
        ``2024-03-05``, ``2024-01-01..2024-02-15``."""
        if self.kind == DAY:
            return self.start.isoformat()
        if self.kind == WEEK:
            year, week, _weekday = self.start.isocalendar()
            return f"{year}-W{week:02d}"
        if self.kind == MONTH:
            return f"{self.start:%Y-%m}"
        if self.kind == QUARTER:
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        if self.kind == YEAR:
            return str(self.start.year)
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    def as_dict(self) -> dict:
        return {"kind": self.kind, "start": self.start.isoformat(), "end": self.end.isoformat(),
                "key": self.key, "label": self.label}


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _parse_date(value: str | None, field: str) -> datetime.date:
    if not value or not _DATE.match(value):
        raise ValidationFailed(_("请填写日期（YYYY-MM-DD）。"), field=field)
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise ValidationFailed(_("日期无效。"), field=field) from exc
    # the years a hazard register can hold; also keeps "a year earlier" and "the day after"
    # inside the calendar
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise ValidationFailed(_("日期超出范围（%(min)d—%(max)d年）。")
                               % {"min": MIN_YEAR, "max": MAX_YEAR}, field=field)
    return day
