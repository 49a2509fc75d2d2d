"""The shape every reminder-sweep command shares: ``--date YYYY-MM-DD`` (a China Standard Time
calendar date, default today), checked the same way, then one sweep run in this process,
without a broker. Safe to run again: a reminder is recorded once per object, rung and period
(a unique constraint), so nothing is sent twice."""
import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone


class SweepCommand(BaseCommand):
    """Subclasses define ``help`` and ``sweep(on: datetime.date) -> str`` (the line to print)."""

    def add_arguments(self, parser):
        parser.add_argument("--date", help="CST calendar date YYYY-MM-DD (default: today)")

    def handle(self, *args, date=None, **options):
        try:
            on = datetime.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"--date must be YYYY-MM-DD, got {date!r}") from exc
        self.stdout.write(self.style.SUCCESS(self.sweep(on)))

    def sweep(self, on: datetime.date) -> str:
        raise NotImplementedError
