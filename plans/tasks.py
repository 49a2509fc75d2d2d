"""Celery adapters (CONVENTIONS.md §8): the daily overdue-task sweep and one send."""
import datetime

from celery import shared_task

from . import reminders


@shared_task(name="plans.send_task_reminders")
def send_task_reminders(*, on: str | None = None) -> int:
    """The daily sweep (beat, 08:05 Asia/Shanghai): open tasks past their due date."""
    day = datetime.date.fromisoformat(on) if on else None
    return reminders.task_reminder_sweep(
        on=day, dispatch=lambda pk: send_task_reminder.delay(reminder_id=pk))


@shared_task(name="plans.send_task_reminder", autoretry_for=(OSError,), retry_backoff=True,
             max_retries=5)
def send_task_reminder(*, reminder_id: int) -> bool:
    return reminders.task_reminder_send(reminder_id=reminder_id)
