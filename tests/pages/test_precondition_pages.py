"""Every page that edits an existing object carries the version it was based on: without one
the edit is not saved (428 page), with a malformed one it is a 400 page — never a 500 and
never a silent overwrite. Here the pages of the newer apps that file an inspection for an
object: a task's inspection and a public report's verification."""
import pytest
from django.urls import reverse

from core.clock import today_cst
from plans import services as plan_services
from public_reports.services import report_accept
from tests import factories
from tests.public_reports.conftest import submit

pytestmark = pytest.mark.django_db


def _filing(enterprise, **extra) -> dict:
    return {"enterprise": enterprise.pk, "kind": "enforcement",
            "inspected_on": today_cst().isoformat(), "notes": "",
            "findings-TOTAL_FORMS": "1", "findings-INITIAL_FORMS": "0",
            "findings-MIN_NUM_FORMS": "0", "findings-MAX_NUM_FORMS": "50", **extra}


@pytest.fixture
def task(enterprise, district_official):
    return plan_services.task_assign(
        actor=district_official, enterprise=enterprise, due_on=today_cst(),
        assignees=[factories.inspector("500102"), factories.inspector("500102")])


@pytest.mark.parametrize(("version", "status"), [(None, 428), ("²", 400), ("abc", 400)])
def test_a_tasks_inspection_without_a_usable_version_is_not_filed(client, task, version,
                                                                  status):
    client.force_login(task.assignees.first())
    body = _filing(task.enterprise)
    if version is not None:
        body["version"] = version

    response = client.post(reverse("plans:task_file", args=[task.pk]), body)

    assert response.status_code == status
    assert 'data-testid="precondition-required"' in response.content.decode()
    task.refresh_from_db()
    assert task.inspection_id is None


@pytest.mark.parametrize(("version", "status"), [(None, 428), ("²", 400)])
def test_a_report_verification_without_a_usable_version_is_not_filed(
        client, fuling, enterprise, district_official, inspector, version, status):
    report, _code = submit(fuling, enterprise=enterprise)
    report = report_accept(report=report, actor=district_official,
                           expected_version=report.version)
    client.force_login(inspector)
    body = _filing(enterprise, kind="report_verification")
    if version is not None:
        body["version"] = version

    response = client.post(reverse("public_reports:verify", args=[report.pk]), body)

    assert response.status_code == status
    report.refresh_from_db()
    assert report.verification_inspection_id is None
