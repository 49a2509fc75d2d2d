"""``manage.py send_rectification_reminders [--date YYYY-MM-DD]``: run the day's reminder
ladder in this process, without a broker, as of a China Standard Time date."""
from notifications.management.sweep_command import SweepCommand
from notifications.services import reminder_send, reminder_sweep


class Command(SweepCommand):
    help = ("Send the rectification reminders and escalations due on a day (CST, default "
            "today), synchronously. Safe to run again: nothing is sent twice.")

    def sweep(self, on):
        sent = []

        def send_now(reminder_id: int) -> None:
            if reminder_send(reminder_id=reminder_id, on=on):
                sent.append(reminder_id)

        result = reminder_sweep(on=on, dispatch=send_now)
        for rung, count in sorted(result.created.items()):
            self.stdout.write(f"{rung}: {count} new")
        return f"{on.isoformat()}: {result.total_created} reminders recorded, {len(sent)} sent"
