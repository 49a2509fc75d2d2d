"""Broker or mail server down (brief §8): confirming an import or running the sweep never
answers 500 nor leaves a job stuck; the state is committed first and the work completes when
the broker returns (the reaper and the catch-up dispatcher publish again)."""
import datetime
import io
import socket
import threading

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from kombu import pools

from config.celery import app
from core.clock import today_cst
from hazards.enums import HazardStatus
from imports import services as import_services
from imports.models import ImportJob, JobStatus
from imports.tasks import reap_jobs
from notifications.models import Notification, Reminder
from notifications.tasks import (
    dispatch_unsent_reminders,
    send_rectification_reminders,
    sweep_done_key,
)
from tests import factories
from tests.conftest import redis_test_url
from tests.imports import ledgers

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens there once the probe is closed


def _forget_connections():
    # Celery caches the broker pool and producers; a changed broker_url needs them rebuilt
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    if "amqp" in app.__dict__:
        app.amqp._producer_pool = None
    app._backend_cache = None
    app._local = threading.local()
    # kombu keeps producer pools per connection in a global registry: a pool closed above
    # would otherwise be handed out again for the same broker URL
    pools.reset()


@pytest.fixture
def broker():
    """Switch the app between a dead broker (a closed port) and the live test Redis."""
    keys = ("broker_url", "result_backend", "task_always_eager", "broker_connection_timeout",
            "broker_connection_retry_on_startup")
    saved = {key: app.conf[key] for key in keys}

    class Broker:
        def down(self):
            app.conf.update(broker_url=f"redis://127.0.0.1:{closed_port()}/0",
                            result_backend=None, task_always_eager=False,
                            broker_connection_timeout=1)
            _forget_connections()

        def up(self):
            url = redis_test_url()
            redis.Redis.from_url(url).flushdb()
            app.conf.update(broker_url=url, result_backend=url, task_always_eager=False)
            _forget_connections()
            return start_worker(app, pool="solo", concurrency=1, perform_ping_check=False,
                                loglevel="WARNING", shutdown_timeout=10)

    try:
        yield Broker()
    finally:
        app.conf.update(saved)
        _forget_connections()


def wait_until(predicate, timeout=30.0):
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_import_confirmed_while_the_broker_is_down_completes_when_it_returns(
        broker, fuling, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    factories.sector("other", "其他")
    importer = factories.district_official("500102", username="fl_importer")
    job = import_services.job_create(actor=importer,
                                     preset=import_services.preset_get("cn_hazard_ledger"),
                                     file=io.BytesIO(ledgers.messy_csv()), name="台账.csv",
                                     district_code="500102")
    import_services.job_dry_run(job=job)
    client = Client()
    client.force_login(importer)
    broker.down()

    response = client.post(reverse("imports:confirm", args=[job.pk]),
                           {"mode": "valid_rows_only"})

    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED and job.queued_at is not None
    page = client.get(reverse("imports:detail", args=[job.pk]))
    assert page.status_code == 200

    # the reaper, while the broker is still down: the job is not stale yet, and once it is,
    # publishing fails quietly and the job stays queued
    assert reap_jobs() == {"republished": 0, "failed": 0}
    ImportJob.objects.filter(pk=job.pk).update(
        queued_at=timezone.now() - datetime.timedelta(minutes=10))
    assert reap_jobs() == {"republished": 0, "failed": 0}

    with broker.up():
        assert reap_jobs() == {"republished": 1, "failed": 0}
        assert wait_until(lambda: ImportJob.objects.get(pk=job.pk).status in (
            JobStatus.DONE, JobStatus.FAILED))
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.created > 0


def test_a_job_whose_worker_died_is_marked_failed_not_left_running(fuling, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    factories.sector("other", "其他")
    importer = factories.district_official("500102", username="fl_importer2")
    job = import_services.job_create(actor=importer,
                                     preset=import_services.preset_get("cn_hazard_ledger"),
                                     file=io.BytesIO(ledgers.messy_csv()), name="台账.csv",
                                     district_code="500102")
    started = timezone.now() - datetime.timedelta(seconds=settings.IMPORT_TIME_LIMIT + 600)
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, started_at=started)

    assert reap_jobs() == {"republished": 0, "failed": 1}

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "导入中断" in job.message


def test_the_sweep_records_the_ladder_with_the_broker_down_and_sends_when_it_returns(
        broker, enterprise, enterprise_officer, settings):
    settings.REMINDER_DIGEST_WEEKDAY = 7
    factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise, deadline=today_cst())
    tomorrow = today_cst() + datetime.timedelta(days=1)
    broker.down()

    # beat's sweep running in a worker whose broker has just gone away: no exception
    result = send_rectification_reminders(on=tomorrow.isoformat())

    assert result == {"created": {"overdue": 1}, "dispatched": {"overdue": 1}}
    reminder = Reminder.objects.get()
    assert reminder.sent_at is None
    assert Notification.objects.count() == 0

    Reminder.objects.filter(pk=reminder.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=10))
    cache.set(sweep_done_key(today_cst()), True)  # today's own sweep is another test's subject
    with broker.up():
        assert dispatch_unsent_reminders()["published"] == 1
        assert wait_until(lambda: Reminder.objects.get(pk=reminder.pk).sent_at is not None)
    assert Notification.objects.filter(recipient=enterprise_officer).count() == 1
    # and a second catch-up sends nothing again
    assert dispatch_unsent_reminders()["published"] == 0


def test_evidence_submission_does_not_depend_on_the_broker(broker, enterprise,
                                                          enterprise_officer):
    hazard = factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise)
    client = Client()
    client.force_login(enterprise_officer)
    broker.down()

    response = client.post(reverse("hazards:action", args=[hazard.pk, "evidence"]),
                           {"description": "已更换泄漏管道", "version": hazard.version})

    assert response.status_code == 302
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.PENDING_VERIFICATION


@pytest.mark.django_db
def test_a_missed_morning_sweep_is_run_by_the_catch_up(enterprise, settings):
    import time_machine

    settings.REMINDER_DIGEST_WEEKDAY = 7
    day = datetime.date(2026, 3, 2)
    with time_machine.travel(datetime.datetime(2026, 2, 20, 9, tzinfo=datetime.UTC)):
        factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise,
                            deadline=day - datetime.timedelta(days=1))
    cst = datetime.timezone(datetime.timedelta(hours=8))
    with time_machine.travel(datetime.datetime(2026, 3, 2, 7, 30, tzinfo=cst), tick=False):
        assert dispatch_unsent_reminders()["swept"] is False  # before 08:00: not missed yet
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 10, tzinfo=cst), tick=False):
        assert dispatch_unsent_reminders()["swept"] is True
        assert dispatch_unsent_reminders()["swept"] is False  # once a day
    assert Reminder.objects.filter(period=day).count() == 1
