"""The answer-deadline rung of the reminder ladder for reports, built like
``notifications.services``: one row per (report, rung, period) under a unique constraint,
inserted with ON CONFLICT DO NOTHING by a keyset-batched sweep, and sent by whoever flips
``sent_at`` (compare-and-set) in the transaction that writes the inbox messages.

Rung ``answer_overdue`` (period = the answer deadline): an open report (received or accepted)
whose answer deadline (``answer_due``, CST) has passed → the district officials of its
district. Once per deadline; a report answered before the send is skipped.
"""
import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.models import Notification
from notifications.selectors import district_office

from .enums import OPEN_REPORT_STATUSES, ReportReminderRung
from .models import PublicReport, ReportReminder

logger = logging.getLogger(__name__)


def reports_answer_overdue(*, on: datetime.date):
    """Open reports whose answer deadline is before ``on`` (index ``report_open_due``)."""
    return PublicReport.objects.filter(status__in=sorted(OPEN_REPORT_STATUSES),
                                       answer_due__lt=on)


def report_reminder_sweep(*, on: datetime.date | None = None, dispatch=None) -> int:
    """Record the ``answer_overdue`` reminders due on CST day ``on`` and dispatch the unsent
    ones after each batch commits (default: ``report_reminder_send`` in-process). Output:
    rows created. Idempotent (unique constraint + compare-and-set)."""
    on = on or timezone.localdate()
    dispatch = dispatch or (lambda pk: report_reminder_send(reminder_id=pk))
    created, last_pk = 0, 0
    batch_size = settings.REMINDER_BATCH_SIZE
    while True:
        rows = list(reports_answer_overdue(on=on).filter(pk__gt=last_pk).order_by("pk")
                    .values_list("pk", "answer_due")[:batch_size])
        if not rows:
            return created
        last_pk = rows[-1][0]
        with transaction.atomic():
            before = ReportReminder.objects.filter(report_id__in=[r[0] for r in rows]).count()
            ReportReminder.objects.bulk_create(
                [ReportReminder(report_id=pk, rung=ReportReminderRung.ANSWER_OVERDUE,
                                period=due) for pk, due in rows], ignore_conflicts=True)
            created += ReportReminder.objects.filter(
                report_id__in=[r[0] for r in rows]).count() - before
            for pk in (ReportReminder.objects.filter(report_id__in=[r[0] for r in rows],
                                                     sent_at__isnull=True)
                       .values_list("pk", flat=True)):
                transaction.on_commit(lambda pk=pk: dispatch(pk))


def report_reminder_send(*, reminder_id: int) -> bool:
    """Send one reminder exactly once to the district office's inboxes (and mail). Output:
    True when this call sent it; False when already sent or no longer applying (answered)."""
    with transaction.atomic():
        claimed = (ReportReminder.objects.filter(pk=reminder_id, sent_at__isnull=True)
                   .update(sent_at=timezone.now()))
        if claimed != 1:
            return False
        reminder = ReportReminder.objects.select_related("report").get(pk=reminder_id)
        report = reminder.report
        if report.status not in OPEN_REPORT_STATUSES or report.answer_due != reminder.period:
            ReportReminder.objects.filter(pk=reminder_id).update(skipped=True)
            return False
        path = reverse("public_reports:detail", args=[report.pk])
        subject = _("【举报逾期】举报 #%(id)s 已超过答复期限 %(due)s") % {
            "id": report.pk, "due": report.answer_due.isoformat()}
        body = _("举报 #%(id)s 应于 %(due)s 前答复，目前尚未办结。\n查看举报：%(url)s") % {
            "id": report.pk, "due": report.answer_due.isoformat(),
            "url": settings.SITE_URL.rstrip("/") + path}
        Notification.objects.bulk_create([
            Notification(recipient_id=r.user_id, subject=subject[:200], body=body)
            for r in district_office(report.district_id) if r.user_id])
    logger.info("report reminder %s sent", reminder_id)
    return True
