"""``manage.py send_rectification_reminders [--date YYYY-MM-DD]``: run the day's reminder
ladder in this process, without a broker, as of a China Standard Time date."""
import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from notifications.services import reminder_send, reminder_sweep


class Command(BaseCommand):
    help = ("Send the rectification reminders and escalations due on a day (CST, default "
            "today), synchronously. Safe to run again: nothing is sent twice.")

    def add_arguments(self, parser):
        parser.add_argument("--date", help="CST calendar date YYYY-MM-DD (default: today)")

    def handle(self, *args, date=None, **options):
        try:
            on = datetime.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"--date must be YYYY-MM-DD, got {date!r}") from exc
        sent = []

        def send_now(reminder_id: int) -> None:
            if reminder_send(reminder_id=reminder_id, on=on):
                sent.append(reminder_id)

        result = reminder_sweep(on=on, dispatch=send_now)
        for rung, count in sorted(result.created.items()):
            self.stdout.write(f"{rung}: {count} new")
        self.stdout.write(self.style.SUCCESS(
            f"{on.isoformat()}: {result.total_created} reminders recorded, {len(sent)} sent"))
