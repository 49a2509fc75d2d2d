"""The Celery adapters and the beat entry (CONVENTIONS.md §8), run in-process (eager)."""
import datetime

import pytest
from celery.schedules import crontab
from django.conf import settings

from config.celery import app
from hazards.enums import HazardStatus
from notifications.enums import ReminderRung
from notifications.models import Reminder
from notifications.tasks import send_rectification_reminders, send_reminder
from tests import factories

from .conftest import cst

pytestmark = pytest.mark.django_db
D = datetime.date


def test_beat_fires_the_sweep_daily_at_0800_shanghai(db):
    app.loader.import_default_modules()
    [entry] = [e for e in settings.CELERY_BEAT_SCHEDULE.values()
               if e["task"] == "notifications.send_rectification_reminders"]

    assert entry["task"] in app.tasks
    assert entry["schedule"] == crontab(hour=8, minute=0)
    assert settings.CELERY_TIMEZONE == "Asia/Shanghai"


def test_sweep_task_records_and_sends_after_commit(clock, ladder_settings, enterprise,
                                                   enterprise_officer,
                                                   django_capture_on_commit_callbacks):
    ladder_settings.REMINDER_DIGEST_WEEKDAY = 7
    hazard = factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise,
                                 deadline=D(2024, 5, 31))
    clock.move_to(cst(D(2024, 6, 1)))

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        result = send_rectification_reminders.delay()

    assert result.get() == {"created": {"overdue": 1}, "dispatched": {"overdue": 1}}
    assert len(callbacks) == 1
    reminder = Reminder.objects.get()
    assert (reminder.hazard_id, reminder.rung) == (hazard.pk, ReminderRung.OVERDUE)
    assert reminder.sent_at is not None


def test_sweep_task_takes_an_iso_date(clock, ladder_settings, enterprise,
                                      django_capture_on_commit_callbacks):
    ladder_settings.REMINDER_DIGEST_WEEKDAY = 7
    factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise, deadline=D(2024, 5, 31))

    with django_capture_on_commit_callbacks(execute=True):
        send_rectification_reminders.delay(on="2024-06-02")

    assert list(Reminder.objects.values_list("period", flat=True)) == [D(2024, 6, 2)]


def test_send_task_for_a_vanished_reminder_does_nothing(db):
    assert send_reminder.delay(reminder_id=987654).get() is False
