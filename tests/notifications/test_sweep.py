"""The reminder sweep: the CST boundary, recipients from roles and scopes, exactly-once
sending, and the management command (issue 2 §8, issue 3 §6–7)."""
import datetime

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import CommandError, call_command

from hazards.enums import HazardGrade, HazardStatus
from notifications.enums import ReminderRung
from notifications.models import Notification, Reminder
from notifications.services import reminder_send, reminder_sweep
from tests import factories

from .conftest import cst

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def digest_aside(ladder_settings):
    """These tests look at hazard rungs; the digest (any day from Monday on) has its own."""
    ladder_settings.REMINDER_DIGEST_WEEKDAY = 7  # a weekday that never comes


def sweep_now(capture, **kwargs):
    with capture(execute=True):
        return reminder_sweep(**kwargs)


def emails_of(reminder):
    return {r["email"] for r in reminder.recipients if r["email"]}


@pytest.fixture
def due_may_31(clock, enterprise):
    return factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise,
                               deadline=D(2024, 5, 31))


def test_first_overdue_reminder_comes_on_june_1_cst_not_before(
        clock, ladder_settings, due_may_31, django_capture_on_commit_callbacks):
    clock.move_to(cst(D(2024, 5, 31), 23, 59))
    sweep_now(django_capture_on_commit_callbacks)
    assert not Reminder.objects.filter(rung=ReminderRung.OVERDUE).exists()

    # 2024-06-01 00:00 CST is still 2024-05-31 in UTC
    clock.move_to(cst(D(2024, 6, 1), 0, 0))
    sweep_now(django_capture_on_commit_callbacks)

    overdue = Reminder.objects.get(rung=ReminderRung.OVERDUE)
    assert (overdue.hazard_id, overdue.period) == (due_may_31.pk, D(2024, 6, 1))
    assert overdue.sent_at is not None


def test_sweep_twice_the_same_day_sends_each_reminder_once(
        clock, ladder_settings, due_may_31, enterprise_officer,
        django_capture_on_commit_callbacks):
    clock.move_to(cst(D(2024, 6, 1)))
    first = sweep_now(django_capture_on_commit_callbacks)
    mails, inbox = len(mail.outbox), Notification.objects.count()

    second = sweep_now(django_capture_on_commit_callbacks)

    assert first.created == {ReminderRung.OVERDUE: 1}
    assert (second.created, second.dispatched) == ({ReminderRung.OVERDUE: 0}, {})
    assert mails > 0 and inbox > 0
    assert (len(mail.outbox), Notification.objects.count()) == (mails, inbox)
    assert reminder_send(reminder_id=Reminder.objects.get().pk) is False
    assert len(mail.outbox) == mails


def test_overdue_reminder_goes_to_responsible_contact_and_district_office(
        clock, ladder_settings, due_may_31, enterprise, enterprise_officer, district_official,
        inspector, other_district_official, city_official, django_capture_on_commit_callbacks):
    clock.move_to(cst(D(2024, 6, 1)))
    sweep_now(django_capture_on_commit_callbacks)

    reminder = Reminder.objects.get(rung=ReminderRung.OVERDUE)
    fuling_officials = set(factories.User.objects.filter(
        role="district_official", district_id="500102").values_list("email", flat=True))
    assert district_official.email in fuling_officials
    assert emails_of(reminder) == ({enterprise.safety_contact_email, enterprise_officer.email}
                                   | fuling_officials)
    assert sorted(m.to for m in mail.outbox) == sorted([e] for e in emails_of(reminder))
    inbox_owners = set(Notification.objects.values_list("recipient_id", flat=True))
    assert enterprise_officer.pk in inbox_owners and district_official.pk in inbox_owners
    assert not inbox_owners & {inspector.pk, other_district_official.pk, city_official.pk}
    message = mail.outbox[0]
    assert message.subject == f"【整改逾期】隐患 #{due_may_31.pk} 已逾期 1 天"
    assert f"https://hazards.example.cn/hazards/{due_may_31.pk}/" in message.body


def test_due_soon_reminder_goes_to_the_enterprise_only(
        clock, ladder_settings, due_may_31, enterprise, enterprise_officer,
        django_capture_on_commit_callbacks):
    clock.move_to(cst(D(2024, 5, 28)))
    sweep_now(django_capture_on_commit_callbacks)

    reminder = Reminder.objects.get()
    assert (reminder.rung, reminder.period) == (ReminderRung.DUE_SOON, D(2024, 5, 31))
    assert emails_of(reminder) == {enterprise.safety_contact_email, enterprise_officer.email}
    assert list(Notification.objects.values_list("recipient_id", flat=True)) == [
        enterprise_officer.pk]


def test_escalation_after_seven_days_reaches_the_office_head_only(
        clock, ladder_settings, due_may_31, office_head, district_official,
        django_capture_on_commit_callbacks):
    clock.move_to(cst(D(2024, 6, 7)))
    sweep_now(django_capture_on_commit_callbacks)

    escalated = Reminder.objects.get(rung=ReminderRung.OVERDUE_ESCALATED)
    assert [r["user"] for r in escalated.recipients] == [office_head.pk]
    assert escalated.notifications.get().recipient == office_head


def test_escalation_without_a_marked_head_goes_to_the_whole_district_office(
        clock, ladder_settings, due_may_31, district_official,
        django_capture_on_commit_callbacks):
    clock.move_to(cst(D(2024, 6, 7)))
    sweep_now(django_capture_on_commit_callbacks)

    escalated = Reminder.objects.get(rung=ReminderRung.OVERDUE_ESCALATED)
    assert district_official.pk in {r["user"] for r in escalated.recipients}


def test_overdue_major_hazard_reaches_city_officials_at_once(
        clock, ladder_settings, enterprise, city_official, district_official,
        django_capture_on_commit_callbacks):
    major = factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise,
                                grade=HazardGrade.MAJOR, deadline=D(2024, 5, 31))
    clock.move_to(cst(D(2024, 6, 1)))
    sweep_now(django_capture_on_commit_callbacks)

    alert = Reminder.objects.get(rung=ReminderRung.MAJOR_OVERDUE)
    assert (alert.hazard_id, alert.period) == (major.pk, D(2024, 5, 31))
    assert [r["user"] for r in alert.recipients] == [city_official.pk]


def test_overdue_major_hazard_under_supervision_reaches_the_supervising_authority(
        clock, ladder_settings, enterprise, city_official, district_official,
        django_capture_on_commit_callbacks):
    from hazards import services
    if not hasattr(services, "hazard_place_supervision"):
        pytest.skip("listed supervision (挂牌督办) not available")
    from enterprises.models import Department
    bureau = Department.objects.create(code="cq-yjj", name="重庆市应急管理局",
                                       kind=Department._meta.get_field("kind").choices[0][0])
    supervisor = factories.city_official(department=bureau, email="dubang@cq.example.cn")
    major = factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise,
                                grade=HazardGrade.MAJOR, deadline=D(2024, 5, 31))
    services.hazard_place_supervision(hazard=major, actor=district_official,
                                      authority="重庆市应急管理局", letter_number="渝应急督〔2024〕3号")
    clock.move_to(cst(D(2024, 6, 1)))
    sweep_now(django_capture_on_commit_callbacks)

    alert = Reminder.objects.get(rung=ReminderRung.MAJOR_OVERDUE)
    assert {r["user"] for r in alert.recipients} == {supervisor.pk, district_official.pk,
                                                     city_official.pk}


def test_weekly_digest_counts_the_district_and_goes_to_its_office(
        clock, ladder_settings, due_may_31, enterprise, district_official,
        other_district_official, django_capture_on_commit_callbacks):
    ladder_settings.REMINDER_DIGEST_WEEKDAY = 0
    factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise, grade=HazardGrade.MAJOR,
                        deadline=D(2024, 6, 5))
    factories.hazard_in(HazardStatus.REPORTED, enterprise=enterprise)
    clock.move_to(cst(D(2024, 6, 3)))  # Monday
    sweep_now(django_capture_on_commit_callbacks)

    fuling = Reminder.objects.get(rung=ReminderRung.WEEKLY_DIGEST, district_id="500102")
    assert fuling.hazard_id is None and fuling.period == D(2024, 6, 3)
    assert district_official.pk in {r["user"] for r in fuling.recipients}
    assert other_district_official.pk not in {r["user"] for r in fuling.recipients}
    body = fuling.notifications.first().body
    assert "未销号隐患 3 项；本周到期 1 项；已逾期 1 项；未销号重大隐患 1 项" in body
    wanzhou = Reminder.objects.get(rung=ReminderRung.WEEKLY_DIGEST, district_id="500101")
    assert [r["user"] for r in wanzhou.recipients] == [other_district_official.pk]


def test_reminder_for_a_hazard_closed_before_sending_is_skipped(
        clock, ladder_settings, enterprise, inspector, django_capture_on_commit_callbacks):
    from hazards import services
    hazard = factories.hazard_in(HazardStatus.PENDING_VERIFICATION, enterprise=enterprise,
                                 deadline=D(2024, 5, 31))
    clock.move_to(cst(D(2024, 6, 1)))
    queued = []
    with django_capture_on_commit_callbacks(execute=True):
        reminder_sweep(dispatch=queued.append)
    services.hazard_verify(hazard=hazard, actor=inspector, passed=True, opinion="合格",
                           officers=factories.two_officers(hazard.district_id))

    assert reminder_send(reminder_id=queued[0]) is False

    reminder = Reminder.objects.get(pk=queued[0])
    assert reminder.skipped is True and reminder.sent_at is not None
    assert mail.outbox == []


class RefusingMailServer(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("smtp down")


def test_mail_failure_keeps_the_mail_queued_and_the_inbox_delivered(
        clock, ladder_settings, settings, due_may_31, enterprise_officer,
        django_capture_on_commit_callbacks):
    from notifications.models import MailStatus, OutboxMail
    from notifications.outbox import outbox_dispatch_due

    clock.move_to(cst(D(2024, 6, 1)))
    queued = []
    with django_capture_on_commit_callbacks(execute=True):
        reminder_sweep(dispatch=queued.append)
    settings.EMAIL_BACKEND = f"{__name__}.RefusingMailServer"

    assert reminder_send(reminder_id=queued[0]) is True

    assert Notification.objects.filter(recipient=enterprise_officer).count() == 1
    mails = OutboxMail.objects.filter(reminder_id=queued[0])
    assert {m.status for m in mails} == {MailStatus.PENDING}
    assert all(m.attempts == 1 and "smtp down" in m.last_error for m in mails)
    assert mail.outbox == []
    # the mail server is back; the retry is due after its delay (1 minute)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    clock.shift(120)
    assert outbox_dispatch_due()["sent"] == mails.count()
    assert {m.status for m in mails.all()} == {MailStatus.SENT}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(m.to for m in mails.all())
    assert reminder_send(reminder_id=queued[0]) is False
    assert Notification.objects.filter(recipient=enterprise_officer).count() == 1


@pytest.mark.django_db(transaction=True)
def test_command_sweeps_as_of_the_given_cst_date_once(clock, ladder_settings, due_may_31,
                                                      capsys):
    call_command("send_rectification_reminders", date="2024-06-01")
    first = capsys.readouterr().out
    call_command("send_rectification_reminders", date="2024-06-01")
    second = capsys.readouterr().out

    assert "overdue: 1 new" in first and "1 reminders recorded, 1 sent" in first
    assert "0 reminders recorded, 0 sent" in second
    assert list(Reminder.objects.values_list("rung", "period")) == [
        (ReminderRung.OVERDUE, D(2024, 6, 1))]


def test_command_refuses_a_malformed_date(db):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_rectification_reminders", date="2024-13-01")


def test_sweep_reads_in_batches_with_constant_queries_per_batch(
        clock, ladder_settings, enterprise, django_assert_max_num_queries):
    for _ in range(5):
        factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise,
                            deadline=D(2024, 5, 31))
    clock.move_to(cst(D(2024, 6, 1)))
    queued = []

    # 5 overdue hazards in batches of 2: 3 batches × (read, existing, insert, unsent, 2
    # savepoint) + the empty page ending each rung's scan
    with django_assert_max_num_queries(30):
        result = reminder_sweep(dispatch=queued.append)

    assert result.created == {ReminderRung.OVERDUE: 5}
    assert len(queued) == 0  # on_commit inside the test transaction: nothing committed yet


def test_a_person_resends_or_settles_a_mail_in_doubt_others_get_404(city_official, inspector):
    from django.test import Client
    from django.urls import reverse

    from notifications.models import MailStatus, OutboxMail

    doubtful = OutboxMail.objects.create(to="a@example.com", subject="s", body="b",
                                         message_id="<m1@example>", status=MailStatus.UNKNOWN)
    stranger = Client()
    stranger.force_login(inspector)
    assert stranger.get(reverse("notifications:outbox")).status_code == 404
    assert stranger.post(reverse("notifications:outbox_settle",
                                 args=[doubtful.pk, "resend"])).status_code == 404
    city = Client()
    city.force_login(city_official)
    assert "&lt;m1@example&gt;" in city.get(reverse("notifications:outbox")).content.decode()

    city.post(reverse("notifications:outbox_settle", args=[doubtful.pk, "resend"]))

    doubtful.refresh_from_db()
    assert (doubtful.status, doubtful.resolved_by) == (MailStatus.PENDING, city_official)
