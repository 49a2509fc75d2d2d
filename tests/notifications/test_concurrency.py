"""Two sweeps at once on PostgreSQL send every reminder once (CONVENTIONS.md §7)."""
import datetime
import threading

import pytest
from django.core import mail
from django.db import connection

from hazards.enums import HazardStatus
from notifications.enums import ReminderRung
from notifications.models import Notification, Reminder
from notifications.services import reminder_send, reminder_sweep
from tests import factories

from .conftest import cst

D = datetime.date


def run_at_once(target, n=2):
    """Run ``target`` in ``n`` threads released together; return their results and
    errors. Each thread closes its own database connection."""
    barrier, results, errors = threading.Barrier(n), [], []

    def worker():
        try:
            barrier.wait(timeout=10)
            results.append(target())
        except Exception as exc:  # noqa: BLE001 - reported by the test's assertion
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results, errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_send_each_reminder_once(clock, ladder_settings, enterprise,
                                                    enterprise_officer, district_official):
    hazards = [factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise,
                                   deadline=D(2024, 5, 31)) for _ in range(9)]
    clock.move_to(cst(D(2024, 6, 1)))

    _, errors = run_at_once(reminder_sweep)

    assert errors == []
    overdue = Reminder.objects.filter(rung=ReminderRung.OVERDUE)
    assert sorted(overdue.values_list("hazard_id", flat=True)) == [h.pk for h in hazards]
    assert not Reminder.objects.filter(sent_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=enterprise_officer,
                                       reminder__rung=ReminderRung.OVERDUE).count() == 9
    expected_mails = sum(1 for r in Reminder.objects.all() for x in r.recipients if x["email"])
    assert len(mail.outbox) == expected_mails


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_sending_the_same_reminder_send_it_once(clock, ladder_settings, enterprise,
                                                            enterprise_officer):
    factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise, deadline=D(2024, 5, 31))
    clock.move_to(cst(D(2024, 6, 1)))
    ladder_settings.REMINDER_DIGEST_WEEKDAY = 7
    queued = []
    reminder_sweep(dispatch=queued.append)
    [reminder_id] = queued

    results, errors = run_at_once(lambda: reminder_send(reminder_id=reminder_id))

    assert errors == []
    assert sorted(results) == [False, True]
    assert Notification.objects.filter(recipient=enterprise_officer).count() == 1
