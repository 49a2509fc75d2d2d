"""Messages survive crashes (brief §7): a Celery worker killed with SIGKILL in the middle of
sending a reminder's e-mails loses nothing and sends nothing twice silently, in the inbox and
in the mail log; and a worker refuses to start when the broker's visibility timeout is shorter
than the longest task time limit.

The workers are real ``celery worker`` processes on the test Redis, against the test database;
the mail server is ``tests.ops.fake_smtp``, which hangs after taking the second message so the
worker can be killed while it waits for the answer.
"""
import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from celery import Celery
from django.db import connection

from core.clock import today_cst
from hazards.enums import HazardStatus
from notifications.models import MailStatus, Notification, OutboxMail, Reminder
from notifications.outbox import outbox_dispatch_due, outbox_mark_delivered, stale_after
from notifications.services import reminder_sweep
from tests import factories
from tests.conftest import redis_test_url
from tests.ops.fake_smtp import FakeSMTP

ROOT = Path(__file__).resolve().parents[2]
CELERY = str(Path(sys.executable).with_name("celery"))
pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def worker_env(**overrides) -> dict:
    db = connection.settings_dict
    env = {**os.environ,
           "DJANGO_SETTINGS_MODULE": "config.settings.local",
           "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:"
                           f"{db['PORT'] or 5432}/{db['NAME']}",
           "CELERY_BROKER_URL": redis_test_url(),
           "CELERY_VISIBILITY_TIMEOUT": "6", "CELERY_TASK_TIME_LIMIT": "4",
           "CELERY_UNACKED_RESTORE_SECONDS": "1",
           "IMPORT_TIME_LIMIT": "4", "EMAIL_TIMEOUT": "3",
           "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
           "LOG_LEVEL": "WARNING"}
    env.update({k: str(v) for k, v in overrides.items()})
    return env


def start_worker(env, log):
    return subprocess.Popen([CELERY, "-A", "config", "worker", "--pool=solo", "-l", "info",
                             "--without-mingle", "--without-gossip", "--without-heartbeat"],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def wait_until(predicate, timeout=40.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_sigkill_mid_send_loses_nothing_and_duplicates_nothing(enterprise, enterprise_officer,
                                                               tmp_path, settings):
    settings.REMINDER_DIGEST_WEEKDAY = 7
    factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise, deadline=today_cst())
    reminder_sweep(on=today_cst() + datetime.timedelta(days=1), dispatch=lambda pk: None)
    reminder = Reminder.objects.get()
    redis.Redis.from_url(redis_test_url()).flushdb()
    publisher = Celery(broker=redis_test_url())

    with FakeSMTP(hang_after={2}) as smtp:
        env = worker_env(EMAIL_HOST="127.0.0.1", EMAIL_PORT=smtp.port)
        with open(tmp_path / "first.log", "wb") as log:
            first = start_worker(env, log)
            try:
                publisher.send_task("notifications.send_reminder",
                                    kwargs={"reminder_id": reminder.pk})
                assert smtp.hanging.wait(60), (tmp_path / "first.log").read_text()
                os.kill(first.pid, signal.SIGKILL)  # mid-send: the 2nd mail is out, unanswered
                first.wait(10)
            finally:
                if first.poll() is None:
                    first.kill()

        # what the crash left: the inbox and every mail were committed before any send
        inbox = sorted(Notification.objects.filter(reminder=reminder)
                       .values_list("recipient_id", flat=True))
        mails = {m.to: m for m in OutboxMail.objects.filter(reminder=reminder)}
        assert enterprise_officer.pk in inbox
        assert len(mails) >= 2
        after_kill = sorted(m.status for m in mails.values())
        assert after_kill == sorted([MailStatus.SENT, MailStatus.SENDING]
                                    + [MailStatus.PENDING] * (len(mails) - 2))
        assert len(smtp.message_ids()) == 2

        # a new worker: the killed task's message comes back after the visibility timeout
        # and finds everything claimed; nothing is sent again
        smtp.hang_after.clear()
        with open(tmp_path / "second.log", "wb") as log:
            second = start_worker(env, log)
            try:
                assert wait_until(lambda: b"notifications.send_reminder" in
                                  (tmp_path / "second.log").read_bytes() and
                                  b"succeeded" in (tmp_path / "second.log").read_bytes(),
                                  timeout=60), (tmp_path / "second.log").read_text()
            finally:
                second.terminate()
                second.wait(20)

        # the beat minute after the send's deadline: the unanswered mail is listed as unknown,
        # the mails never attempted are sent now
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp.port
        later = time.time() + stale_after().total_seconds() + 1
        counts = outbox_dispatch_due(now=datetime.datetime.fromtimestamp(later, datetime.UTC))
        assert counts == ({"settled_unknown": 1, "sent": len(mails) - 2} if len(mails) > 2
                          else {"settled_unknown": 1})
        statuses = sorted(m.status for m in OutboxMail.objects.filter(reminder=reminder))
        assert statuses == sorted([MailStatus.UNKNOWN] + [MailStatus.SENT] * (len(mails) - 1))

        # no lost and no duplicated message: the inbox unchanged, one copy of each mail in the
        # mail server's log (the unknown one arrived once, before the kill)
        assert sorted(Notification.objects.filter(reminder=reminder)
                      .values_list("recipient_id", flat=True)) == inbox
        ids = smtp.message_ids()
        assert sorted(ids) == sorted(m.message_id for m in mails.values())
        assert len(ids) == len(set(ids)) == len(mails)

        # a person finds the unknown mail in the mail log and marks it delivered: settled
        unknown = OutboxMail.objects.get(reminder=reminder, status=MailStatus.UNKNOWN)
        outbox_mark_delivered(mail_id=unknown.pk, actor=enterprise_officer)
        assert outbox_dispatch_due() == {"settled_unknown": 0}
        assert len(smtp.message_ids()) == len(mails)


def test_worker_refuses_to_start_with_a_visibility_timeout_under_a_time_limit(tmp_path):
    env = worker_env(CELERY_VISIBILITY_TIMEOUT=10, CELERY_TASK_TIME_LIMIT=60,
                     IMPORT_TIME_LIMIT=60)
    with open(tmp_path / "w.log", "wb") as log:
        worker = start_worker(env, log)
        try:
            code = worker.wait(60)
        finally:
            if worker.poll() is None:
                worker.kill()
    output = (tmp_path / "w.log").read_text()
    assert code != 0
    assert "visibility_timeout 10s is not longer than the time limit" in output
