from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderRung(models.TextChoices):
    """Rungs of the escalation ladder. Issue 2 needs the daily overdue reminder."""

    OVERDUE_DAILY = "overdue_daily", _("逾期提醒（每日）")
