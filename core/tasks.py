"""Publishing tasks without letting a broker outage reach the user, and the heartbeat the
health endpoint reads.

``enqueue(task, **kwargs)``: publish now; if the broker cannot be reached, log it and return
False. Callers only enqueue work whose state is already committed in the database, so a
periodic job (the import reaper, the reminder and outbox dispatchers) finds it and publishes it
again once the broker is back: a lost publish delays the work, it never loses it and never
answers 500.

``heartbeat`` (beat, every ``HEARTBEAT_SECONDS``): run by a worker, it stamps the cache; beat
stamps its own key whenever it publishes (``config.celery``). ``/healthz/`` reads both.
"""
import logging
import time

from celery import shared_task
from django.core.cache import cache

logger = logging.getLogger(__name__)
WORKER_HEARTBEAT_KEY = "ops:worker-heartbeat"
BEAT_LAST_RUN_KEY = "ops:beat-last-run"


def enqueue(task, **kwargs) -> bool:
    """Publish ``task`` with keyword arguments. Output: True when the broker took it; False
    (logged) when it could not be reached."""
    try:
        task.apply_async(kwargs=kwargs, retry=False)
    except Exception as exc:  # kombu raises OperationalError, OSError, … for a broker outage
        logger.warning("could not publish %s(%s): %r; a periodic job will publish it again",
                       task.name, kwargs, exc)
        return False
    return True


@shared_task(name="core.heartbeat", ignore_result=True)
def heartbeat() -> None:
    """Record that a worker ran a task just now."""
    cache.set(WORKER_HEARTBEAT_KEY, time.time(), timeout=None)


def beat_published() -> None:
    """Called in the beat process whenever it publishes a task."""
    cache.set(BEAT_LAST_RUN_KEY, time.time(), timeout=None)
