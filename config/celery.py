"""Celery application. With CELERY_BROKER_URL empty, tasks run in-process (see settings).

At start-up a worker refuses to run when the broker's visibility timeout (Redis: how long an
unacknowledged task waits before it is handed to another worker) is not longer than the longest
task time limit: with ``acks_late`` a task still running would be delivered a second time while
the first copy runs (``check_visibility_timeout``).
"""
import os
import sys

from celery import Celery
from celery.signals import beat_init, before_task_publish, worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("hazard_register")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


class VisibilityTimeoutTooShort(RuntimeError):
    """The broker would redeliver a task that is still within its time limit."""


def longest_time_limit(celery_app) -> tuple[str, float]:
    """The task with the longest hard time limit (its own, or the global
    ``task_time_limit``), as (name, seconds). A task without any limit counts as infinite."""
    default = celery_app.conf.task_time_limit
    longest = ("", 0.0)
    for name, task in celery_app.tasks.items():
        if name.startswith("celery."):
            continue
        limit = getattr(task, "time_limit", None) or default
        limit = float("inf") if limit is None else float(limit)
        if limit > longest[1]:
            longest = (name, limit)
    return longest


def check_visibility_timeout(celery_app) -> None:
    """Errors: VisibilityTimeoutTooShort when the broker's visibility timeout (default 3600 s
    for Redis) is not longer than the longest task time limit."""
    if not (celery_app.conf.broker_url or "").startswith(("redis", "rediss", "sentinel")):
        return
    options = celery_app.conf.broker_transport_options or {}
    visibility = float(options.get("visibility_timeout", 3600))
    name, limit = longest_time_limit(celery_app)
    if limit >= visibility:
        raise VisibilityTimeoutTooShort(
            f"broker visibility_timeout {visibility:.0f}s is not longer than the time limit of "
            f"{name} ({limit:.0f}s): a running task would be delivered twice. Raise "
            f"CELERY_VISIBILITY_TIMEOUT or lower the task time limit.")


@worker_init.connect
def _refuse_short_visibility_timeout(sender=None, **kwargs):
    app.loader.import_default_modules()
    try:
        check_visibility_timeout(app)
    except VisibilityTimeoutTooShort as exc:
        # Celery logs and swallows an Exception from a signal handler; SystemExit stops it
        print(f"worker refused to start: {exc}", file=sys.stderr, flush=True)
        raise SystemExit(78) from exc  # EX_CONFIG


_in_beat = False


@beat_init.connect
def _mark_beat(sender=None, **kwargs):
    global _in_beat
    _in_beat = True


@before_task_publish.connect
def _beat_publishes(sender=None, **kwargs):
    if _in_beat:
        from core.tasks import beat_published

        beat_published()
