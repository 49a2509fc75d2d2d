"""Oversight enumerations."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    """The campaign's rhythm (docs/domain.md §8): 周调度、月分析、季通报、年考核."""

    WEEKLY = "weekly", _("周调度")
    MONTHLY = "monthly", _("月分析")
    QUARTERLY = "quarterly", _("季通报")
    ANNUAL = "annual", _("年考核")


# the period each report covers (oversight.periods kinds)
REPORT_PERIOD = {ReportKind.WEEKLY: "week", ReportKind.MONTHLY: "month",
                 ReportKind.QUARTERLY: "quarter", ReportKind.ANNUAL: "year"}


class FollowUpKind(models.TextChoices):
    """What the city does about a district at the bottom of the table (seed document:
    对排名靠后的实行点名曝光，对责任不落实的实行警示约谈)."""

    WARNING_TALK = "warning_talk", _("警示约谈")
    NAMING = "naming", _("点名曝光")
    CIRCULATED_CRITICISM = "circulated_criticism", _("通报批评")
    SUPERVISION_VISIT = "supervision_visit", _("督导检查")
