"""``manage.py send_task_reminders [--date YYYY-MM-DD]``: the overdue-task rung, in this
process, without a broker."""
from notifications.management.sweep_command import SweepCommand
from plans.reminders import task_reminder_sweep


class Command(SweepCommand):
    help = "Remind officers and district offices of inspection tasks past their due date."

    def sweep(self, on):
        return f"{task_reminder_sweep(on=on)} task reminders recorded"
