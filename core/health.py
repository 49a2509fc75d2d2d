"""``/healthz/``: for the load balancer. 200 when the database answers, the cache (Redis)
answers, and, with a broker configured, a worker ran the heartbeat task and beat published
within ``3 × HEARTBEAT_SECONDS``; 503 otherwise. The body names each check; no secrets."""
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from .tasks import BEAT_LAST_RUN_KEY, WORKER_HEARTBEAT_KEY


def _check(fn) -> str:
    try:
        return fn()
    except Exception as exc:  # any failure is a failed check, reported by type only
        return f"error: {type(exc).__name__}"


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _cache() -> str:
    cache.set("ops:health-probe", 1, timeout=10)
    return "ok" if cache.get("ops:health-probe") == 1 else "error: cache did not keep a value"


def _fresh(key: str) -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "in-process"
    stamp = cache.get(key)
    if stamp is None:
        return "error: never seen"
    age = time.time() - float(stamp)
    limit = 3 * settings.HEARTBEAT_SECONDS
    return "ok" if age <= limit else f"error: last seen {age:.0f}s ago"


@never_cache
def healthz(request):
    checks = {"database": _check(_database), "cache": _check(_cache),
              "worker": _check(lambda: _fresh(WORKER_HEARTBEAT_KEY)),
              "beat": _check(lambda: _fresh(BEAT_LAST_RUN_KEY))}
    healthy = all(not value.startswith("error") for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", "checks": checks},
                        status=200 if healthy else 503)
