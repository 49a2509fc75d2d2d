"""Celery adapters for accounts (CONVENTIONS.md §8)."""
from celery import shared_task

from .audit import security_events_purge


@shared_task(name="accounts.purge_security_events")
def purge_security_events() -> int:
    """Daily (beat): delete audit rows older than the retention period. Returns how many."""
    return security_events_purge()
