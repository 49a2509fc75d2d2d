"""Database expressions the measures share, written once for PostgreSQL and SQLite."""
from django.db.models import Aggregate, Func, IntegerField

# China Standard Time is UTC+8 all year (no daylight saving since 1991), so a CST calendar day
# is a fixed 8-hour shift of the UTC day.
CST_OFFSET_HOURS = 8


class CstDay(Func):
    """The China Standard Time calendar day of a date-time, as a day number (days since
    1970-01-01). Integers subtract, average and compare the same way in both databases, so
    "days to close" and "closed on or before the deadline" need no vendor branches."""

    output_field = IntegerField()
    arity = 1

    def as_postgresql(self, compiler, connection, **extra):
        # epoch arithmetic, not AT TIME ZONE: the zone lookup per row was the dearest part of
        # counting a quarter's hazards per week at a million rows (bench/README.md)
        return self.as_sql(compiler, connection,
                           template=f"(FLOOR((EXTRACT(EPOCH FROM %(expressions)s) + "
                                    f"{CST_OFFSET_HOURS * 3600}) / 86400)::integer)", **extra)

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection,
                           template=f"CAST(julianday(%(expressions)s, '+{CST_OFFSET_HOURS} "
                                    "hours') - 2440587.5 AS INTEGER)", **extra)


class DayNumber(Func):
    """A date column as a day number (days since 1970-01-01), comparable with CstDay."""

    output_field = IntegerField()
    arity = 1

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection,
                           template="(%(expressions)s - DATE '1970-01-01')", **extra)

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection,
                           template="CAST(julianday(%(expressions)s) - 2440587.5 AS INTEGER)",
                           **extra)


class PercentileDisc(Aggregate):
    """PostgreSQL's ``percentile_disc(fraction) WITHIN GROUP (ORDER BY expression)``: the
    first value whose cumulative share reaches ``fraction`` — the nearest-rank percentile."""

    function = "percentile_disc"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = IntegerField()

    def __init__(self, expression, fraction: float, **extra):
        super().__init__(expression, fraction=fraction, **extra)


def day_number(day) -> int:
    """The day number of a Python date (the same scale as CstDay / DayNumber)."""
    import datetime

    return (day - datetime.date(1970, 1, 1)).days
