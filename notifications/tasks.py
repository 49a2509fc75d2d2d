"""Celery adapters for the reminder ladder and the mail outbox (CONVENTIONS.md §8): explicit
names, keyword-only arguments, the work itself in ``notifications.services`` and
``notifications.outbox``. Publishing never raises to the caller (``core.tasks.enqueue``): the
rows are committed first, and the catch-up task publishes what a broker outage dropped."""
import datetime
import logging

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from core.tasks import enqueue

from . import outbox, services
from .models import Reminder

logger = logging.getLogger(__name__)
# a recorded reminder not sent this long after it was recorded is published again
UNSENT_GRACE = datetime.timedelta(minutes=5)


def sweep_done_key(day: datetime.date) -> str:
    return f"reminders:sweep-done:{day.isoformat()}"


@shared_task(name="notifications.send_rectification_reminders")
def send_rectification_reminders(*, on: str | None = None) -> dict:
    """The daily sweep (beat, 08:00 Asia/Shanghai): record every ladder message due on ``on``
    (ISO date, CST; default today) and enqueue one ``notifications.send_reminder`` per message
    once its batch has committed. Returns the counts per rung."""
    day = datetime.date.fromisoformat(on) if on else timezone.localdate()

    def dispatch(reminder_id: int) -> None:
        # called from the batch's on_commit: the worker will find the committed row; a failed
        # publish is picked up by dispatch_unsent_reminders
        enqueue(send_reminder, reminder_id=reminder_id)

    result = services.reminder_sweep(on=day, dispatch=dispatch)
    cache.set(sweep_done_key(day), True, timeout=2 * 24 * 3600)
    return {"created": result.created, "dispatched": result.dispatched}


@shared_task(name="notifications.send_reminder")
def send_reminder(*, reminder_id: int) -> bool:
    """Send one recorded reminder (inbox at once; mails through the outbox), exactly once."""
    if not Reminder.objects.filter(pk=reminder_id).exists():
        logger.warning("reminder %s is gone", reminder_id)
        return False
    return services.reminder_send(reminder_id=reminder_id)


@shared_task(name="notifications.dispatch_unsent_reminders")
def dispatch_unsent_reminders() -> dict:
    """Every 10 minutes (beat): run today's sweep if its hour has passed and it has not run
    (beat or the broker was down at 08:00), then publish again every reminder recorded more
    than 5 minutes ago and still unsent. Safe to repeat: sending is claimed by compare-and-set.
    """
    now = timezone.localtime()
    today = now.date()
    swept = False
    if (now.hour, now.minute) >= (settings.REMINDER_SWEEP_HOUR, settings.REMINDER_SWEEP_MINUTE) \
            and not cache.get(sweep_done_key(today)):
        send_rectification_reminders(on=today.isoformat())
        swept = True
    published = 0
    unsent = (Reminder.objects.filter(sent_at__isnull=True,
                                      created_at__lt=timezone.now() - UNSENT_GRACE)
              .order_by("pk").values_list("pk", flat=True)[:5000])
    for reminder_id in unsent:
        published += enqueue(send_reminder, reminder_id=reminder_id)
    return {"swept": swept, "published": published}


@shared_task(name="notifications.dispatch_outbox")
def dispatch_outbox() -> dict:
    """Every minute (beat): send due mails, settle sends a killed worker left behind."""
    return outbox.outbox_dispatch_due()
