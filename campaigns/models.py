"""Campaigns (专项行动) and their phases."""
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .enums import CampaignPhaseKind


class Campaign(models.Model):
    """专项行动: a campaign over some sectors for a period (CST dates, inclusive).

    ``district`` empty = a city-wide campaign (run by city officials); set = one district's own.
    ``version`` increases on every edit (a stale edit is 409).
    """

    name = models.CharField(_("名称"), max_length=120)
    district = models.ForeignKey("enterprises.District", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="campaigns",
                                 verbose_name=_("区县"))
    sectors = models.ManyToManyField("enterprises.Sector", related_name="campaigns",
                                     verbose_name=_("行业领域"))
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("创建人"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("专项行动")
        verbose_name_plural = _("专项行动")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")),
                                   name="campaign_period_ordered"),
        ]
        indexes = [
            # "which campaign is running on this day" (filing assigns the campaign)
            models.Index(fields=["starts_on", "ends_on"], name="campaign_period"),
        ]

    def __str__(self):
        return self.name


class CampaignPhase(models.Model):
    """One phase of a campaign, with its CST dates (inclusive)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="phases",
                                 verbose_name=_("专项行动"))
    kind = models.CharField(_("阶段"), max_length=20, choices=CampaignPhaseKind.choices)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))

    class Meta:
        ordering = ["campaign", "starts_on"]
        verbose_name = _("行动阶段")
        verbose_name_plural = _("行动阶段")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "kind"], name="campaign_phase_once"),
            models.CheckConstraint(condition=Q(kind__in=CampaignPhaseKind.values),
                                   name="campaign_phase_kind_valid"),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")),
                                   name="campaign_phase_period_ordered"),
        ]

    def __str__(self):
        return f"{self.campaign} · {self.get_kind_display()}"
