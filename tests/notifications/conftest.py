"""Shared set-up for the reminder ladder: a clock in China Standard Time and the people who
receive reminders, each derived from a role."""
import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests import factories

CST = ZoneInfo("Asia/Shanghai")


def cst(day: datetime.date, hour: int = 8, minute: int = 0) -> datetime.datetime:
    """``day`` at ``hour:minute`` China Standard Time (beat fires the sweep at 08:00)."""
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=CST)


@pytest.fixture
def clock():
    """A frozen clock (``clock.move_to(cst(day))``), starting Monday 2024-05-27 08:00 CST."""
    with time_machine.travel(cst(datetime.date(2024, 5, 27)), tick=False) as traveller:
        yield traveller


@pytest.fixture
def ladder_settings(settings):
    """The ladder's documented defaults, pinned so the tests read as a specification."""
    settings.REMINDER_DUE_SOON_DAYS = 3
    settings.REMINDER_OVERDUE_REPEAT_DAYS = 1
    settings.REMINDER_ESCALATE_AFTER_DAYS = 7
    settings.REMINDER_DIGEST_WEEKDAY = 0
    settings.REMINDER_BATCH_SIZE = 2  # several batches even with a handful of hazards
    settings.SITE_URL = "https://hazards.example.cn"
    return settings


@pytest.fixture
def office_head(fuling):
    return factories.district_official("500102", is_office_head=True,
                                       email="head@fuling.example.cn")
