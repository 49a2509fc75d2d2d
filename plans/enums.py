"""States of plans and tasks."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("待抽取")
    DRAWN = "drawn", _("已抽取")
    PUBLISHED = "published", _("结果已公开")


class TaskKind(models.TextChoices):
    RANDOM = "random", _("双随机抽查")
    TARGETED = "targeted", _("定向检查")


class TaskStatus(models.TextChoices):
    ASSIGNED = "assigned", _("待检查")
    COMPLETED = "completed", _("已完成")


class TaskReminderRung(models.TextChoices):
    # period = the due date; to the assignees and the district office
    TASK_OVERDUE = "task_overdue", _("检查任务逾期")


class CampaignReminderRung(models.TextChoices):
    # period = the day it was sent; to the enterprise's officers, one per enterprise and day
    SELF_INSPECTION_MISSING = "self_inspection_missing", _("未报自查提醒")
