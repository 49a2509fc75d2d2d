"""Reminder rungs of reports and tasks: once per object and deadline, whoever runs the sweep
how often; nothing for what was done in time."""
import datetime

import pytest

from core.clock import today_cst
from notifications.models import Notification
from plans import services as plan_services
from plans.reminders import task_reminder_sweep
from public_reports import services as report_services
from public_reports.reminders import report_reminder_sweep
from public_reports.services import ReportInput
from tests import factories

pytestmark = pytest.mark.django_db
D = datetime.timedelta


def test_report_past_its_answer_deadline_reminds_the_district_office_once(
        fuling, district_official, django_capture_on_commit_callbacks):
    report, _code = report_services.report_submit(data=ReportInput(
        district=fuling, address="某路", description="某事"))
    late = report.answer_due + D(days=1)

    with django_capture_on_commit_callbacks(execute=True):
        assert report_reminder_sweep(on=report.answer_due) == 0
        assert report_reminder_sweep(on=late) == 1
        assert report_reminder_sweep(on=late + D(days=1)) == 0

    messages = list(Notification.objects.filter(recipient=district_official))
    assert len(messages) == 1
    assert f"#{report.pk}" in messages[0].subject


def test_answered_report_is_not_reminded(fuling, enterprise, district_official, inspector):
    report, _code = report_services.report_submit(data=ReportInput(
        district=fuling, address="某路", description="某事", enterprise=enterprise))
    report_services.report_refer(report=report, actor=district_official, expected_version=1,
                                 department="区住建委", reason="属建筑施工")

    assert report_reminder_sweep(on=report.answer_due + D(days=3)) == 0
    assert Notification.objects.count() == 0


def test_overdue_task_reminds_assignees_and_office_once(fuling, enterprise, district_official,
                                                        django_capture_on_commit_callbacks):
    officers = [factories.inspector("500102"), factories.inspector("500102")]
    plan_services.task_assign(actor=district_official, enterprise=enterprise,
                                     assignees=officers, due_on=today_cst())
    late = today_cst() + D(days=1)

    with django_capture_on_commit_callbacks(execute=True):
        assert task_reminder_sweep(on=today_cst()) == 0
        assert task_reminder_sweep(on=late) == 1
        assert task_reminder_sweep(on=late) == 0

    recipients = set(Notification.objects.values_list("recipient_id", flat=True))
    assert recipients == {officers[0].pk, officers[1].pk, district_official.pk}


def test_reminder_commands_run_the_sweeps(fuling, district_official):
    from io import StringIO

    from django.core.management import call_command

    report, _code = report_services.report_submit(data=ReportInput(
        district=fuling, address="某路", description="某事"))
    out = StringIO()
    day = (report.answer_due + D(days=1)).isoformat()

    call_command("send_report_reminders", "--date", day, stdout=out)
    call_command("send_task_reminders", "--date", day, stdout=out)

    assert "1 report reminders recorded" in out.getvalue()
    assert "0 task reminders recorded" in out.getvalue()
