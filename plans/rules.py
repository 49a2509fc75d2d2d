"""Who may do what with plans, tasks and conflicts: plain predicates of (user, object), used by
buttons, pages (403 when not allowed, 404 when not visible), services and the API."""
from accounts.enums import DISTRICT_ROLES

from .enums import PlanStatus, TaskStatus


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def may_manage_plans(user, district_id: str | None) -> bool:
    """Define and draw plans, assign targeted tasks: a city official (any district or
    city-wide), or a district official of ``district_id``."""
    if not _active(user):
        return False
    if user.is_city_official:
        return True
    return bool(user.is_district_official and district_id and user.district_id == district_id)


def may_view_plan(user, plan) -> bool:
    if not _active(user):
        return False
    return user.is_city_official or (plan.district_id is not None
                                     and user.works_in_district(plan.district_id))


def may_draw_plan(user, plan) -> bool:
    return plan.status == PlanStatus.DRAFT and may_manage_plans(user, plan.district_id)


def may_publish_plan(user, plan) -> bool:
    return plan.status == PlanStatus.DRAWN and may_manage_plans(user, plan.district_id)


def may_view_task(user, task) -> bool:
    if not _active(user):
        return False
    return user.is_city_official or user.works_in_district(task.district_id)


def may_complete_task(user, task) -> bool:
    """Filing the task's inspection: one of its assignees, while it is open."""
    return (task.status == TaskStatus.ASSIGNED and _active(user)
            and task.assignees.filter(pk=user.pk).exists())


def may_declare_conflict(user, inspector) -> bool:
    """An officer declares their own conflicts; a district official records them for the
    officers of their district; a city official for anyone."""
    if not _active(user):
        return False
    if user.pk == inspector.pk or user.is_city_official:
        return True
    return bool(user.is_district_official and inspector.role in DISTRICT_ROLES
                and inspector.district_id == user.district_id)
