"""The rectification loop's records beside the hazard: evidence, extensions, the major-hazard
plan (五落实) and listed supervision (挂牌督办)."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.text import limit  # the one table of length limits (TEXT_LIMITS)

from ..enums import ExtensionStatus
from .hazard import Hazard


class RectificationEvidence(models.Model):
    """整改材料: what the enterprise (or an official on its behalf) submits as proof of the fix."""

    hazard = models.ForeignKey(Hazard, on_delete=models.PROTECT, related_name="evidence")
    description = models.TextField(_("整改情况说明"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("提交人"))
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["submitted_at", "id"]
        verbose_name = _("整改材料")
        verbose_name_plural = _("整改材料")

    def __str__(self):
        return f"{self.hazard_id} {self.submitted_at:%Y-%m-%d}"


class DeadlineExtension(models.Model):
    """延期: the enterprise asks for a later deadline; a district official decides.

    Old and requested dates are kept; approval moves the hazard's deadline through the
    transition service (action ``deadline_extended``). At most one request is pending per
    hazard (constraint). A request decides only ``old_deadline``: when rectification ends or
    that deadline changes, a pending request lapses (``lapsed``, ``decided_at`` set, no
    ``decided_by``: the system closed it; ``decision_note`` says why). The decision has no
    version of its own: it acts on its hazard's ``version`` (``services.extensions``).
    """

    hazard = models.ForeignKey(Hazard, on_delete=models.PROTECT, related_name="extensions",
                               verbose_name=_("隐患"))
    status = models.CharField(_("状态"), max_length=10, choices=ExtensionStatus.choices,
                              default=ExtensionStatus.REQUESTED)
    old_deadline = models.DateField(_("原整改期限"))
    requested_deadline = models.DateField(_("申请延期至"))
    reason = models.TextField(_("延期理由"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("申请人"))
    requested_at = models.DateTimeField(_("申请时间"), default=timezone.now)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("审批人"))
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_note = models.TextField(_("审批说明"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["requested_at", "id"]
        verbose_name = _("延期申请")
        verbose_name_plural = _("延期申请")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ExtensionStatus.values),
                                   name="extension_status_valid"),
            models.CheckConstraint(condition=Q(requested_deadline__gt=models.F("old_deadline")),
                                   name="extension_later_than_old"),
            models.UniqueConstraint(fields=["hazard"],
                                    condition=Q(status=ExtensionStatus.REQUESTED),
                                    name="extension_one_pending_per_hazard"),
            models.CheckConstraint(
                condition=Q(status=ExtensionStatus.REQUESTED, decided_at__isnull=True)
                | (~Q(status=ExtensionStatus.REQUESTED) & Q(decided_at__isnull=False)),
                name="extension_decided_iff_not_pending"),
            # a person decides (approved / refused); a lapse is the system's, with nobody named
            models.CheckConstraint(
                condition=Q(status__in=[ExtensionStatus.APPROVED, ExtensionStatus.REFUSED],
                            decided_by__isnull=False)
                | (~Q(status__in=[ExtensionStatus.APPROVED, ExtensionStatus.REFUSED])
                   & Q(decided_by__isnull=True)),
                name="extension_decider_iff_decided"),
        ]

    def __str__(self):
        return f"{self.hazard_id}: {self.old_deadline} → {self.requested_deadline}"

    @property
    def is_pending(self) -> bool:
        return self.status == ExtensionStatus.REQUESTED


class RectificationPlan(models.Model):
    """重大隐患整改方案 (五落实): responsibility, measures, funds (yuan), time limit, contingency
    plan. Required before rectification of a major hazard starts. ``version`` starts at 1 and
    increases with every revision (``services.major.hazard_submit_plan``); an edit based on an
    older version is refused (409)."""

    hazard = models.OneToOneField(Hazard, on_delete=models.PROTECT, related_name="plan",
                                  verbose_name=_("隐患"))
    responsibility = models.CharField(_("责任落实"), max_length=limit("plan.responsibility"))
    measures = models.TextField(_("措施落实"))
    funds = models.DecimalField(_("资金落实（元）"), max_digits=14, decimal_places=2)
    time_limit = models.DateField(_("时限落实"))
    contingency_plan = models.TextField(_("预案落实"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("提交人"))
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("重大隐患整改方案")
        verbose_name_plural = _("重大隐患整改方案")
        constraints = [
            models.CheckConstraint(condition=Q(funds__gte=0), name="plan_funds_not_negative"),
        ]

    def __str__(self):
        return f"{self.hazard_id}: {self.responsibility}"


class Supervision(models.Model):
    """挂牌督办: listed supervision of a major hazard by a named authority with a supervision
    letter (督办函). Lifted only after the hazard is closed; one active listing per hazard.
    ``version`` increases when the listing is edited (lifted: ``services.major.supervision_lift``);
    an edit based on an older version is refused (409)."""

    hazard = models.ForeignKey(Hazard, on_delete=models.PROTECT, related_name="supervisions",
                               verbose_name=_("隐患"))
    authority = models.CharField(_("督办单位"), max_length=limit("supervision.authority"))
    letter_number = models.CharField(_("督办函号"), max_length=limit("supervision.letter_number"))
    started_on = models.DateField(_("督办开始日期"))
    lifted_on = models.DateField(_("解除日期"), null=True, blank=True)
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("挂牌人"))
    lifted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("解除人"))
    note = models.TextField(_("说明"), blank=True)
    lift_note = models.TextField(_("解除说明"), blank=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["started_on", "id"]
        verbose_name = _("挂牌督办")
        verbose_name_plural = _("挂牌督办")
        constraints = [
            models.UniqueConstraint(fields=["hazard"], condition=Q(lifted_on__isnull=True),
                                    name="supervision_one_active_per_hazard"),
            models.CheckConstraint(condition=Q(lifted_on__isnull=True)
                                   | Q(lifted_on__gte=models.F("started_on")),
                                   name="supervision_lifted_after_start"),
        ]
        indexes = [
            # serves the reminders' "overdue major hazards under supervision" lookup
            models.Index(fields=["hazard"], condition=Q(lifted_on__isnull=True),
                         name="supervision_active"),
        ]

    def __str__(self):
        return f"{self.letter_number} {self.authority}"

    @property
    def is_active(self) -> bool:
        return self.lifted_on is None
