"""Public reports (举报), their history, photos, reward tiers and rewards, and reminders.

A named reporter's name and phone are stored only encrypted (``public_reports.pii``); the
model never holds them in plain text. The query code is stored only as its SHA-256 digest:
the reporter is shown the code once and nobody can read it back from the database.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError

from .enums import (
    OPEN_REPORT_STATUSES,
    ReportAction,
    ReportOutcome,
    ReportReminderRung,
    ReportStatus,
    RewardBasis,
    RewardStatus,
)


class PublicReport(models.Model):
    """举报: what a member of the public saw, where, at which enterprise if known.

    ``district`` is the place's district (the office that handles it; city staff may re-route).
    ``answer_due`` is the CST date by which the report must be answered.
    ``matter_fingerprint`` (SHA-256 of the normalised enterprise/place and description) finds
    an identical open report, which the new one is linked to (``duplicate_of``).
    ``version`` increases with every change (stale edits are 409).
    """

    query_code_hash = models.CharField(_("查询码摘要"), max_length=64, unique=True)
    district = models.ForeignKey("enterprises.District", on_delete=models.PROTECT,
                                 related_name="public_reports", verbose_name=_("区县"))
    township = models.ForeignKey("enterprises.Township", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="public_reports",
                                 verbose_name=_("镇街"))
    address = models.CharField(_("详细地址"), max_length=300)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True,
                                   blank=True)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True,
                                    blank=True)
    enterprise = models.ForeignKey("enterprises.Enterprise", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="public_reports",
                                   verbose_name=_("被举报企业"))
    enterprise_name = models.CharField(_("企业名称（举报人填写）"), max_length=200, blank=True)
    sector = models.ForeignKey("enterprises.Sector", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="public_reports",
                               verbose_name=_("行业领域"))
    description = models.TextField(_("举报内容"))
    anonymous = models.BooleanField(_("匿名举报"), default=True)
    reporter_name_encrypted = models.TextField(_("举报人姓名（加密）"), blank=True)
    reporter_phone_encrypted = models.TextField(_("举报人电话（加密）"), blank=True)
    reporter_key_id = models.CharField(_("加密密钥标识"), max_length=20, blank=True)
    reporter_phone_lookup = models.CharField(_("电话查找摘要"), max_length=64, blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=ReportStatus.choices,
                              default=ReportStatus.RECEIVED)
    outcome = models.CharField(_("核查结论"), max_length=20, choices=ReportOutcome.choices,
                               blank=True)
    public_answer = models.TextField(_("答复内容"), blank=True)
    referred_to = models.CharField(_("移交部门"), max_length=100, blank=True)
    referral_reason = models.TextField(_("移交理由"), blank=True)
    duplicate_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="duplicates", verbose_name=_("重复于"))
    matter_fingerprint = models.CharField(max_length=64, db_index=False)
    verification_inspection = models.OneToOneField(
        "inspections.Inspection", null=True, blank=True, on_delete=models.PROTECT,
        related_name="public_report", verbose_name=_("举报核查检查"))
    answer_due = models.DateField(_("答复期限"))
    received_at = models.DateTimeField(_("收到时间"), default=timezone.now)
    answered_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("举报")
        verbose_name_plural = _("举报")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ReportStatus.values),
                                   name="report_status_valid"),
            models.CheckConstraint(condition=Q(outcome__in=[*ReportOutcome.values, ""]),
                                   name="report_outcome_valid"),
            models.CheckConstraint(
                condition=Q(anonymous=True, reporter_name_encrypted="",
                            reporter_phone_encrypted="")
                | Q(anonymous=False) & ~Q(reporter_phone_encrypted=""),
                name="report_named_has_phone_anonymous_has_none"),
            models.CheckConstraint(
                condition=~Q(status=ReportStatus.DUPLICATE) | Q(duplicate_of__isnull=False),
                name="report_duplicate_has_original"),
            models.CheckConstraint(
                condition=~Q(status=ReportStatus.ANSWERED) | ~Q(outcome=""),
                name="report_answered_has_outcome"),
        ]
        indexes = [
            # the district's report list, newest first
            models.Index(fields=["district", "status", "-received_at", "-id"],
                         name="report_district_list"),
            # duplicate detection among open reports
            models.Index(fields=["matter_fingerprint"], name="report_open_matter",
                         condition=Q(status__in=sorted(OPEN_REPORT_STATUSES))),
            # the answer-deadline reminder sweep
            models.Index(fields=["answer_due", "id"], name="report_open_due",
                         condition=Q(status__in=sorted(OPEN_REPORT_STATUSES))),
            # statistics by district and period
            models.Index(fields=["district", "received_at"], name="report_district_received"),
        ]

    def __str__(self):
        return f"#{self.pk} {self.description[:30]}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REPORT_STATUSES


class ReportPhoto(models.Model):
    """A photo the reporter attached (re-encoded JPEG; served only to the report's handlers)."""

    report = models.ForeignKey(PublicReport, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to="public_reports/%Y/%m/")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("举报照片")
        verbose_name_plural = _("举报照片")

    def __str__(self):
        return f"{self.report_id}: {self.file.name}"


class ReportEvent(models.Model):
    """One row of a report's history (append-only): who, when, what, from which state."""

    report = models.ForeignKey(PublicReport, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(_("操作"), max_length=30, choices=ReportAction.choices)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("举报处理记录")
        verbose_name_plural = _("举报处理记录")
        indexes = [models.Index(fields=["report", "at"], name="report_event_report_at")]

    def __str__(self):
        return f"{self.report_id} {self.action} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise DomainError("history rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise DomainError("history rows are append-only")


class RewardTier(models.Model):
    """A row of the reward rule table, with the document it comes from.

    ``basis`` says how the amount is computed: ``penalty_percent`` = ``rate`` × the penalty
    (yuan) within [``min_amount``, ``max_amount``]; ``per_person`` = ``amount`` × persons,
    capped at ``max_amount``; ``fixed`` = ``amount``. ``official`` False marks the office's own
    setting (not a published national or municipal rule).
    """

    code = models.SlugField(_("代码"), max_length=60, primary_key=True)
    name = models.CharField(_("名称"), max_length=120)
    basis = models.CharField(_("计算方式"), max_length=20, choices=RewardBasis.choices)
    rate = models.DecimalField(_("比例"), max_digits=5, decimal_places=4, null=True, blank=True)
    amount = models.DecimalField(_("金额（元）"), max_digits=12, decimal_places=2, null=True,
                                 blank=True)
    min_amount = models.DecimalField(_("最低（元）"), max_digits=12, decimal_places=2,
                                     null=True, blank=True)
    max_amount = models.DecimalField(_("最高（元）"), max_digits=12, decimal_places=2,
                                     null=True, blank=True)
    source_title = models.CharField(_("依据文件"), max_length=200, blank=True)
    source_number = models.CharField(_("文号"), max_length=60, blank=True)
    source_article = models.CharField(_("条款"), max_length=60, blank=True)
    official = models.BooleanField(_("公布的规定"), default=False)
    note = models.TextField(_("说明"), blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("举报奖励标准")
        verbose_name_plural = _("举报奖励标准")
        constraints = [
            models.CheckConstraint(condition=Q(basis__in=RewardBasis.values),
                                   name="reward_tier_basis_valid"),
        ]

    def __str__(self):
        return self.name


class Reward(models.Model):
    """举报奖励 for one substantiated report by a named reporter: proposed with its tier and
    amount (yuan), approved by a second person, then paid. ``district`` copies the report's
    for totals per district and period."""

    report = models.OneToOneField(PublicReport, on_delete=models.PROTECT, related_name="reward",
                                  verbose_name=_("举报"))
    district = models.ForeignKey("enterprises.District", on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("区县"))
    tier = models.ForeignKey(RewardTier, on_delete=models.PROTECT, related_name="rewards",
                             verbose_name=_("奖励标准"))
    penalty_amount = models.DecimalField(_("行政处罚金额（元）"), max_digits=14,
                                         decimal_places=2, null=True, blank=True)
    persons = models.PositiveIntegerField(_("查实人数"), null=True, blank=True)
    amount = models.DecimalField(_("奖励金额（元）"), max_digits=12, decimal_places=2)
    status = models.CharField(_("状态"), max_length=20, choices=RewardStatus.choices,
                              default=RewardStatus.PROPOSED)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("拟定人"))
    proposed_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("审批人"))
    decided_at = models.DateTimeField(null=True, blank=True)
    paid_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("发放经办人"))
    paid_on = models.DateField(_("发放日期"), null=True, blank=True)
    payment_reference = models.CharField(_("支付凭证号"), max_length=60, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-proposed_at", "-id"]
        verbose_name = _("举报奖励")
        verbose_name_plural = _("举报奖励")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=RewardStatus.values),
                                   name="reward_status_valid"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="reward_amount_not_negative"),
            # the four-eyes rule: whoever proposed does not approve
            models.CheckConstraint(condition=Q(decided_by__isnull=True)
                                   | ~Q(decided_by=models.F("proposed_by")),
                                   name="reward_decided_by_second_person"),
            models.CheckConstraint(condition=~Q(status=RewardStatus.PAID)
                                   | Q(paid_on__isnull=False, decided_by__isnull=False),
                                   name="reward_paid_was_approved"),
        ]
        indexes = [
            # reward totals per district and period (statistics)
            models.Index(fields=["district", "status", "paid_on"], name="reward_district_paid"),
        ]

    def __str__(self):
        return f"{self.report} {self.amount}"


class ReportReminder(models.Model):
    """One reminder for one report, rung and period (unique: the sweep is idempotent; sending
    is claimed by compare-and-set on ``sent_at``, as in ``notifications``)."""

    report = models.ForeignKey(PublicReport, on_delete=models.PROTECT, related_name="reminders")
    rung = models.CharField(max_length=30, choices=ReportReminderRung.choices)
    period = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    skipped = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("举报提醒")
        verbose_name_plural = _("举报提醒")
        constraints = [
            models.UniqueConstraint(fields=["report", "rung", "period"],
                                    name="report_reminder_once"),
            models.CheckConstraint(condition=Q(rung__in=ReportReminderRung.values),
                                   name="report_reminder_rung_valid"),
        ]

    def __str__(self):
        return f"{self.rung} {self.period} #{self.report_id}"
