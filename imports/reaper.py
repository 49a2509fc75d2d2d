"""No import job stays stuck (brief §8).

- ``queued`` for more than ``IMPORT_REQUEUE_AFTER_MINUTES`` (the publish was lost: the broker
  was down at confirmation, or the message was dropped): published again. Publishing twice is
  harmless: ``imports.tasks.run_import`` claims ``queued → running`` by compare-and-set.
- ``running`` for longer than the task's hard time limit (``IMPORT_TIME_LIMIT``) plus that
  margin: the worker died or was killed; the job is marked ``failed`` with a sentence saying so.
  In "valid rows only" mode batches already written stay; importing the file again is safe
  (re-imports are idempotent by source key).
"""
import datetime
import logging
from collections.abc import Callable

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ImportJob, JobStatus

logger = logging.getLogger(__name__)


def jobs_reap(*, publish: Callable[[int], bool], now: datetime.datetime | None = None) -> dict:
    """Inputs: ``publish(job_id) -> bool`` (publishes ``imports.run_import``); ``now``.
    Output: ``{"republished": n, "failed": n}``."""
    now = now or timezone.now()
    margin = datetime.timedelta(minutes=settings.IMPORT_REQUEUE_AFTER_MINUTES)
    waiting = ImportJob.objects.filter(status=JobStatus.QUEUED, queued_at__lt=now - margin)
    republished = sum(1 for job_id in waiting.values_list("pk", flat=True)[:500]
                      if publish(job_id))
    dead_before = now - datetime.timedelta(seconds=settings.IMPORT_TIME_LIMIT) - margin
    failed = ImportJob.objects.filter(status=JobStatus.RUNNING,
                                      started_at__lt=dead_before).update(
        status=JobStatus.FAILED, finished_at=now,
        message=_("导入中断：处理该任务的后台进程已停止。“只写入有效行”方式下已写入的批次保留；"
                  "请查看结果后重新导入（重复导入不会重复写入）。"))
    if republished or failed:
        logger.warning("import reaper: %d republished, %d marked failed", republished, failed)
    return {"republished": republished, "failed": failed}
