"""``manage.py send_report_reminders [--date YYYY-MM-DD]``: the answer-deadline rung for
reports, in this process, without a broker. Safe to run again: nothing is sent twice."""
import datetime

from django.core.management.base import BaseCommand, CommandError

from public_reports.reminders import report_reminder_sweep


class Command(BaseCommand):
    help = "Remind district offices of reports past their answer deadline (CST day)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="CST calendar date YYYY-MM-DD (default: today)")

    def handle(self, *args, date=None, **options):
        try:
            on = datetime.date.fromisoformat(date) if date else None
        except ValueError as exc:
            raise CommandError(f"--date must be YYYY-MM-DD, got {date!r}") from exc
        created = report_reminder_sweep(on=on)
        self.stdout.write(self.style.SUCCESS(f"{created} report reminders recorded"))
