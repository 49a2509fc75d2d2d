"""Hazards (隐患) and their append-only history (the audit of the hazard aggregate).

Only ``hazards.services`` changes ``Hazard.status``; see its transition table.
"""
import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.clock import today_cst
from core.models import AppendOnlyModel
from core.text import limit  # the one table of length limits (TEXT_LIMITS)
from inspections.enums import InspectionKind

from ..enums import (
    DEADLINE_RUNNING_STATUSES,
    OPEN_STATUSES,
    AccidentTypeEdition,
    HazardAction,
    HazardCategory,
    HazardGrade,
    HazardStatus,
)


class AccidentType(models.Model):
    """事故类别: a type of GB 6441-2025 (current) or GB 6441-1986 (kept for older records).

    A 1986 type points to the 2025 type it maps to (``maps_to``), from the published
    stock-migration table GB/T 6441-1986 → GB 6441-2025.
    """

    edition = models.CharField(_("标准"), max_length=20, choices=AccidentTypeEdition.choices)
    code = models.CharField(_("代码"), max_length=10)
    full_code = models.CharField(_("完整代码"), max_length=12, blank=True)
    name = models.CharField(_("名称"), max_length=50)
    description = models.TextField(_("说明"), blank=True)
    maps_to = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="mapped_from", verbose_name=_("对应新标准类别"))
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-edition", "sort_order"]
        verbose_name = _("事故类别")
        verbose_name_plural = _("事故类别")
        constraints = [
            models.UniqueConstraint(fields=["edition", "code"], name="accident_type_code_unique"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_current(self) -> bool:
        return self.edition == AccidentTypeEdition.GB6441_2025


class HazardQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, *, on: datetime.date | None = None):
        """Hazards overdue on day ``on`` (CST date, default today).

        Rule (docs/domain.md "Rules and their sources"): a hazard is overdue from 00:00 CST
        the day after its rectification deadline, while it is rectifying or pending
        verification.
        """
        on = on or today_cst()
        return self.filter(status__in=DEADLINE_RUNNING_STATUSES, rectification_deadline__lt=on)

    def not_overdue(self, *, on: datetime.date | None = None):
        on = on or today_cst()
        return self.exclude(pk__in=self.overdue(on=on).values("pk"))


class Hazard(models.Model):
    """隐患: one finding at one enterprise, from one inspection.

    ``district``, ``enterprise`` and ``inspection_kind`` are copied from the inspection so the
    register and the statistics filter on indexed columns of this table. ``registered_at`` is
    when the hazard was found (登记时间): now for a live registration, the ledger's date for an
    imported one, so statistics count it in the period it was found (``created_at`` is only
    when the row was written). ``rectification_deadline`` is a CST calendar date;
    ``rectification_funds`` is in yuan. ``version`` increases on every transition and lets a
    form or API client detect that someone else acted first.
    """

    inspection = models.ForeignKey("inspections.Inspection", on_delete=models.PROTECT,
                                   related_name="hazards", verbose_name=_("检查"))
    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.PROTECT,
                                   related_name="hazards", verbose_name=_("企业"))
    district = models.ForeignKey("enterprises.District", on_delete=models.PROTECT,
                                 related_name="hazards", verbose_name=_("区县"))
    # the source (来源) follows from it: hazards.enums.SOURCE_INSPECTION_KINDS
    inspection_kind = models.CharField(_("检查类型"), max_length=30,
                                       choices=InspectionKind.choices)
    registered_at = models.DateTimeField(_("登记时间"), default=timezone.now)
    grade = models.CharField(_("隐患等级"), max_length=10, choices=HazardGrade.choices,
                             default=HazardGrade.GENERAL)
    category = models.CharField(_("隐患类别"), max_length=30, choices=HazardCategory.choices)
    accident_type = models.ForeignKey(AccidentType, null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="hazards",
                                      verbose_name=_("可能导致的事故类别"))
    criterion = models.ForeignKey("inspections.HazardCriterion", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="hazards",
                                  verbose_name=_("判定依据"))
    # the checklist line that found it (a non-compliant criterion), for checklist findings
    check_result = models.OneToOneField("inspections.InspectionCheckResult", null=True,
                                        blank=True, on_delete=models.PROTECT,
                                        related_name="hazard", verbose_name=_("检查表条目"))
    description = models.TextField(_("隐患描述"))
    location = models.CharField(_("隐患部位"), max_length=limit("hazard.location"), blank=True)
    rectification_measures = models.TextField(_("整改措施"), blank=True)
    responsible_person = models.CharField(_("整改责任人"),
                                          max_length=limit("hazard.responsible_person"), blank=True)
    rectification_funds = models.DecimalField(_("整改资金（元）"), max_digits=14,
                                              decimal_places=2, null=True, blank=True)
    rectification_deadline = models.DateField(_("整改期限"), null=True, blank=True)
    interim_safety_measures = models.TextField(_("临时安全措施"), blank=True)
    status = models.CharField(_("状态"), max_length=30, choices=HazardStatus.choices,
                              default=HazardStatus.REPORTED)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="hazards_reported", verbose_name=_("登记人"))
    # copied from the inspection, so a campaign's hazards filter on this table's own column
    campaign = models.ForeignKey("campaigns.Campaign", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="hazards",
                                 verbose_name=_("专项行动"))
    closed_at = models.DateTimeField(_("销号时间"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = HazardQuerySet.as_manager()
    # field-level audit trail (django-simple-history; the request user comes from its
    # middleware); domain events are the HazardTransition rows
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("隐患")
        verbose_name_plural = _("隐患")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=HazardStatus.values),
                                   name="hazard_status_valid"),
            models.CheckConstraint(condition=Q(grade__in=HazardGrade.values),
                                   name="hazard_grade_valid"),
            models.CheckConstraint(condition=Q(category__in=HazardCategory.values),
                                   name="hazard_category_valid"),
            models.CheckConstraint(condition=Q(inspection_kind__in=InspectionKind.values),
                                   name="hazard_inspection_kind_valid"),
            # a deadline is running in these states, so it must exist
            models.CheckConstraint(
                condition=~Q(status__in=DEADLINE_RUNNING_STATUSES)
                | Q(rectification_deadline__isnull=False),
                name="hazard_running_has_deadline"),
            models.CheckConstraint(
                condition=Q(status=HazardStatus.CLOSED, closed_at__isnull=False)
                | (~Q(status=HazardStatus.CLOSED) & Q(closed_at__isnull=True)),
                name="hazard_closed_at_iff_closed"),
            models.CheckConstraint(condition=Q(rectification_funds__gte=0)
                                   | Q(rectification_funds__isnull=True),
                                   name="hazard_funds_not_negative"),
        ]
        indexes = [
            # the district register: district + status, newest first
            # the register page: district + status, in the list's order (-created_at, -id)
            models.Index(fields=["district", "status", "-created_at", "-id"],
                         name="hazard_register_page"),
            # the register's header counts and its overdue filter within a district: every
            # column they read is in the index, so PostgreSQL can answer from it alone
            models.Index(fields=["district", "status", "rectification_deadline"],
                         name="hazard_district_deadline"),
            # the overdue filter and the reminder sweep: open hazards by deadline
            models.Index(fields=["rectification_deadline", "id"], name="hazard_running_deadline",
                         # sorted: a frozenset's order changes with the hash seed, which
                         # would make makemigrations see a new index on every run
                         condition=Q(status__in=sorted(DEADLINE_RUNNING_STATUSES,
                                                       reverse=True))),
            models.Index(fields=["district", "grade", "status"], name="hazard_district_grade"),
            models.Index(fields=["enterprise", "status"], name="hazard_enterprise_status"),
            # incremental sync (updated_after + cursor)
            models.Index(fields=["updated_at", "id"], name="hazard_updated"),
            # 登记日期 on the register and "found in a period" in the statistics (oversight):
            # within a district, and city-wide; the included columns let PostgreSQL count
            # found/closed/on time from the index alone (bench/README.md)
            models.Index(fields=["district", "registered_at"], name="hazard_district_registered",
                         include=["grade", "inspection_kind", "closed_at",
                                  "rectification_deadline"]),
            models.Index(fields=["registered_at"], name="hazard_registered",
                         include=["district", "grade", "inspection_kind", "closed_at",
                                  "rectification_deadline"]),
            # the dashboards' state now (oversight.measures.current_state): open hazards by
            # district, grade, status and deadline, answered from the index alone
            models.Index(fields=["district", "grade", "status", "rectification_deadline"],
                         name="hazard_open_state",
                         condition=Q(status__in=sorted(OPEN_STATUSES, reverse=True))),
            # 销号日期 on the register and "closed in a period" (oversight)
            models.Index(fields=["closed_at"], name="hazard_closed",
                         condition=Q(closed_at__isnull=False)),
            # the register's source / inspection-kind filter within a district
            models.Index(fields=["district", "inspection_kind"], name="hazard_district_kind"),
        ]

    def __str__(self):
        return f"#{self.pk} {self.description[:30]}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, on: datetime.date | None = None) -> bool:
        """True when the deadline (CST date) is before ``on`` (default today CST) and the
        hazard is rectifying or pending verification. Mirrors ``HazardQuerySet.overdue``."""
        on = on or today_cst()
        return (self.status in DEADLINE_RUNNING_STATUSES
                and self.rectification_deadline is not None
                and self.rectification_deadline < on)

    def days_overdue(self, on: datetime.date | None = None) -> int:
        """Whole CST days past the deadline (0 when not overdue)."""
        on = on or today_cst()
        return (on - self.rectification_deadline).days if self.is_overdue(on) else 0

    @property
    def is_major(self) -> bool:
        return self.grade == HazardGrade.MAJOR


class HazardTransition(AppendOnlyModel):
    """One row of a hazard's history: who did what, when, from which state to which, and why.

    ``data`` holds what changed (old and new deadline, document numbers, the import's source
    row, …) as JSON.
    """

    hazard = models.ForeignKey(Hazard, on_delete=models.PROTECT, related_name="transitions")
    action = models.CharField(_("操作"), max_length=40, choices=HazardAction.choices)
    from_status = models.CharField(_("原状态"), max_length=30, choices=HazardStatus.choices,
                                   blank=True)
    to_status = models.CharField(_("新状态"), max_length=30, choices=HazardStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                              related_name="+", verbose_name=_("操作人"))
    at = models.DateTimeField(_("时间"), default=timezone.now)
    note = models.TextField(_("说明"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("隐患流转记录")
        verbose_name_plural = _("隐患流转记录")
        indexes = [models.Index(fields=["hazard", "at"], name="transition_hazard_at")]

    def __str__(self):
        return f"{self.hazard_id} {self.action} {self.at:%Y-%m-%d %H:%M}"
