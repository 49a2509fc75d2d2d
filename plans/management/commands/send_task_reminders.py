"""``manage.py send_task_reminders [--date YYYY-MM-DD]``: the overdue-task rung,
in this process, without a broker. Safe to run again: nothing is sent twice."""
import datetime

from django.core.management.base import BaseCommand, CommandError

from plans.reminders import task_reminder_sweep


class Command(BaseCommand):
    help = "Remind officers and district offices of inspection tasks past their due date."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="CST calendar date YYYY-MM-DD (default: today)")

    def handle(self, *args, date=None, **options):
        try:
            on = datetime.date.fromisoformat(date) if date else None
        except ValueError as exc:
            raise CommandError(f"--date must be YYYY-MM-DD, got {date!r}") from exc
        created = task_reminder_sweep(on=on)
        self.stdout.write(self.style.SUCCESS(f"{created} task reminders recorded"))
