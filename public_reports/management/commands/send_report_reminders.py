"""``manage.py send_report_reminders [--date YYYY-MM-DD]``: the answer-deadline rung for
reports, in this process, without a broker."""
from notifications.management.sweep_command import SweepCommand
from public_reports.reminders import report_reminder_sweep


class Command(SweepCommand):
    help = "Remind district offices of reports past their answer deadline (CST day)."

    def sweep(self, on):
        return f"{report_reminder_sweep(on=on)} report reminders recorded"
