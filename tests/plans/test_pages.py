"""Plan and task pages from the outside: my tasks with overdue marked, filing a task's
inspection completes it, strangers get 404, the public results page shows no personal data."""
import datetime

import pytest
import time_machine
from django.urls import reverse

from core.clock import today_cst
from core.errors import ValidationFailed
from plans import services
from plans.enums import TaskStatus
from tests import factories

pytestmark = pytest.mark.django_db
D = datetime.timedelta


@pytest.fixture
def task(fuling, enterprise, district_official):
    officers = [factories.inspector("500102", display_name="王一"),
                factories.inspector("500102", display_name="李二")]
    return services.task_assign(actor=district_official, enterprise=enterprise,
                                assignees=officers, due_on=today_cst())


def test_my_tasks_marks_overdue_ones(client, task):
    officer = task.assignees.first()
    client.force_login(officer)

    today = client.get(reverse("plans:tasks")).content.decode()
    with time_machine.travel(today_cst() + D(days=2)):
        client.force_login(officer)  # two days on, the idle session has expired
        later = client.get(reverse("plans:tasks")).content.decode()

    assert task.enterprise.name in today and 'data-testid="task-overdue"' not in today
    assert 'data-testid="task-overdue"' in later


def test_filing_the_task_inspection_on_its_page_completes_it(client, task):
    officer = task.assignees.first()
    client.force_login(officer)
    url = reverse("plans:task_file", args=[task.pk])
    form = {"enterprise": task.enterprise_id, "kind": "enforcement",
            "inspected_on": today_cst().isoformat(), "notes": "按期检查", "version": task.version,
            "findings-TOTAL_FORMS": "1", "findings-INITIAL_FORMS": "0",
            "findings-MIN_NUM_FORMS": "0", "findings-MAX_NUM_FORMS": "50",
            "findings-0-grade": "general", "findings-0-category": "management_deficiency",
            "findings-0-description": "安全培训记录缺失"}

    response = client.post(url, form)

    task.refresh_from_db()
    assert response.status_code == 302, response.context["form"].errors
    assert task.status == TaskStatus.COMPLETED
    assert task.inspection.hazards.get().description == "安全培训记录缺失"
    assert client.get(url).status_code == 403  # done: nothing more to file


def test_task_file_page_of_another_district_is_404(client, task, other_inspector):
    client.force_login(other_inspector)

    assert client.get(reverse("plans:task_file", args=[task.pk])).status_code == 404


def test_public_results_list_enterprises_and_outcomes_without_personal_data(
        client, fuling, district_official):
    for n in range(2):  # the team of two the draw needs
        factories.inspector("500102", display_name=f"执法员{n}")
    enterprise = factories.EnterpriseFactory(district=fuling, name="涪陵公开抽查企业",
                                             safety_contact_name="张安全联系人")
    plan = services.plan_create(actor=district_official, name="公开计划",
                                district=district_official.district, criteria={},
                                enterprise_count=1, team_count=1,
                                due_on=today_cst() + D(days=10))
    plan = services.plan_draw(actor=district_official, plan=plan, expected_version=1)
    draft_page = client.get(reverse("public_results:results")).content.decode()
    with pytest.raises(ValidationFailed):  # published after the inspections
        services.plan_publish(actor=district_official, plan=plan, expected_version=plan.version)
    task = plan.tasks.get()
    services.task_complete(actor=task.assignees.first(), task=task, expected_version=1,
                           kind="enforcement", inspected_on=today_cst(), findings=[])
    services.plan_publish(actor=district_official, plan=plan, expected_version=plan.version)

    page = client.get(reverse("public_results:results")).content.decode()

    assert "涪陵公开抽查企业" not in draft_page
    assert "涪陵公开抽查企业" in page and "未发现隐患" in page
    for personal in ("执法员0", "执法员1", "张安全联系人", enterprise.safety_contact_email):
        assert personal not in page


def test_campaign_created_on_its_page_by_a_district_official(client, fuling, district_official,
                                                             inspector):
    factories.sector()
    today = today_cst()
    form = {"name": "涪陵区燃气专项", "sectors": ["hazardous_chemicals"],
            "starts_on": today.isoformat(), "ends_on": (today + D(days=30)).isoformat(),
            "self_inspection_starts_on": today.isoformat(),
            "self_inspection_ends_on": (today + D(days=10)).isoformat()}
    client.force_login(inspector)
    assert client.get(reverse("plans:campaign_new")).status_code == 403
    client.force_login(district_official)

    response = client.post(reverse("plans:campaign_new"), form)

    from campaigns.models import Campaign
    campaign = Campaign.objects.get()
    assert response.status_code == 302
    assert campaign.district_id == "500102"
    assert list(campaign.phases.values_list("kind", flat=True)) == ["self_inspection"]


def test_conflict_declared_on_its_page_by_the_officer(client, enterprise, inspector):
    client.force_login(inspector)

    response = client.post(reverse("plans:conflict_new"), {
        "credit_code": enterprise.credit_code, "inspector": inspector.pk,
        "reason": "配偶在该企业任职"})

    assert response.status_code == 302
    assert inspector.conflicts_of_interest.get().enterprise == enterprise


def test_conflict_page_offers_an_inspector_only_themselves(client, enterprise, inspector):
    other = factories.inspector("500102")
    client.force_login(inspector)

    response = client.post(reverse("plans:conflict_new"), {
        "credit_code": enterprise.credit_code, "inspector": other.pk, "reason": "x"})

    assert response.status_code == 200
    assert response.context["form"].errors["inspector"]
