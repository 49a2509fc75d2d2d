"""Celery adapters for the reminder ladder (CONVENTIONS.md §8): explicit names, keyword-only
arguments, the work itself in ``notifications.services``."""
import datetime
import logging

from celery import shared_task

from . import services
from .models import Reminder

logger = logging.getLogger(__name__)


@shared_task(name="notifications.send_rectification_reminders")
def send_rectification_reminders(*, on: str | None = None) -> dict:
    """The daily sweep (beat, 08:00 Asia/Shanghai): record every ladder message due on ``on``
    (ISO date, CST; default today) and enqueue one ``notifications.send_reminder`` per message
    once its batch has committed. Returns the counts per rung."""
    day = datetime.date.fromisoformat(on) if on else None

    def enqueue(reminder_id: int) -> None:
        # called from the batch's on_commit: the worker will find the committed row
        send_reminder.delay(reminder_id=reminder_id)

    result = services.reminder_sweep(on=day, dispatch=enqueue)
    return {"created": result.created, "dispatched": result.dispatched}


@shared_task(name="notifications.send_reminder", autoretry_for=(OSError,),
             retry_backoff=True, max_retries=5)
def send_reminder(*, reminder_id: int) -> bool:
    """Send one recorded reminder (mail + inbox), exactly once. Retries on mail-server
    (socket) errors only; the claim is rolled back with the failure, so a retry sends it."""
    if not Reminder.objects.filter(pk=reminder_id).exists():
        logger.warning("reminder %s is gone", reminder_id)
        return False
    return services.reminder_send(reminder_id=reminder_id)

