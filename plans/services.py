"""Plan and task services: define a plan, draw it (recorded seed and snapshot), reproduce a
draw, publish the results; assign targeted tasks; complete a task by filing its inspection;
declare conflicts of interest. Each is keyword-only, in its own transaction, checks the named
predicate (``plans.rules``) and the version (409 when stale)."""
import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.clock import today_cst
from core.errors import (
    ConcurrentModification,
    PermissionDenied,
    TransitionNotAllowed,
    ValidationFailed,
)
from core.text import clean_text
from enterprises.enums import RiskGrade
from enterprises.models import Department, District, Sector
from hazards.filing.services import inspection_file
from inspections.enums import REGULATOR_KINDS

from . import draw as drawing
from . import rules, selectors
from .enums import PlanStatus, TaskKind, TaskStatus
from .models import ConflictOfInterest, InspectionTask, RandomPlan

CRITERIA_KEYS = {"sectors", "districts", "risk_grades", "exclude_inspected_within_months",
                 "excluded_enterprises", "department"}


def _clean_criteria(criteria: dict) -> dict:
    unknown = set(criteria) - CRITERIA_KEYS
    if unknown:
        raise ValidationFailed(_("未知的抽取条件：%(name)s") % {"name": sorted(unknown)[0]},
                               field="criteria")
    out = {}
    sectors = sorted({str(s) for s in criteria.get("sectors") or []})
    if sectors and Sector.objects.filter(pk__in=sectors).count() != len(sectors):
        raise ValidationFailed(_("行业领域无效。"), field="criteria.sectors")
    grades = sorted({str(g) for g in criteria.get("risk_grades") or []})
    if set(grades) - set(RiskGrade.values):
        raise ValidationFailed(_("风险等级无效。"), field="criteria.risk_grades")
    months = criteria.get("exclude_inspected_within_months") or 0
    if not isinstance(months, int) or not 0 <= months <= 60:
        raise ValidationFailed(_("排除月数须为 0 至 60 的整数。"),
                               field="criteria.exclude_inspected_within_months")
    excluded = criteria.get("excluded_enterprises") or []
    if not all(isinstance(pk, int) and pk > 0 for pk in excluded):
        raise ValidationFailed(_("排除企业须为企业编号。"),
                               field="criteria.excluded_enterprises")
    districts = sorted({str(d) for d in criteria.get("districts") or []})
    if districts and District.objects.filter(pk__in=districts).count() != len(districts):
        raise ValidationFailed(_("区县代码无效。"), field="criteria.districts")
    department = str(criteria.get("department") or "")
    if department and not Department.objects.filter(pk=department).exists():
        raise ValidationFailed(_("部门代码无效。"), field="criteria.department")
    out.update(sectors=sectors, risk_grades=grades, exclude_inspected_within_months=months,
               excluded_enterprises=sorted(set(excluded)), districts=districts,
               department=department)
    return out


def plan_create(*, actor, name: str, district, criteria: dict, enterprise_count: int,
                team_count: int, due_on: datetime.date, campaign=None) -> RandomPlan:
    """Define a plan (status ``draft``). ``district`` None = city-wide (city officials).
    Counts ≥ 1; ``due_on`` a CST date, today or later. Errors: PermissionDenied
    (``rules.may_manage_plans``), ValidationFailed."""
    name = clean_text(name)
    if not rules.may_manage_plans(actor, getattr(district, "pk", None)):
        raise PermissionDenied(_("您无权制定该抽查计划。"))
    if not name:
        raise ValidationFailed(_("请填写计划名称。"), field="name")
    if enterprise_count < 1 or enterprise_count > 10000:
        raise ValidationFailed(_("抽取企业数须为 1 至 10000。"), field="enterprise_count")
    if team_count < 1 or team_count > 1000:
        raise ValidationFailed(_("检查组数须为 1 至 1000。"), field="team_count")
    if due_on < today_cst():
        raise ValidationFailed(_("完成期限不能早于今天。"), field="due_on")
    return RandomPlan.objects.create(name=name[:120], district=district, campaign=campaign,
                                     criteria=_clean_criteria(criteria),
                                     enterprise_count=enterprise_count, team_count=team_count,
                                     due_on=due_on, created_by=actor)


def plan_snapshot(plan, *, on: datetime.date | None = None) -> dict:
    """The pools of ``plan`` now, in canonical form (``draw.canonical_snapshot``)."""
    enterprises = list(selectors.enterprise_pool(district_id=plan.district_id,
                                                 criteria=plan.criteria, on=on)
                       .values_list("pk", flat=True))
    inspectors = list(selectors.inspector_pool(district_id=plan.district_id,
                                               criteria=plan.criteria)
                      .values_list("pk", flat=True))
    conflicts = selectors.conflict_pairs(inspector_ids=inspectors, enterprise_ids=enterprises)
    return drawing.canonical_snapshot(enterprises=enterprises, inspectors=inspectors,
                                      conflicts=conflicts, criteria=plan.criteria)


def plan_draw(*, actor, plan, expected_version: int | None, seed: str | None = None):
    """Draw the plan: a new seed from ``secrets`` (``seed`` only for tests and re-runs of an
    audit), the pools' snapshot, the draw, and one task per drawn enterprise for its team, due
    on the plan's date. All recorded in one transaction.

    Output: the plan (``drawn``). Errors: ConcurrentModification, PermissionDenied /
    TransitionNotAllowed (``rules.may_draw_plan``), ValidationFailed when the pools are too
    small (field ``enterprise_count`` or ``team_count``).
    """
    with transaction.atomic():
        locked = RandomPlan.objects.select_for_update().get(pk=plan.pk)
        if expected_version is not None and locked.version != expected_version:
            raise ConcurrentModification(_("该计划已被他人处理，请刷新后重试。"))
        if not rules.may_draw_plan(actor, locked):
            if not rules.may_manage_plans(actor, locked.district_id):
                raise PermissionDenied(_("您无权抽取该计划。"))
            raise TransitionNotAllowed(_("该计划已抽取，不能重复抽取。"))
        snapshot = plan_snapshot(locked)
        seed = seed or drawing.new_seed()
        try:
            result = drawing.draw(seed=seed, snapshot=snapshot,
                                  enterprise_count=locked.enterprise_count,
                                  team_count=locked.team_count)
        except drawing.PoolTooSmall as exc:
            field = "team_count" if "inspectors" in str(exc) else "enterprise_count"
            raise ValidationFailed(
                _("抽取池不足：符合条件的企业 %(e)d 家、执法人员 %(i)d 名。")
                % {"e": len(snapshot["enterprises"]), "i": len(snapshot["inspectors"])},
                field=field) from exc
        locked.seed, locked.snapshot = seed, snapshot
        locked.snapshot_sha256 = drawing.snapshot_digest(snapshot)
        locked.result = result.as_json()
        locked.status, locked.drawn_by, locked.drawn_at = PlanStatus.DRAWN, actor, timezone.now()
        locked.version += 1
        locked.save()
        enterprises = {e.pk: e for e in selectors.Enterprise.objects.filter(
            pk__in=result.enterprises)}
        for enterprise_id, team_index in result.assignments:
            task = InspectionTask.objects.create(
                kind=TaskKind.RANDOM, plan=locked, enterprise_id=enterprise_id,
                district_id=enterprises[enterprise_id].district_id, due_on=locked.due_on,
                created_by=actor)
            task.assignees.set(result.teams[team_index])
    return locked


def plan_reproduce(plan) -> dict:
    """Audit a drawn plan from its record alone: the snapshot's digest must match, and the
    draw re-run from the seed and the snapshot must give the recorded result and the tasks.
    Output: ``{"snapshot_matches": bool, "result_matches": bool, "tasks_match": bool,
    "result": {…}}``. Reads only; no writes."""
    if plan.status == PlanStatus.DRAFT:
        raise TransitionNotAllowed(_("该计划尚未抽取。"))
    again = drawing.draw(seed=plan.seed, snapshot=plan.snapshot,
                         enterprise_count=plan.enterprise_count, team_count=plan.team_count)
    recorded = {(task.enterprise_id, tuple(sorted(a.pk for a in task.assignees.all())))
                for task in plan.tasks.prefetch_related("assignees")}
    expected = {(enterprise, tuple(sorted(again.teams[team])))
                for enterprise, team in again.assignments}
    return {"snapshot_matches": drawing.snapshot_digest(plan.snapshot) == plan.snapshot_sha256,
            "result_matches": again.as_json() == plan.result,
            "tasks_match": recorded == expected, "result": again.as_json()}


def plan_publish(*, actor, plan, expected_version: int | None) -> RandomPlan:
    """公开: publish a drawn plan's results on the public page (enterprises drawn and the
    outcome of their inspections, no personal data), once every task's inspection is filed.
    Errors: ConcurrentModification, PermissionDenied / TransitionNotAllowed
    (``rules.may_publish_plan``), ValidationFailed while tasks are open."""
    with transaction.atomic():
        locked = RandomPlan.objects.select_for_update().get(pk=plan.pk)
        if expected_version is not None and locked.version != expected_version:
            raise ConcurrentModification(_("该计划已被他人处理，请刷新后重试。"))
        if not rules.may_publish_plan(actor, locked):
            if not rules.may_manage_plans(actor, locked.district_id):
                raise PermissionDenied(_("您无权公开该计划。"))
            raise TransitionNotAllowed(_("只有已抽取的计划才能公开结果。"))
        # 双随机一公开: the results are published once the inspections are done
        open_tasks = locked.tasks.filter(status=TaskStatus.ASSIGNED).count()
        if open_tasks:
            raise ValidationFailed(_("尚有 %(n)d 项检查任务未完成，完成后才能公开结果。")
                                   % {"n": open_tasks})
        locked.status, locked.published_at = PlanStatus.PUBLISHED, timezone.now()
        locked.version += 1
        locked.save(update_fields=["status", "published_at", "version"])
    return locked


def task_assign(*, actor, enterprise, assignees, due_on: datetime.date,
                note: str = "") -> InspectionTask:
    """定向检查: assign ``enterprise`` to one or two officers of its district, due on a CST
    date (today or later). Errors: PermissionDenied (``rules.may_manage_plans`` for the
    enterprise's district), ValidationFailed."""
    if not rules.may_manage_plans(actor, enterprise.district_id):
        raise PermissionDenied(_("您无权派发该企业的检查任务。"))
    assignees = list(dict.fromkeys(assignees))
    if not 1 <= len(assignees) <= 2:
        raise ValidationFailed(_("请指定一至两名检查人员。"), field="assignees")
    if any(not user.works_in_district(enterprise.district_id) for user in assignees):
        raise ValidationFailed(_("检查人员须为企业所在区县的执法人员。"), field="assignees")
    if ConflictOfInterest.objects.filter(inspector__in=assignees, enterprise=enterprise).exists():
        raise ValidationFailed(_("所选人员已申报与该企业存在利益冲突。"), field="assignees")
    if due_on < today_cst():
        raise ValidationFailed(_("完成期限不能早于今天。"), field="due_on")
    with transaction.atomic():
        task = InspectionTask.objects.create(kind=TaskKind.TARGETED, enterprise=enterprise,
                                             district_id=enterprise.district_id, due_on=due_on,
                                             note=clean_text(note)[:200], created_by=actor)
        task.assignees.set(assignees)
    return task


def task_complete(*, actor, task, expected_version: int | None, kind: str,
                  inspected_on: datetime.date, findings, department=None, inspectors=(),
                  joint_departments=(), notes: str = ""):
    """Complete a task by filing its inspection (``inspection_file``, a regulator kind, of the
    task's enterprise) and linking it, in one transaction. Output: the Inspection. Errors:
    as ``inspection_file``; ConcurrentModification; PermissionDenied / TransitionNotAllowed
    (``rules.may_complete_task``)."""
    if kind not in REGULATOR_KINDS:
        raise ValidationFailed(_("检查任务须录入执法检查。"), field="kind")
    with transaction.atomic():
        locked = InspectionTask.objects.select_for_update().get(pk=task.pk)
        if expected_version is not None and locked.version != expected_version:
            raise ConcurrentModification(_("该任务已被他人处理，请刷新后重试。"))
        if not rules.may_complete_task(actor, locked):
            if locked.status != TaskStatus.ASSIGNED:
                raise TransitionNotAllowed(_("该任务已完成。"))
            raise PermissionDenied(_("只有任务的检查人员可以录入。"))
        inspection = inspection_file(actor=actor, enterprise=locked.enterprise, kind=kind,
                                     inspected_on=inspected_on, findings=findings,
                                     department=department,
                                     inspectors=[*locked.assignees.all(), *inspectors],
                                     joint_departments=joint_departments, notes=notes)
        locked.inspection, locked.status = inspection, TaskStatus.COMPLETED
        locked.completed_at = timezone.now()
        locked.version += 1
        locked.save(update_fields=["inspection", "status", "completed_at", "version"])
    return inspection


def conflict_declare(*, actor, inspector, enterprise, reason: str) -> ConflictOfInterest:
    """Record a conflict of interest between ``inspector`` and ``enterprise`` (idempotent per
    pair). Errors: PermissionDenied (``rules.may_declare_conflict``), ValidationFailed."""
    reason = clean_text(reason)
    if not rules.may_declare_conflict(actor, inspector):
        raise PermissionDenied(_("您无权为该人员申报利益冲突。"))
    if not reason:
        raise ValidationFailed(_("请填写原因。"), field="reason")
    try:
        with transaction.atomic():
            return ConflictOfInterest.objects.create(inspector=inspector, enterprise=enterprise,
                                                     reason=reason[:200],
                                                     declared_on=today_cst())
    except IntegrityError:
        return ConflictOfInterest.objects.get(inspector=inspector, enterprise=enterprise)
