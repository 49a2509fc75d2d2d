"""Database expressions the measures share, written once for PostgreSQL and SQLite."""
from django.db.models import Func, IntegerField

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
        return self.as_sql(compiler, connection,
                           template="((%(expressions)s AT TIME ZONE 'Asia/Shanghai')::date"
                                    " - DATE '1970-01-01')", **extra)

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


def day_number(day) -> int:
    """The day number of a Python date (the same scale as CstDay / DayNumber)."""
    import datetime

    return (day - datetime.date(1970, 1, 1)).days
