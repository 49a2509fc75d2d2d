"""Celery adapters for hazards' housekeeping (CONVENTIONS.md §8)."""
from celery import shared_task

from .orphan_files import orphan_files_delete


@shared_task(name="hazards.delete_orphan_files")
def delete_orphan_files() -> int:
    """Hourly (beat): remove files of rolled-back uploads. Returns how many were deleted."""
    return len(orphan_files_delete())
