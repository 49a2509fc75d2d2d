"""Files written for a transaction that rolled back (an evidence upload or a finding photo whose
database rows never committed) are found and removed here.

Files are written through Django's storage API inside the service's transaction (the row needs
the storage name); Django has no hook for a rollback, so a periodic sweep removes every stored
file under ``evidence/`` and ``findings/`` that no committed row names, once it is older than
``ORPHAN_FILE_GRACE_MINUTES`` (default 60, longer than any transaction, so a file whose row is
about to commit is never touched). Beat runs it hourly (``hazards.delete_orphan_files``); by hand:
``manage.py delete_orphan_files``. It walks the current and previous month's folders only
(the upload paths are ``<prefix>/YYYY/MM/``), so its cost does not grow with the archive; works
on the file system and on S3-compatible storage alike.
"""
import datetime
import logging

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone

from .models import EvidenceFile, FindingPhoto

logger = logging.getLogger(__name__)
PREFIXES = {"evidence": (EvidenceFile, "file"), "findings": (FindingPhoto, "image")}
BATCH = 500


def _months(now: datetime.datetime, count: int) -> list[str]:
    day = timezone.localtime(now).date().replace(day=1)
    months = []
    for _ in range(count):
        months.append(f"{day:%Y/%m}")
        day = (day - datetime.timedelta(days=1)).replace(day=1)
    return months


def _walk(storage, folder: str):
    try:
        dirs, files = storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in files:
        yield f"{folder}/{name}"
    for sub in dirs:
        yield from _walk(storage, f"{folder}/{sub}")


def orphan_files_delete(*, now: datetime.datetime | None = None,
                        grace: datetime.timedelta | None = None, months: int = 2,
                        storage=None) -> list[str]:
    """Delete stored evidence files and finding photos that no row refers to.

    Inputs: ``now`` (default now), ``grace`` (default ``ORPHAN_FILE_GRACE_MINUTES``), how many
    recent months to walk, the storage (default: the default storage).
    Output: the storage names deleted.
    """
    now = now or timezone.now()
    grace = grace if grace is not None else datetime.timedelta(
        minutes=getattr(settings, "ORPHAN_FILE_GRACE_MINUTES", 60))
    storage = storage or default_storage
    deleted = []
    for prefix, (model, field) in PREFIXES.items():
        for month in _months(now, months):
            names = list(_walk(storage, f"{prefix}/{month}"))
            for start in range(0, len(names), BATCH):
                batch = names[start:start + BATCH]
                known = set(model.objects.filter(**{f"{field}__in": batch})
                            .values_list(field, flat=True))
                for name in batch:
                    if name in known:
                        continue
                    if now - storage.get_modified_time(name) < grace:
                        continue  # may belong to a transaction still running
                    storage.delete(name)
                    deleted.append(name)
    if deleted:
        logger.info("deleted %d orphan files", len(deleted))
    return deleted
