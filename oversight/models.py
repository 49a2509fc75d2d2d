"""Oversight records: the hazards' state history as spans (for figures as of a past instant),
follow-up actions after the ranking (警示约谈) and stored periodic reports."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hazards.enums import HazardGrade, HazardStatus
from inspections.enums import InspectionKind

from .enums import FollowUpKind, ReportKind


class StateSpan(models.Model):
    """One stretch of an open hazard's life during which its status, deadline in force and
    listed supervision did not change: ``[valid_from, valid_to)``, ``valid_to`` null while it
    lasts. Built from the append-only ``HazardTransition`` history by
    ``oversight.spans`` (the state at T is the last transition at or before T); a closed
    hazard's last span ends at its closure. Never written by anything else.

    ``district``, ``grade`` and ``inspection_kind`` are copied from the hazard so the city-wide
    figures at a past instant read this table alone.
    """

    hazard = models.ForeignKey("hazards.Hazard", on_delete=models.CASCADE,
                               related_name="state_spans")
    district = models.ForeignKey("enterprises.District", on_delete=models.PROTECT,
                                 related_name="+")
    grade = models.CharField(max_length=10, choices=HazardGrade.choices)
    inspection_kind = models.CharField(max_length=30, choices=InspectionKind.choices)
    status = models.CharField(max_length=30, choices=HazardStatus.choices)
    # the rectification deadline in force (CST date); null while only reported
    deadline = models.DateField(null=True)
    supervised = models.BooleanField(default=False)
    valid_from = models.DateTimeField()
    valid_to = models.DateTimeField(null=True)

    class Meta:
        verbose_name = _("隐患状态区间")
        verbose_name_plural = _("隐患状态区间")
        indexes = [
            # rebuilding one hazard's spans
            models.Index(fields=["hazard", "valid_from"], name="span_hazard"),
            # "state at T" (oversight.measures.stock_at_end), in two halves answered from
            # the index alone: spans still open that began before T, and ended spans that
            # ran across T
            models.Index(fields=["valid_from"], name="span_open_from",
                         condition=Q(valid_to__isnull=True),
                         include=["district", "grade", "status", "deadline", "supervised"]),
            models.Index(fields=["valid_to", "valid_from"], name="span_ended_to",
                         condition=Q(valid_to__isnull=False),
                         include=["district", "grade", "status", "deadline", "supervised"]),
        ]

    def __str__(self):
        return f"{self.hazard_id} {self.status} {self.valid_from:%Y-%m-%d}→{self.valid_to or ''}"


class SpanWatermark(models.Model):
    """The one row that records how far ``StateSpan`` is rebuilt: every hazard changed before
    ``refreshed_through`` (minus the refresh's overlap) has current spans. Its row lock makes
    two refreshes run one after the other."""

    refreshed_through = models.DateTimeField(null=True)
    full_rebuild_at = models.DateTimeField(null=True)

    class Meta:
        verbose_name = _("状态区间刷新进度")
        verbose_name_plural = _("状态区间刷新进度")

    def __str__(self):
        return f"spans through {self.refreshed_through}"


class FollowUpAction(models.Model):
    """A follow-up action the city took against a district after the ranking: warning talk
    (警示约谈), naming (点名曝光), circulated criticism (通报批评) or supervision visit
    (督导检查) — on ``taken_on`` (CST date), by ``taken_by`` (free text: the officials or body
    who held it), with a note and the ranking period it follows (``period_key``)."""

    district = models.ForeignKey("enterprises.District", on_delete=models.PROTECT,
                                 related_name="follow_up_actions", verbose_name=_("区县"))
    kind = models.CharField(_("措施"), max_length=30, choices=FollowUpKind.choices)
    taken_on = models.DateField(_("日期"))
    taken_by = models.CharField(_("实施人/单位"), max_length=100)
    note = models.TextField(_("情况说明"), blank=True)
    period_key = models.CharField(_("依据的排名周期"), max_length=30, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("登记人"))
    recorded_at = models.DateTimeField(_("登记时间"), default=timezone.now)

    class Meta:
        ordering = ["-taken_on", "-id"]
        verbose_name = _("督导措施")
        verbose_name_plural = _("督导措施")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=FollowUpKind.values),
                                   name="follow_up_kind_valid"),
        ]
        indexes = [models.Index(fields=["district", "-taken_on"], name="follow_up_district")]

    def __str__(self):
        return f"{self.district_id} {self.get_kind_display()} {self.taken_on}"


def report_upload_to(instance, filename):
    return f"reports/{instance.period_start:%Y}/{filename}"


class Report(models.Model):
    """A stored periodic report (周调度、月分析、季通报、年考核) of a district (``district``) or
    the city (``district`` null) for one period: the figures as JSON (exactly what the page,
    the workbook and the PDF show) and the two files. Rows are never changed: generating the
    same report again writes a new row, and the newest one is listed."""

    kind = models.CharField(_("报告类型"), max_length=20, choices=ReportKind.choices)
    district = models.ForeignKey("enterprises.District", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("区县"))
    period_start = models.DateField(_("起始日期"))
    period_end = models.DateField(_("截止日期"))
    period_key = models.CharField(_("周期"), max_length=30)
    figures = models.JSONField(_("数据"))
    xlsx = models.FileField(_("Excel 文件"), upload_to=report_upload_to, max_length=200)
    pdf = models.FileField(_("PDF 文件"), upload_to=report_upload_to, max_length=200)
    generated_at = models.DateTimeField(_("生成时间"), default=timezone.now)
    generated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("生成人"))

    class Meta:
        ordering = ["-period_start", "kind", "district_id", "-generated_at", "-id"]
        verbose_name = _("统计报告")
        verbose_name_plural = _("统计报告")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ReportKind.values),
                                   name="report_kind_valid"),
        ]
        indexes = [
            models.Index(fields=["district", "kind", "period_start", "-generated_at"],
                         name="report_scope_period"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.period_key} {self.district_id or 'city'}"
