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
        indexes = [
            # the catch-up dispatcher's work list (notifications.tasks.dispatch_unsent_reminders)
            models.Index(fields=["created_at"], name="reminder_unsent",
                         condition=Q(sent_at__isnull=True)),
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


class MailStatus(models.TextChoices):
    """Where one outgoing e-mail stands (``notifications.outbox`` states the rules)."""

    PENDING = "pending", _("待发送")
    SENDING = "sending", _("发送中")
    SENT = "sent", _("已发送")
    UNKNOWN = "unknown", _("结果不明（待人工处理）")
    FAILED = "failed", _("发送失败（待人工处理）")


class OutboxMail(models.Model):
    """邮件发件箱: one e-mail to one address, committed before it is sent (transactional outbox).

    The row is written in the same transaction as the reminder's claim and inbox rows; a sender
    claims it ``pending → sending`` (committed), talks to the mail server, then marks it
    ``sent``. A row left in ``sending`` by a crash, or whose send ended ambiguously, becomes
    ``unknown`` and is never re-sent automatically: a person resends it or marks it delivered
    (``notifications.outbox``). ``message_id`` is the Message-ID header of every attempt, so a
    copy that did arrive can be matched in the mail server's log.
    """

    reminder = models.ForeignKey(Reminder, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="mails")
    to = models.EmailField(_("收件人"))
    subject = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"))
    message_id = models.CharField(_("Message-ID"), max_length=200, unique=True)
    status = models.CharField(_("状态"), max_length=10, choices=MailStatus.choices,
                              default=MailStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    next_attempt_at = models.DateTimeField(_("下次尝试"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("开始发送"), null=True, blank=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    last_error = models.TextField(_("错误"), blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("处理人"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("待发邮件")
        verbose_name_plural = _("待发邮件")
        constraints = [
            models.UniqueConstraint(fields=["reminder", "to"], name="outbox_once_per_reminder_to"),
            models.CheckConstraint(condition=Q(status__in=MailStatus.values),
                                   name="outbox_status_valid"),
        ]
        indexes = [
            # the sender's and the recovery sweep's work list: rows not yet settled
            models.Index(fields=["status", "next_attempt_at"], name="outbox_unsettled",
                         condition=Q(status__in=["pending", "sending"])),
            # the page listing what needs a person
            models.Index(fields=["status", "-created_at"], name="outbox_attention",
                         condition=Q(status__in=["unknown", "failed"])),
        ]

    def __str__(self):
        return f"{self.to}: {self.subject}"
