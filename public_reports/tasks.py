"""Celery adapters (CONVENTIONS.md §8): the daily answer-deadline sweep and one send."""
import datetime

from celery import shared_task

from . import reminders


@shared_task(name="public_reports.send_public_work_reminders")
def send_report_reminders(*, on: str | None = None) -> int:
    """The daily sweep (beat, 08:05 Asia/Shanghai): reports past their answer deadline. Each
    message is enqueued once its batch has committed. Returns rows created."""
    day = datetime.date.fromisoformat(on) if on else None
    return reminders.report_reminder_sweep(
        on=day, dispatch=lambda pk: send_report_reminder.delay(reminder_id=pk))


@shared_task(name="public_reports.send_report_reminder", autoretry_for=(OSError,),
             retry_backoff=True, max_retries=5)
def send_report_reminder(*, reminder_id: int) -> bool:
    return reminders.report_reminder_send(reminder_id=reminder_id)
