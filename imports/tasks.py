"""Celery adapter for imports: with a broker the confirmed run happens in a worker (the page
polls its progress); without one (the default) it runs in-process, eagerly. Queued by
``imports.dispatch`` (this module imports the services; the services never import it)."""
import logging

from celery import shared_task

from core.errors import DomainError

from . import services
from .models import ImportJob, JobStatus

logger = logging.getLogger(__name__)


@shared_task(name="imports.run_import")
def run_import(*, job_id: int) -> None:
    """Run the confirmed import ``job_id``. The outcome (counts, report) is on the job."""
    job = ImportJob.objects.select_related("preset", "created_by").filter(pk=job_id).first()
    if job is None or job.status not in (JobStatus.QUEUED,):
        logger.info("import job %s gone or not queued; nothing to do", job_id)
        return
    try:
        services.job_run(job=job)
    except DomainError as exc:  # ImportRejected included: the job records what happened
        logger.info("import job %s not written: %s", job_id, exc.message)
        services.job_mark_failed(job_id=job_id, message=exc.message)
