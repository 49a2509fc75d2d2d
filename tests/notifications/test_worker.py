"""The daily sweep through a real Celery worker on Redis (issue 2 §10, issue 3 "done when").

The worker runs in a thread of this process (``celery.contrib.testing.worker``), so it uses
the same test database; the test is transactional so the worker sees committed rows.
"""
import datetime
import threading
import time

import pytest
import redis
from celery.contrib.testing.worker import start_worker

from config.celery import app
from core.clock import today_cst
from hazards.enums import HazardStatus
from notifications.enums import ReminderRung
from notifications.models import Notification, Reminder
from notifications.tasks import send_rectification_reminders
from tests import factories
from tests.conftest import redis_test_url


def _forget_connections():
    """Drop the app's cached broker pool and result backend, so that they are built again
    from the configuration in force (earlier in-process tests cached the disabled backend).
    Celery keeps these in private attributes; this is the test's only reach into them."""
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    if "amqp" in app.__dict__:
        app.amqp._producer_pool = None
    app._backend_cache = None
    app._local = threading.local()


@pytest.fixture
def worker_on_redis():
    url = redis_test_url()
    redis.Redis.from_url(url).flushdb()  # a test-only database: no stale messages
    keys = ("broker_url", "result_backend", "task_always_eager")
    saved = {key: app.conf[key] for key in keys}
    app.conf.update(broker_url=url, result_backend=url, task_always_eager=False)
    _forget_connections()
    try:
        with start_worker(app, pool="solo", concurrency=1, perform_ping_check=False,
                          loglevel="WARNING", shutdown_timeout=10):
            yield app
    finally:
        app.conf.update(saved)
        _forget_connections()


def wait_until(predicate, *, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_sweep_through_a_real_worker_records_and_sends_reminders(
        worker_on_redis, enterprise, enterprise_officer, settings):
    settings.REMINDER_DIGEST_WEEKDAY = 7
    hazard = factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise,
                                 deadline=today_cst())
    tomorrow = today_cst() + datetime.timedelta(days=1)

    result = send_rectification_reminders.delay(on=tomorrow.isoformat())

    assert result.get(timeout=30) == {"created": {"overdue": 1}, "dispatched": {"overdue": 1}}
    assert wait_until(lambda: Reminder.objects.filter(sent_at__isnull=False).exists())
    reminder = Reminder.objects.get()
    assert (reminder.hazard_id, reminder.rung, reminder.period) == (
        hazard.pk, ReminderRung.OVERDUE, tomorrow)
    assert Notification.objects.filter(recipient=enterprise_officer).count() == 1

    again = send_rectification_reminders.delay(on=tomorrow.isoformat())

    assert again.get(timeout=30) == {"created": {"overdue": 0}, "dispatched": {}}
    assert Notification.objects.filter(recipient=enterprise_officer).count() == 1
