"""The product's clock: calendar dates are China Standard Time (settings.TIME_ZONE =
Asia/Shanghai), whatever the server's own zone."""
import datetime

from django.utils import timezone


def today_cst() -> datetime.date:
    """Today's calendar date in China Standard Time."""
    return timezone.localdate()
