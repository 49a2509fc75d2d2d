"""The product's clock: calendar dates are China Standard Time (settings.TIME_ZONE =
Asia/Shanghai), whatever the server's own zone."""
import datetime
import zoneinfo

from django.conf import settings
from django.utils import timezone


def today_cst() -> datetime.date:
    """Today's calendar date in China Standard Time."""
    return timezone.localdate()


def start_of_day_cst(day: datetime.date) -> datetime.datetime:
    """00:00 China Standard Time on ``day``, as an aware datetime: the moment a record that
    carries only a date (a ledger's inspection or closure date) is dated at."""
    return datetime.datetime.combine(day, datetime.time.min,
                                     tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))
