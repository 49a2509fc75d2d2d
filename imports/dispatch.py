"""Queueing an import run: the one place that joins the services (which claim the job) to the
Celery task (which runs it). ``imports.tasks`` imports the services, never the other way, so
there is no cycle; views and commands that queue call this module."""
from django.db import transaction

from core.tasks import enqueue

from . import services
from .models import ImportJob
from .tasks import run_import


def job_confirm(*, job: ImportJob, actor, mode: str) -> ImportJob:
    """The user confirms a validated job: claim it (``services.job_claim``: mode recorded,
    state ``queued``) and queue ``imports.run_import`` after commit (a Celery worker with a
    broker; in-process without one). Output: the job as it is after the commit (finished when
    the run was in-process, ``queued`` or ``running`` otherwise). Errors: as ``job_claim``
    (PermissionDenied, ValidationFailed, TransitionNotAllowed)."""
    with transaction.atomic():
        job = services.job_claim(job=job, actor=actor, mode=mode)
        # a broker outage does not fail the confirmation: the job stays queued and the
        # reaper (imports.reaper) publishes it again
        transaction.on_commit(lambda: enqueue(run_import, job_id=job.pk))
    # without a broker the run has happened by now (on commit, in-process): show its outcome
    job.refresh_from_db()
    return job
