"""The overdue-task rung of the reminder ladder, built like ``notifications.services``: one
row per (task, rung, period) under a unique constraint, a keyset-batched sweep inserting with
ON CONFLICT DO NOTHING, and a compare-and-set on ``sent_at`` around the inbox messages.

Rung ``task_overdue`` (period = the due date): an open task whose due date (CST) has passed
→ its assignees and the district officials of its district. Once per due date.
"""
import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.models import Notification
from notifications.selectors import district_office

from .enums import TaskReminderRung, TaskStatus
from .models import TaskReminder
from .selectors import tasks_overdue


def task_reminder_sweep(*, on: datetime.date | None = None, dispatch=None) -> int:
    """Record the ``task_overdue`` reminders due on CST day ``on`` and dispatch the unsent
    ones after each batch commits. Output: rows created. Idempotent."""
    on = on or timezone.localdate()
    dispatch = dispatch or (lambda pk: task_reminder_send(reminder_id=pk))
    created, last_pk = 0, 0
    while True:
        rows = list(tasks_overdue(on=on).filter(pk__gt=last_pk).order_by("pk")
                    .values_list("pk", "due_on")[:settings.REMINDER_BATCH_SIZE])
        if not rows:
            return created
        last_pk = rows[-1][0]
        ids = [pk for pk, _due in rows]
        with transaction.atomic():
            before = TaskReminder.objects.filter(task_id__in=ids).count()
            TaskReminder.objects.bulk_create(
                [TaskReminder(task_id=pk, rung=TaskReminderRung.TASK_OVERDUE, period=due)
                 for pk, due in rows], ignore_conflicts=True)
            created += TaskReminder.objects.filter(task_id__in=ids).count() - before
            for pk in (TaskReminder.objects.filter(task_id__in=ids, sent_at__isnull=True)
                       .values_list("pk", flat=True)):
                transaction.on_commit(lambda pk=pk: dispatch(pk))


def task_reminder_send(*, reminder_id: int) -> bool:
    """Send one overdue-task reminder exactly once (inbox). False when already sent or the
    task was completed (or re-dated) meanwhile."""
    with transaction.atomic():
        claimed = (TaskReminder.objects.filter(pk=reminder_id, sent_at__isnull=True)
                   .update(sent_at=timezone.now()))
        if claimed != 1:
            return False
        reminder = TaskReminder.objects.select_related("task", "task__enterprise").get(
            pk=reminder_id)
        task = reminder.task
        if task.status != TaskStatus.ASSIGNED or task.due_on != reminder.period:
            TaskReminder.objects.filter(pk=reminder_id).update(skipped=True)
            return False
        # the assignees, and the district office (active district officials)
        user_ids = {r.user_id for r in district_office(task.district_id) if r.user_id}
        user_ids |= set(task.assignees.filter(is_active=True).values_list("pk", flat=True))
        subject = _("【任务逾期】%(enterprise)s 的检查任务已过期限 %(due)s") % {
            "enterprise": task.enterprise.name, "due": task.due_on.isoformat()}
        body = _("检查任务（%(enterprise)s）应于 %(due)s 前完成，尚未录入检查。\n我的检查任务：%(url)s") % {
            "enterprise": task.enterprise.name, "due": task.due_on.isoformat(),
            "url": settings.SITE_URL.rstrip("/") + reverse("plans:tasks")}
        Notification.objects.bulk_create([Notification(recipient_id=pk, subject=subject[:200],
                                                       body=body) for pk in sorted(user_ids)])
    return True
