"""Reminders sent about hazards, and the in-app inbox."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import ReminderRung


class Reminder(models.Model):
    """One reminder about one hazard for one rung and period (``period`` is a CST date: the
    day, or the first day of the week, it covers).

    The unique constraint is what makes the sweep idempotent: a second run, a retry or a second
    worker cannot create another row for the same hazard, rung and period, and only the run
    that created the row sends it.
    """

    hazard = models.ForeignKey("hazards.Hazard", on_delete=models.PROTECT,
                               related_name="reminders")
    rung = models.CharField(_("提醒类型"), max_length=30, choices=ReminderRung.choices)
    period = models.DateField(_("周期"))
    recipients = models.JSONField(_("收件人"), default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)

    class Meta:
        ordering = ["-period", "hazard"]
        verbose_name = _("整改提醒")
        verbose_name_plural = _("整改提醒")
        constraints = [
            models.UniqueConstraint(fields=["hazard", "rung", "period"],
                                    name="reminder_once_per_hazard_rung_period"),
        ]


class Notification(models.Model):
    """An in-app inbox message for one user."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="notifications")
    subject = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    hazard = models.ForeignKey("hazards.Hazard", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    reminder = models.ForeignKey(Reminder, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="notifications")
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("站内通知")
        verbose_name_plural = _("站内通知")
        indexes = [
            # the unread badge in the header on every page
            models.Index(fields=["recipient", "created_at"], name="notification_unread",
                         condition=models.Q(read_at__isnull=True)),
        ]
