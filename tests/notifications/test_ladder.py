"""The escalation ladder, day by day with a frozen clock (issue 2 §8, issue 3 §6).

Every day at 08:00 CST the sweep runs (twice, as if beat fired twice or a retry came): the
messages of that day go out in rung order, and the second run sends nothing.
"""
import datetime

import pytest
from django.core import mail

from hazards.enums import HazardGrade, HazardStatus
from notifications.enums import ReminderRung
from notifications.models import Notification, Reminder
from notifications.services import reminder_sweep
from tests import factories

from .conftest import cst

pytestmark = pytest.mark.django_db

D = datetime.date
DUE_SOON, OVERDUE, ESCALATED, MAJOR, DIGEST = (
    ReminderRung.DUE_SOON, ReminderRung.OVERDUE, ReminderRung.OVERDUE_ESCALATED,
    ReminderRung.MAJOR_OVERDUE, ReminderRung.WEEKLY_DIGEST)


def days(first: datetime.date, last: datetime.date):
    while first <= last:
        yield first
        first += datetime.timedelta(days=1)


def run_days(clock, first, last, capture, names):
    """Run the sweep at 08:00 CST each day from ``first`` to ``last``, twice a day; return
    what was sent, as ``(day, rung, hazard-or-district name, period)`` in sending order."""
    sent = []
    seen = set(Reminder.objects.values_list("pk", flat=True))
    for day in days(first, last):
        clock.move_to(cst(day))
        with capture(execute=True):
            reminder_sweep()
        new = list(Reminder.objects.exclude(pk__in=seen).filter(sent_at__isnull=False)
                   .order_by("pk"))
        assert all(r.sent_at is not None for r in new)
        sent += [(day, r.rung, names[r.hazard_id or r.district_id], r.period) for r in new]
        seen |= {r.pk for r in new}

        counts = (Reminder.objects.count(), len(mail.outbox), Notification.objects.count())
        with capture(execute=True):
            again = reminder_sweep()
        assert again.total_created == 0
        assert (Reminder.objects.count(), len(mail.outbox),
                Notification.objects.count()) == counts
    return sent


@pytest.fixture
def two_hazards(clock, enterprise, enterprise_officer, office_head):
    """A general hazard due Friday 2024-05-31 and a major one due Monday 2024-06-03, both
    ordered on Monday 2024-05-27, in 涪陵区."""
    general = factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise,
                                  deadline=D(2024, 5, 31), description="配电箱未接地")
    major = factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise,
                                deadline=D(2024, 6, 3), grade=HazardGrade.MAJOR,
                                description="液氨储罐区未设泄漏报警")
    names = {general.pk: "general", major.pk: "major", "500102": "涪陵区"}
    return general, major, names


def test_ladder_sends_expected_messages_in_order_with_daily_overdue(
        clock, ladder_settings, two_hazards, django_capture_on_commit_callbacks):
    _, _, names = two_hazards

    sent = run_days(clock, D(2024, 5, 27), D(2024, 6, 10),
                    django_capture_on_commit_callbacks, names)

    daily_overdue = [(D(2024, 6, d), OVERDUE, "general", D(2024, 6, d)) for d in (8, 9)] + [
        (D(2024, 6, d), OVERDUE, "major", D(2024, 6, d)) for d in (8, 9)]
    assert sent == [
        (D(2024, 5, 27), DIGEST, "涪陵区", D(2024, 5, 27)),
        (D(2024, 5, 28), DUE_SOON, "general", D(2024, 5, 31)),
        (D(2024, 5, 31), DUE_SOON, "major", D(2024, 6, 3)),
        (D(2024, 6, 1), OVERDUE, "general", D(2024, 6, 1)),
        (D(2024, 6, 2), OVERDUE, "general", D(2024, 6, 2)),
        (D(2024, 6, 3), OVERDUE, "general", D(2024, 6, 3)),
        (D(2024, 6, 3), DIGEST, "涪陵区", D(2024, 6, 3)),
        (D(2024, 6, 4), OVERDUE, "general", D(2024, 6, 4)),
        (D(2024, 6, 4), OVERDUE, "major", D(2024, 6, 4)),
        (D(2024, 6, 4), MAJOR, "major", D(2024, 6, 3)),
        (D(2024, 6, 5), OVERDUE, "general", D(2024, 6, 5)),
        (D(2024, 6, 5), OVERDUE, "major", D(2024, 6, 5)),
        (D(2024, 6, 6), OVERDUE, "general", D(2024, 6, 6)),
        (D(2024, 6, 6), OVERDUE, "major", D(2024, 6, 6)),
        (D(2024, 6, 7), OVERDUE, "general", D(2024, 6, 7)),
        (D(2024, 6, 7), OVERDUE, "major", D(2024, 6, 7)),
        (D(2024, 6, 7), ESCALATED, "general", D(2024, 5, 31)),
        (D(2024, 6, 8), OVERDUE, "general", D(2024, 6, 8)),
        (D(2024, 6, 8), OVERDUE, "major", D(2024, 6, 8)),
        (D(2024, 6, 9), OVERDUE, "general", D(2024, 6, 9)),
        (D(2024, 6, 9), OVERDUE, "major", D(2024, 6, 9)),
        (D(2024, 6, 10), OVERDUE, "general", D(2024, 6, 10)),
        (D(2024, 6, 10), OVERDUE, "major", D(2024, 6, 10)),
        (D(2024, 6, 10), ESCALATED, "major", D(2024, 6, 3)),
        (D(2024, 6, 10), DIGEST, "涪陵区", D(2024, 6, 10)),
    ]
    assert sorted(daily_overdue) == sorted(s for s in sent if s[0] in (D(2024, 6, 8),
                                                                          D(2024, 6, 9)))


def test_ladder_with_weekly_overdue_sends_first_day_then_weekly(
        clock, ladder_settings, two_hazards, django_capture_on_commit_callbacks):
    ladder_settings.REMINDER_OVERDUE_REPEAT_DAYS = 7
    _, _, names = two_hazards

    sent = run_days(clock, D(2024, 5, 27), D(2024, 6, 11),
                    django_capture_on_commit_callbacks, names)

    assert [s for s in sent if s[1] == OVERDUE] == [
        (D(2024, 6, 1), OVERDUE, "general", D(2024, 6, 1)),
        (D(2024, 6, 4), OVERDUE, "major", D(2024, 6, 4)),
        (D(2024, 6, 8), OVERDUE, "general", D(2024, 6, 8)),
        (D(2024, 6, 11), OVERDUE, "major", D(2024, 6, 11)),
    ]
    assert [s for s in sent if s[1] in (ESCALATED, MAJOR)] == [
        (D(2024, 6, 4), MAJOR, "major", D(2024, 6, 3)),
        (D(2024, 6, 7), ESCALATED, "general", D(2024, 5, 31)),
        (D(2024, 6, 10), ESCALATED, "major", D(2024, 6, 3)),
    ]


def test_ladder_catches_up_a_missed_day_once(
        clock, ladder_settings, two_hazards, django_capture_on_commit_callbacks):
    """Beat was down on Monday 2024-06-03: Tuesday sends that week's digest, once."""
    _, _, names = two_hazards
    run_days(clock, D(2024, 5, 27), D(2024, 6, 2), django_capture_on_commit_callbacks, names)

    sent = run_days(clock, D(2024, 6, 4), D(2024, 6, 5),
                    django_capture_on_commit_callbacks, names)

    assert [s for s in sent if s[1] == DIGEST] == [(D(2024, 6, 4), DIGEST, "涪陵区",
                                                    D(2024, 6, 3))]


def test_ladder_stops_when_the_hazard_is_closed(
        clock, ladder_settings, enterprise, inspector, django_capture_on_commit_callbacks):
    from hazards import services

    hazard = factories.hazard_in(HazardStatus.PENDING_VERIFICATION, enterprise=enterprise,
                                 deadline=D(2024, 5, 31))
    clock.move_to(cst(D(2024, 6, 1)))
    with django_capture_on_commit_callbacks(execute=True):
        reminder_sweep()
    services.hazard_verify(hazard=hazard, actor=inspector, passed=True, opinion="已整改到位",
                           officers=factories.two_officers(hazard.district_id))

    clock.move_to(cst(D(2024, 6, 2)))
    with django_capture_on_commit_callbacks(execute=True):
        reminder_sweep()

    assert list(Reminder.objects.filter(hazard=hazard).values_list("rung", "period")) == [
        (OVERDUE, D(2024, 6, 1))]


def test_an_approved_extension_starts_the_ladder_again_for_the_new_deadline(
        clock, ladder_settings, enterprise, enterprise_officer, district_official,
        django_capture_on_commit_callbacks):
    from hazards import services
    ladder_settings.REMINDER_DIGEST_WEEKDAY = 7
    hazard = factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise,
                                 deadline=D(2024, 5, 31))
    names = {hazard.pk: "hazard"}
    run_days(clock, D(2024, 5, 28), D(2024, 5, 29), django_capture_on_commit_callbacks, names)
    extension = services.hazard_request_extension(
        hazard=hazard, actor=enterprise_officer, new_deadline=D(2024, 6, 14),
        reason="设备到货延迟")
    services.extension_decide(extension=extension, actor=district_official, approve=True)

    sent = run_days(clock, D(2024, 5, 30), D(2024, 6, 15),
                    django_capture_on_commit_callbacks, names)

    assert sent == [(D(2024, 6, 11), DUE_SOON, "hazard", D(2024, 6, 14)),
                    (D(2024, 6, 15), OVERDUE, "hazard", D(2024, 6, 15))]
