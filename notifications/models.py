"""Reminders sent about hazards, and the in-app inbox."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .enums import ReminderRung


class Reminder(models.Model):
    """One message of the escalation ladder for one rung and period (``period`` is a CST date
    whose meaning depends on the rung, see ``ReminderRung``).

    A hazard rung has ``hazard`` (and its ``district``); the weekly digest has only
    ``district``. The unique constraints are what make the sweep idempotent: a second run, a
    retry or a second worker cannot create another row for the same key, and a row is sent
    only by whoever flips ``sent_at`` from NULL (compare-and-set, CONVENTIONS.md §7).
    ``skipped`` marks a row claimed after its hazard stopped needing it (closed, extended).
    """

    hazard = models.ForeignKey("hazards.Hazard", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="reminders")
    district = models.ForeignKey("enterprises.District", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("区县"))
    rung = models.CharField(_("提醒类型"), max_length=30, choices=ReminderRung.choices)
    period = models.DateField(_("周期"))
    recipients = models.JSONField(_("收件人"), default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    skipped = models.BooleanField(_("已跳过"), default=False)

    class Meta:
        ordering = ["-period", "hazard"]
        verbose_name = _("整改提醒")
        verbose_name_plural = _("整改提醒")
        constraints = [
            models.UniqueConstraint(fields=["hazard", "rung", "period"],
                                    name="reminder_once_per_hazard_rung_period"),
            # the digest has no hazard (NULLs never collide), so it needs its own key
            models.UniqueConstraint(fields=["district", "rung", "period"],
                                    condition=Q(hazard__isnull=True),
                                    name="reminder_once_per_district_rung_period"),
            models.CheckConstraint(condition=Q(rung__in=ReminderRung.values),
                                   name="reminder_rung_valid"),
            models.CheckConstraint(
                condition=(Q(rung=ReminderRung.WEEKLY_DIGEST, hazard__isnull=True,
                             district__isnull=False)
                           | (~Q(rung=ReminderRung.WEEKLY_DIGEST) & Q(hazard__isnull=False))),
                name="reminder_digest_has_district_others_hazard"),
        ]

    def __str__(self):
        return f"{self.get_rung_display()} {self.period} #{self.hazard_id or self.district_id}"


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
            # the inbox page: one user's messages, newest first
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_inbox"),
        ]

    def __str__(self):
        return self.subject

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
