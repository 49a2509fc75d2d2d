"""Celery adapters for imports: with a broker the confirmed run happens in a worker (the page
polls its progress); without one (the default) it runs in-process, eagerly. ``reap_jobs``
(beat, every 5 minutes) keeps no job stuck in ``queued`` or ``running`` (``imports.reaper``)."""
import logging

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from core.errors import DomainError

from . import reaper, services
from .models import ImportJob, JobStatus

logger = logging.getLogger(__name__)


@shared_task(name="imports.run_import", time_limit=settings.IMPORT_TIME_LIMIT,
             soft_time_limit=max(1, settings.IMPORT_TIME_LIMIT - 60))
def run_import(*, job_id: int) -> None:
    """Run the confirmed import ``job_id``. The outcome (counts, report) is on the job. Only
    the delivery that moves the job ``queued → running`` (compare-and-set) runs it, so a
    message published twice (the reaper, a redelivery) runs it once."""
    claimed = ImportJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now())
    if claimed != 1:
        logger.info("import job %s gone or not queued; nothing to do", job_id)
        return
    job = ImportJob.objects.select_related("preset", "created_by").get(pk=job_id)
    try:
        services.job_run(job=job)
    except DomainError as exc:  # ImportRejected included: the job records what happened
        logger.info("import job %s not written: %s", job_id, exc.message)
        services.job_mark_failed(job_id=job_id, message=exc.message)


@shared_task(name="imports.reap_jobs")
def reap_jobs() -> dict:
    """Every 5 minutes (beat): publish lost jobs again, fail dead ones."""
    return reaper.jobs_reap(publish=lambda job_id: _publish(job_id))


def _publish(job_id: int) -> bool:
    from core.tasks import enqueue

    return enqueue(run_import, job_id=job_id)
