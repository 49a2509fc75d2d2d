"""Random inspection plans (双随机一公开), conflicts of interest, inspection tasks, and the
reminder rows of tasks and campaigns."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .enums import (
    CampaignReminderRung,
    PlanStatus,
    TaskKind,
    TaskReminderRung,
    TaskStatus,
)


class ConflictOfInterest(models.Model):
    """利益冲突: an inspector declared a conflict with an enterprise (relative, former
    employer, …); a draw never assigns them to it."""

    inspector = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                  related_name="conflicts_of_interest",
                                  verbose_name=_("执法人员"))
    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.CASCADE,
                                   related_name="conflicts_of_interest", verbose_name=_("企业"))
    reason = models.CharField(_("原因"), max_length=200)
    declared_on = models.DateField(_("申报日期"))

    class Meta:
        verbose_name = _("利益冲突申报")
        verbose_name_plural = _("利益冲突申报")
        constraints = [models.UniqueConstraint(fields=["inspector", "enterprise"],
                                               name="conflict_once_per_pair")]

    def __str__(self):
        return f"{self.inspector} × {self.enterprise}"


class RandomPlan(models.Model):
    """双随机一公开 plan: which enterprises and which inspectors may be drawn, how many of
    each, and (once drawn) the seed and the pools' snapshot that reproduce the draw.

    ``criteria`` (JSON): ``sectors`` [codes], ``districts`` [codes], ``risk_grades`` [values],
    ``exclude_inspected_within_months`` int, ``excluded_enterprises`` [ids] (e.g. under
    suspension), ``department`` code or "", ``badge_holders_only`` bool.
    ``snapshot`` (JSON, canonical): the sorted enterprise ids, inspector ids and conflict pairs
    the draw used; ``snapshot_sha256`` its digest; ``seed`` 64 hex characters from
    ``secrets``; ``result`` (JSON): drawn enterprise ids, teams, assignments.
    """

    name = models.CharField(_("名称"), max_length=120)
    district = models.ForeignKey("enterprises.District", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="random_plans",
                                 verbose_name=_("区县"))
    campaign = models.ForeignKey("campaigns.Campaign", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="random_plans",
                                 verbose_name=_("专项行动"))
    criteria = models.JSONField(_("抽取条件"), default=dict)
    enterprise_count = models.PositiveIntegerField(_("抽取企业数"))
    team_count = models.PositiveIntegerField(_("检查组数（每组两人）"))
    due_on = models.DateField(_("检查完成期限"))
    status = models.CharField(_("状态"), max_length=20, choices=PlanStatus.choices,
                              default=PlanStatus.DRAFT)
    seed = models.CharField(_("随机种子"), max_length=64, blank=True)
    snapshot = models.JSONField(_("抽取池快照"), default=dict, blank=True)
    snapshot_sha256 = models.CharField(_("快照摘要"), max_length=64, blank=True)
    result = models.JSONField(_("抽取结果"), default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("制定人"))
    created_at = models.DateTimeField(auto_now_add=True)
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("抽取人"))
    drawn_at = models.DateTimeField(_("抽取时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("双随机抽查计划")
        verbose_name_plural = _("双随机抽查计划")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=PlanStatus.values),
                                   name="plan_status_valid"),
            models.CheckConstraint(condition=Q(status=PlanStatus.DRAFT)
                                   | (~Q(seed="") & ~Q(snapshot_sha256="")),
                                   name="plan_drawn_has_seed_and_snapshot"),
        ]
        indexes = [models.Index(fields=["status", "-published_at"], name="plan_published")]

    def __str__(self):
        return self.name


class InspectionTask(models.Model):
    """检查任务: an enterprise to inspect by a date, assigned to one or two officers (a random
    plan's team, or a targeted assignment). Completed by filing its inspection."""

    kind = models.CharField(_("类型"), max_length=20, choices=TaskKind.choices)
    plan = models.ForeignKey(RandomPlan, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="tasks", verbose_name=_("抽查计划"))
    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.PROTECT,
                                   related_name="inspection_tasks", verbose_name=_("企业"))
    district = models.ForeignKey("enterprises.District", on_delete=models.PROTECT,
                                 related_name="inspection_tasks", verbose_name=_("区县"))
    assignees = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="inspection_tasks",
                                       verbose_name=_("检查人员"))
    due_on = models.DateField(_("完成期限"))
    note = models.CharField(_("说明"), max_length=200, blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=TaskStatus.choices,
                              default=TaskStatus.ASSIGNED)
    inspection = models.OneToOneField("inspections.Inspection", null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="task",
                                      verbose_name=_("检查"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("派发人"))
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("检查任务")
        verbose_name_plural = _("检查任务")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=TaskKind.values), name="task_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=TaskStatus.values),
                                   name="task_status_valid"),
            models.CheckConstraint(condition=~Q(status=TaskStatus.COMPLETED)
                                   | Q(inspection__isnull=False),
                                   name="task_completed_has_inspection"),
            models.CheckConstraint(condition=~Q(kind=TaskKind.RANDOM) | Q(plan__isnull=False),
                                   name="task_random_has_plan"),
        ]
        indexes = [
            # the overdue sweep and "my tasks": open tasks by due date
            models.Index(fields=["due_on", "id"], name="task_open_due",
                         condition=Q(status=TaskStatus.ASSIGNED)),
            models.Index(fields=["district", "status", "due_on"], name="task_district_status"),
        ]

    def __str__(self):
        return f"{self.enterprise} · {self.due_on:%Y-%m-%d}"


class TaskReminder(models.Model):
    """One reminder per task, rung and period (unique), claimed by compare-and-set."""

    task = models.ForeignKey(InspectionTask, on_delete=models.CASCADE, related_name="reminders")
    rung = models.CharField(max_length=30, choices=TaskReminderRung.choices)
    period = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    skipped = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["task", "rung", "period"],
                                               name="task_reminder_once")]

    def __str__(self):
        return f"{self.rung} {self.period} #{self.task_id}"


class CampaignReminder(models.Model):
    """A reminder to an enterprise that has not filed its campaign self-inspection: one per
    campaign, enterprise and day (unique), whoever clicks "send" twice."""

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE,
                                 related_name="reminders")
    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.CASCADE,
                                   related_name="+")
    rung = models.CharField(max_length=30, choices=CampaignReminderRung.choices)
    period = models.DateField()
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "enterprise", "rung", "period"],
                                               name="campaign_reminder_once")]

    def __str__(self):
        return f"{self.rung} {self.period} #{self.enterprise_id}"
