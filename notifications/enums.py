"""Rungs of the reminder and escalation ladder (issue 2 §8, issue 3 §6).

See ``notifications.services`` for when each rung fires, to whom, and the period that keys it.
"""
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderRung(models.TextChoices):
    """One kind of message on the ladder. Each is sent at most once per hazard (or district,
    for the digest) and period; the period's meaning is given per rung."""

    # period = the deadline it warns about (a new deadline after an extension warns again)
    DUE_SOON = "due_soon", _("临期提醒")
    # period = first day of the repeat window (daily by default: the window is the day itself)
    OVERDUE = "overdue", _("逾期提醒")
    # period = the deadline; to the district office's head
    OVERDUE_ESCALATED = "overdue_escalated", _("逾期升级（区县办负责人）")
    # period = the deadline; major hazards, to the supervising authority and the city
    MAJOR_OVERDUE = "major_overdue", _("重大隐患逾期（督办单位、市级）")
    # period = Monday of the CST week; one per district office, no hazard
    WEEKLY_DIGEST = "weekly_digest", _("每周汇总（区县办）")


HAZARD_RUNGS = frozenset(set(ReminderRung) - {ReminderRung.WEEKLY_DIGEST})
