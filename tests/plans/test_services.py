"""Plans and tasks through the services: a drawn plan records its seed and snapshot, creates
the teams' tasks, re-runs identically, and a task is completed by filing its inspection."""
import datetime

import pytest

from core.clock import today_cst
from core.errors import (
    ConcurrentModification,
    PermissionDenied,
    TransitionNotAllowed,
    ValidationFailed,
)
from inspections.enums import InspectionKind
from plans import services
from plans.enums import PlanStatus, TaskStatus
from plans.models import InspectionTask
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def pool(fuling, wanzhou):
    enterprises = [factories.EnterpriseFactory(district=fuling) for _ in range(8)]
    factories.EnterpriseFactory(district=wanzhou)  # another district: never drawn
    officers = [factories.inspector("500102") for _ in range(4)]
    factories.inspector("500101")
    factories.inspector("500102", badge_number="")  # no badge: never drawn
    return enterprises, officers


def _plan(official, **kwargs):
    return services.plan_create(actor=official, name="2026年第一批双随机抽查",
                                district=official.district, criteria=kwargs.pop("criteria", {}),
                                enterprise_count=kwargs.pop("enterprise_count", 4),
                                team_count=2, due_on=today_cst() + datetime.timedelta(days=30))


def test_plan_draw_records_seed_and_snapshot_and_assigns_teams(pool, district_official):
    enterprises, officers = pool
    plan = _plan(district_official)

    plan = services.plan_draw(actor=district_official, plan=plan, expected_version=1)

    assert plan.status == PlanStatus.DRAWN
    assert len(plan.seed) == 64
    assert plan.snapshot["enterprises"] == sorted(e.pk for e in enterprises)
    assert plan.snapshot["inspectors"] == sorted(o.pk for o in officers)
    tasks = list(plan.tasks.prefetch_related("assignees"))
    assert len(tasks) == 4
    assert all(task.assignees.count() == 2 for task in tasks)
    assert all(task.district_id == "500102" for task in tasks)
    assert services.plan_reproduce(plan) | {"result": None} == {
        "snapshot_matches": True, "result_matches": True, "tasks_match": True, "result": None}


def test_plan_drawn_twice_from_the_same_seed_and_pools_gives_the_same_tasks(pool,
                                                                            district_official):
    first = services.plan_draw(actor=district_official, plan=_plan(district_official),
                               expected_version=1, seed="ab" * 32)
    second = services.plan_draw(actor=district_official, plan=_plan(district_official),
                                expected_version=1, seed="ab" * 32)

    def teams(plan):
        return sorted((t.enterprise_id, tuple(sorted(a.pk for a in t.assignees.all())))
                      for t in plan.tasks.all())

    assert first.result == second.result
    assert teams(first) == teams(second)


def test_plan_draw_never_assigns_a_conflict_of_interest(pool, district_official):
    enterprises, officers = pool
    for officer in officers[1:]:
        for enterprise in enterprises:
            services.conflict_declare(actor=district_official, inspector=officer,
                                      enterprise=enterprise, reason="亲属在该企业任职")

    with pytest.raises(ValidationFailed):  # every team has a conflicted member
        services.plan_draw(actor=district_official, plan=_plan(district_official),
                           expected_version=1)
    assert InspectionTask.objects.count() == 0


def test_plan_draw_twice_is_refused_and_stale_version_conflicts(pool, district_official):
    plan = services.plan_draw(actor=district_official, plan=_plan(district_official),
                              expected_version=1)

    with pytest.raises(ConcurrentModification):
        services.plan_draw(actor=district_official, plan=plan, expected_version=1)
    with pytest.raises(TransitionNotAllowed):
        services.plan_draw(actor=district_official, plan=plan, expected_version=plan.version)


def test_plan_of_another_district_cannot_be_drawn(pool, district_official,
                                                  other_district_official):
    plan = _plan(district_official)

    with pytest.raises(PermissionDenied):
        services.plan_draw(actor=other_district_official, plan=plan, expected_version=1)


def test_plan_excludes_recently_inspected_enterprises(pool, district_official):
    enterprises, _officers = pool
    factories.inspection(enterprise=enterprises[0], actor=factories.inspector("500102"))
    plan = _plan(district_official, criteria={"exclude_inspected_within_months": 6})

    snapshot = services.plan_snapshot(plan)

    assert enterprises[0].pk not in snapshot["enterprises"]
    assert len(snapshot["enterprises"]) == 7


def test_task_complete_by_filing_its_inspection(pool, district_official):
    enterprises, officers = pool
    task = services.task_assign(actor=district_official, enterprise=enterprises[0],
                                assignees=officers[:2], due_on=today_cst())

    inspection = services.task_complete(actor=officers[0], task=task, expected_version=1,
                                        kind=InspectionKind.ENFORCEMENT,
                                        inspected_on=today_cst(), findings=[])

    task.refresh_from_db()
    assert task.status == TaskStatus.COMPLETED
    assert task.inspection == inspection
    assert set(inspection.inspectors.all()) == set(officers[:2])


def test_task_complete_by_someone_not_assigned_is_refused(pool, district_official):
    enterprises, officers = pool
    task = services.task_assign(actor=district_official, enterprise=enterprises[0],
                                assignees=officers[:2], due_on=today_cst())

    with pytest.raises(PermissionDenied):
        services.task_complete(actor=officers[3], task=task, expected_version=1,
                               kind=InspectionKind.ENFORCEMENT, inspected_on=today_cst(),
                               findings=[])


def test_task_assign_refuses_a_conflicted_officer(pool, district_official):
    enterprises, officers = pool
    services.conflict_declare(actor=officers[0], inspector=officers[0],
                              enterprise=enterprises[0], reason="曾在该企业任职")

    with pytest.raises(ValidationFailed):
        services.task_assign(actor=district_official, enterprise=enterprises[0],
                             assignees=[officers[0]], due_on=today_cst())
