"""Read-side queries for plans and tasks: the pools a plan draws from, scoped lists, the
published results, and the figures the statistics read."""
import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from accounts.enums import DISTRICT_ROLES
from accounts.models import User
from core.clock import today_cst
from enterprises.models import Enterprise
from inspections.enums import REGULATOR_KINDS
from inspections.models import Inspection

from .enums import PlanStatus, TaskStatus
from .models import ConflictOfInterest, InspectionTask, RandomPlan


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` calendar months earlier (clamped to the month's last day)."""
    import calendar

    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def enterprise_pool(*, district_id: str | None, criteria: dict,
                    on: datetime.date | None = None) -> QuerySet[Enterprise]:
    """Enterprises a plan may draw: in the plan's district (or the criteria's districts),
    sectors and risk grades, without a regulator inspection in the last N months
    (``exclude_inspected_within_months``), and not in ``excluded_enterprises`` (e.g. under a
    suspension order). Ids only are read by the draw."""
    on = on or today_cst()
    queryset = Enterprise.objects.all()
    districts = [district_id] if district_id else criteria.get("districts") or []
    if districts:
        queryset = queryset.filter(district_id__in=districts)
    if criteria.get("sectors"):
        queryset = queryset.filter(sector_id__in=criteria["sectors"])
    if criteria.get("risk_grades"):
        queryset = queryset.filter(risk_grade__in=criteria["risk_grades"])
    months = int(criteria.get("exclude_inspected_within_months") or 0)
    if months:
        recent = Inspection.objects.filter(
            enterprise=OuterRef("pk"), kind__in=sorted(REGULATOR_KINDS),
            inspected_on__gte=months_before(on, months))
        queryset = queryset.exclude(Exists(recent))
    if criteria.get("excluded_enterprises"):
        queryset = queryset.exclude(pk__in=criteria["excluded_enterprises"])
    return queryset


def inspector_pool(*, district_id: str | None, criteria: dict) -> QuerySet[User]:
    """Officers a plan may draw: active district staff (inspectors and officials) of the
    plan's district (or the criteria's districts) with an enforcement badge (teams of two
    badge holders), of ``department`` when the criteria name one."""
    queryset = User.objects.filter(is_active=True, role__in=sorted(DISTRICT_ROLES)).exclude(
        badge_number="")
    districts = [district_id] if district_id else criteria.get("districts") or []
    if districts:
        queryset = queryset.filter(district_id__in=districts)
    if criteria.get("department"):
        queryset = queryset.filter(department_id=criteria["department"])
    return queryset


def conflict_pairs(*, inspector_ids, enterprise_ids) -> list[tuple[int, int]]:
    """Declared conflicts among the pools, as (inspector, enterprise) pairs."""
    return list(ConflictOfInterest.objects.filter(inspector_id__in=inspector_ids,
                                                  enterprise_id__in=enterprise_ids)
                .values_list("inspector_id", "enterprise_id"))


def plans_visible_to(user) -> QuerySet[RandomPlan]:
    if not (getattr(user, "is_authenticated", False) and user.is_active):
        return RandomPlan.objects.none()
    if user.is_city_official:
        return RandomPlan.objects.all()
    if user.district_id:
        return RandomPlan.objects.filter(district_id=user.district_id)
    return RandomPlan.objects.none()


def tasks_visible_to(user) -> QuerySet[InspectionTask]:
    if not (getattr(user, "is_authenticated", False) and user.is_active):
        return InspectionTask.objects.none()
    if user.is_city_official:
        return InspectionTask.objects.all()
    if user.district_id and user.role in DISTRICT_ROLES:
        return InspectionTask.objects.filter(district_id=user.district_id)
    return InspectionTask.objects.none()


def tasks_of(user) -> QuerySet[InspectionTask]:
    """"My tasks": the open and completed tasks assigned to ``user``, due first."""
    return (tasks_visible_to(user).filter(assignees=user)
            .select_related("enterprise", "enterprise__township", "plan")
            .order_by("status", "due_on", "id"))


def tasks_overdue(*, on: datetime.date) -> QuerySet[InspectionTask]:
    """Open tasks whose due date (CST) is before ``on`` (served by ``task_open_due``)."""
    return InspectionTask.objects.filter(status=TaskStatus.ASSIGNED, due_on__lt=on)


def published_plans() -> QuerySet[RandomPlan]:
    return RandomPlan.objects.filter(status=PlanStatus.PUBLISHED).order_by("-published_at",
                                                                            "-id")


def published_results(plan) -> list[dict]:
    """The public listing of a published plan: each drawn enterprise's name, district, and
    outcome (inspected on, hazards found, or not yet inspected). No personal data: no
    inspector, no contact. One query."""
    rows = (plan.tasks.select_related("enterprise", "district", "inspection")
            .annotate(hazard_count=Count("inspection__hazards"))
            .order_by("enterprise__name", "id"))
    return [{"enterprise": task.enterprise.name, "district": task.district.name,
             "inspected_on": task.inspection.inspected_on if task.inspection_id else None,
             "hazards": task.hazard_count if task.inspection_id else None} for task in rows]


def task_counts(*, district_id: str | None) -> dict:
    """Tasks open, overdue today and completed, for a district or all. One query."""
    queryset = InspectionTask.objects.all()
    if district_id:
        queryset = queryset.filter(district_id=district_id)
    today = today_cst()
    return queryset.order_by().aggregate(
        open=Count("pk", filter=Q(status=TaskStatus.ASSIGNED)),
        overdue=Count("pk", filter=Q(status=TaskStatus.ASSIGNED, due_on__lt=today)),
        completed=Count("pk", filter=Q(status=TaskStatus.COMPLETED)))
