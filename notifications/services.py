"""The reminder and escalation ladder (issue 2 §8, issue 3 §6) and the in-app inbox (§7).

The ladder
==========

One daily sweep (``reminder_sweep``, fired by beat at 08:00 Asia/Shanghai, or run by
``manage.py send_rectification_reminders --date``) decides, for the CST day ``on``, which
messages are due. Each rung is keyed by (hazard, rung, period) — the digest by (district,
rung, period) — so each message exists once, whatever fires it.

Rungs, in the order a day's messages go out (N, R, E, W are settings):

- ``due_soon``: a hazard being rectified whose deadline is at most N days away
  (``REMINDER_DUE_SOON_DAYS``, 3) → the responsible contact (enterprise). Period: the deadline.
- ``overdue``: an overdue hazard, on its first overdue day and then every R days
  (``REMINDER_OVERDUE_REPEAT_DAYS``, 1) → the responsible contact and the district office.
  Period: the first day of the current repeat window.
- ``overdue_escalated``: at least E days overdue (``REMINDER_ESCALATE_AFTER_DAYS``, 7) → the
  district office's head. Period: the deadline.
- ``major_overdue``: a major hazard, overdue (at once, the first overdue day) → the supervising
  authority of its listing (挂牌督办), if any, and the city officials. Period: the deadline.
- ``weekly_digest``: per district office, from weekday W of the week on
  (``REMINDER_DIGEST_WEEKDAY``, Monday) → the district officials: open, due this week,
  overdue, major. Period: the Monday of the week.

How issue 2 and issue 3 relate. Issue 2 asks for "one reminder per hazard per day" to the
responsible contact and the district office; issue 3 asks for an overdue reminder "on the first
overdue day and then weekly". Both are the same rung, ``overdue``, with a different repeat
window R: the period is ``deadline + 1 + k·R`` (the first day of the current window), so R = 1
is issue 2's daily reminder and R = 7 is issue 3's first-day-then-weekly reminder. The default
is R = 1 (issue 2 is the contract the spine was accepted on; an office that finds daily mail
too much sets ``REMINDER_OVERDUE_REPEAT_DAYS=7``). The other rungs are issue 3's escalation on
top and fire once per deadline, so an approved extension (a new deadline) starts the ladder
afresh. Keying by period also gives catch-up for free: if beat missed a day, the next sweep
sends the window's reminder then, and never twice.

Exactly once
============

The sweep reads candidates in keyset batches (never the whole table), inserts the batch's
Reminder rows with ON CONFLICT DO NOTHING (the unique constraints), and hands every row of the
batch that is still unsent to ``dispatch`` after the batch commits (``transaction.on_commit``).
``reminder_send`` claims a row with a compare-and-set on ``sent_at`` (CONVENTIONS.md §7) inside
the transaction that writes the inbox rows and queues one ``OutboxMail`` per address: a second
sweep, a retried task or a second worker finds ``sent_at`` set and does nothing. The mails leave
after that transaction commits, through the outbox (``notifications.outbox`` states the
guarantee: inbox exactly once; e-mail never lost and never sent twice silently).
"""
import dataclasses
import datetime
import logging
from collections.abc import Callable, Iterator

from django.conf import settings
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from enterprises.models import District
from hazards.enums import DEADLINE_RUNNING_STATUSES, HazardStatus

from . import selectors
from .enums import ReminderRung
from .models import Notification, Reminder
from .outbox import outbox_add, outbox_send

logger = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class Ladder:
    """The ladder's timings (settings ``REMINDER_*``), read once per sweep."""

    due_soon_days: int
    overdue_repeat_days: int
    escalate_after_days: int
    digest_weekday: int
    batch_size: int

    @classmethod
    def from_settings(cls) -> "Ladder":
        return cls(due_soon_days=settings.REMINDER_DUE_SOON_DAYS,
                   overdue_repeat_days=max(1, settings.REMINDER_OVERDUE_REPEAT_DAYS),
                   escalate_after_days=settings.REMINDER_ESCALATE_AFTER_DAYS,
                   digest_weekday=settings.REMINDER_DIGEST_WEEKDAY,
                   batch_size=settings.REMINDER_BATCH_SIZE)

    def overdue_period(self, *, deadline: datetime.date, on: datetime.date) -> datetime.date:
        """First day of the repeat window that ``on`` falls in (``on`` is after
        ``deadline``)."""
        first = deadline + datetime.timedelta(days=1)
        windows = (on - first).days // self.overdue_repeat_days
        return first + datetime.timedelta(days=windows * self.overdue_repeat_days)


@dataclasses.dataclass
class SweepResult:
    """What one sweep did: rows it created and rows it handed to ``dispatch`` (unsent rows,
    including ones created by an earlier run whose send had failed), per rung."""

    created: dict = dataclasses.field(default_factory=dict)
    dispatched: dict = dataclasses.field(default_factory=dict)

    @property
    def total_created(self) -> int:
        return sum(self.created.values())

    @property
    def total_dispatched(self) -> int:
        return sum(self.dispatched.values())


def week_start(day: datetime.date) -> datetime.date:
    """The Monday of ``day``'s week."""
    return day - datetime.timedelta(days=day.weekday())


def _batches(queryset, *, size: int) -> Iterator[list[tuple]]:
    """Keyset pages of ``(pk, deadline)`` over ``queryset`` ordered by pk, ``size`` rows at a
    time: memory stays flat and each page is an index range scan, on a million rows too."""
    last_pk = 0
    while True:
        rows = list(queryset.filter(pk__gt=last_pk).order_by("pk")
                    .values_list("pk", "district_id", "rectification_deadline")[:size])
        if not rows:
            return
        yield rows
        last_pk = rows[-1][0]


def _plan(ladder: Ladder, on: datetime.date):
    """Per hazard rung, in the order messages go out: the candidate queryset and how a
    candidate's period is computed."""
    return [
        (ReminderRung.DUE_SOON,
         selectors.hazards_due_soon(on=on, days=ladder.due_soon_days),
         lambda deadline: deadline),
        (ReminderRung.OVERDUE,
         selectors.hazards_overdue(on=on),
         lambda deadline: ladder.overdue_period(deadline=deadline, on=on)),
        (ReminderRung.OVERDUE_ESCALATED,
         selectors.hazards_overdue_for_escalation(on=on, days=ladder.escalate_after_days),
         lambda deadline: deadline),
        (ReminderRung.MAJOR_OVERDUE,
         selectors.major_hazards_overdue(on=on),
         lambda deadline: deadline),
    ]


def _claim_rows(rung: str, keys: list[tuple], *, by: str, dispatch, result: SweepResult):
    """Insert the Reminder rows for ``keys`` (``(hazard_or_district_id, district_id,
    period)``) if absent, and schedule every still-unsent one for ``dispatch`` after commit.
    Runs inside the caller's transaction."""
    rows = [Reminder(rung=rung, period=period,
                     **{"district_id": district_id, f"{by}_id": target_id})
            for target_id, district_id, period in keys]
    before = Reminder.objects.filter(rung=rung, **{f"{by}_id__in": [k[0] for k in keys]})
    if by == "district":
        before = before.filter(hazard__isnull=True)
    existing = set(before.values_list(f"{by}_id", "period"))
    Reminder.objects.bulk_create(rows, ignore_conflicts=True)
    wanted = {(k[0], k[2]) for k in keys}
    rung = str(rung)  # plain strings in results, logs and task return values
    result.created[rung] = result.created.get(rung, 0) + len(wanted - existing)
    unsent = (Reminder.objects.filter(rung=rung, sent_at__isnull=True,
                                      **{f"{by}_id__in": [k[0] for k in keys]})
              .order_by("pk").values_list("pk", f"{by}_id", "period"))
    if by == "district":
        unsent = unsent.filter(hazard__isnull=True)
    for pk, target_id, period in unsent:
        if (target_id, period) in wanted:
            result.dispatched[rung] = result.dispatched.get(rung, 0) + 1
            transaction.on_commit(lambda pk=pk: dispatch(pk))


def reminder_sweep(*, on: datetime.date | None = None,
                   dispatch: Callable[[int], None] | None = None,
                   ladder: Ladder | None = None) -> SweepResult:
    """Record every ladder message due on CST day ``on`` (default today) and dispatch it.

    Inputs: ``on``; ``dispatch(reminder_id)``, called after each batch commits for every
    unsent row of the batch (default: ``reminder_send`` in-process; the Celery task passes a
    function that enqueues ``notifications.send_reminder``); ``ladder`` (default: settings).
    Output: a SweepResult with counts per rung. Idempotent: rows are keyed by the unique
    constraints and sending is claimed by compare-and-set, so running it again the same day,
    or twice at once, sends nothing twice. Each batch is its own transaction.
    Rule source: issue 2 §8 and issue 3 §6; see the module docstring for the ladder.
    """
    on = on or timezone.localdate()
    ladder = ladder or Ladder.from_settings()
    dispatch = dispatch or (lambda pk: reminder_send(reminder_id=pk))
    result = SweepResult()
    for rung, candidates, period_of in _plan(ladder, on):
        for batch in _batches(candidates, size=ladder.batch_size):
            keys = [(pk, district_id, period_of(deadline))
                    for pk, district_id, deadline in batch]
            with transaction.atomic():
                _claim_rows(rung, keys, by="hazard", dispatch=dispatch, result=result)
    digest_week = week_start(on)
    if on.weekday() >= ladder.digest_weekday:
        district_ids = selectors.district_ids_with_office()
        if district_ids:
            with transaction.atomic():
                _claim_rows(ReminderRung.WEEKLY_DIGEST,
                            [(code, code, digest_week) for code in district_ids],
                            by="district", dispatch=dispatch, result=result)
    logger.info("reminder sweep %s: created %s, dispatched %s", on, result.created,
                result.dispatched)
    return result


# --- sending one message ----------------------------------------------------------------------

def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _hazard_url(hazard_id: int) -> str:
    try:
        return _absolute(reverse("hazards:detail", args=[hazard_id]))
    except NoReverseMatch:  # pages not installed (API-only deployment)
        return _absolute(f"/hazards/{hazard_id}/")


def reminder_applies(reminder: Reminder, *, on: datetime.date) -> bool:
    """Whether ``reminder`` still makes sense on ``on``: a hazard rung is moot once the
    hazard is closed, or its deadline moved (extension approved) away from the one the row
    was made for. The digest always applies."""
    if reminder.rung == ReminderRung.WEEKLY_DIGEST:
        return True
    hazard = reminder.hazard
    if hazard.status not in DEADLINE_RUNNING_STATUSES or hazard.rectification_deadline is None:
        return False
    deadline = hazard.rectification_deadline
    if reminder.rung == ReminderRung.DUE_SOON:
        return (hazard.status == HazardStatus.RECTIFYING and deadline == reminder.period
                and on <= deadline)
    if reminder.rung == ReminderRung.OVERDUE:
        return deadline < reminder.period
    return deadline == reminder.period


def reminder_recipients(reminder: Reminder) -> list[selectors.Recipient]:
    """Who receives ``reminder``, derived from roles and scopes (see ``selectors``)."""
    rung = reminder.rung
    if rung == ReminderRung.WEEKLY_DIGEST:
        found = selectors.district_office(reminder.district_id)
    elif rung == ReminderRung.DUE_SOON:
        found = selectors.enterprise_contacts(reminder.hazard.enterprise)
    elif rung == ReminderRung.OVERDUE:
        found = (selectors.enterprise_contacts(reminder.hazard.enterprise)
                 + selectors.district_office(reminder.hazard.district_id))
    elif rung == ReminderRung.OVERDUE_ESCALATED:
        found = selectors.district_office_heads(reminder.hazard.district_id)
    elif rung == ReminderRung.MAJOR_OVERDUE:
        found = (selectors.supervising_authority(reminder.hazard)
                 + selectors.city_officials())
    else:  # pragma: no cover - the rung check constraint makes this unreachable
        raise ValueError(rung)
    return selectors.unique_recipients(found)


def reminder_message(reminder: Reminder, *, on: datetime.date) -> tuple[str, str]:
    """Subject and body of ``reminder`` in the site language (zh-hans)."""
    if reminder.rung == ReminderRung.WEEKLY_DIGEST:
        district = District.objects.get(pk=reminder.district_id)
        counts = selectors.district_digest_counts(district_id=reminder.district_id,
                                                  week_start=reminder.period, on=on)
        subject = _("【隐患周报】%(district)s %(week)s 当周") % {
            "district": district.name, "week": reminder.period.isoformat()}
        body = _("%(district)s 隐患整改周报（%(week)s 当周，截至 %(on)s）：\n"
                 "未销号隐患 %(open)d 项；本周到期 %(due)d 项；已逾期 %(overdue)d 项；"
                 "未销号重大隐患 %(major)d 项。\n隐患台账：%(url)s") % {
            "district": district.name, "week": reminder.period.isoformat(),
            "on": on.isoformat(), "open": counts["open"], "due": counts["due_this_week"],
            "overdue": counts["overdue"], "major": counts["major"],
            "url": _absolute(_register_path())}
        return subject, body
    hazard = reminder.hazard
    facts = {
        "id": hazard.pk, "enterprise": hazard.enterprise.name,
        "grade": hazard.get_grade_display(), "description": hazard.description[:80],
        "deadline": hazard.rectification_deadline.isoformat(),
        "days": max(0, (on - hazard.rectification_deadline).days),
        "url": _hazard_url(hazard.pk),
    }
    subjects = {
        ReminderRung.DUE_SOON: _("【整改临期】隐患 #%(id)s 将于 %(deadline)s 到期"),
        ReminderRung.OVERDUE: _("【整改逾期】隐患 #%(id)s 已逾期 %(days)s 天"),
        ReminderRung.OVERDUE_ESCALATED: _("【逾期升级】隐患 #%(id)s 已逾期 %(days)s 天，请督促整改"),
        ReminderRung.MAJOR_OVERDUE: _("【重大隐患逾期】隐患 #%(id)s 已逾期，请督办"),
    }
    body = _("%(enterprise)s 的%(grade)s #%(id)s：%(description)s\n"
             "整改期限：%(deadline)s（中国标准时间）；逾期天数：%(days)s。\n"
             "查看隐患：%(url)s") % facts
    return subjects[reminder.rung] % facts, body


def _register_path() -> str:
    try:
        return reverse("hazards:register")
    except NoReverseMatch:
        return "/hazards/"


def reminder_send(*, reminder_id: int, on: datetime.date | None = None) -> bool:
    """Send one recorded reminder, exactly once: by e-mail (Django's mail backend) and to the
    recipients' in-app inboxes.

    Inputs: the Reminder's id; ``on`` (CST day for the message's figures, default today).
    Output: True when this call sent it; False when it was already sent (an earlier run, a
    retry, another worker) or is gone. A row whose hazard no longer needs it (closed, deadline
    moved) is claimed and marked ``skipped`` without sending.
    Side effects: one Notification per recipient user, one queued OutboxMail per address, and
    ``Reminder.recipients``/``sent_at`` — all in one transaction with the claim; after it
    commits, the queued mails are sent (``notifications.outbox.outbox_send``; a mail server
    failure leaves them queued for a retry or for a person). Call it outside a transaction.
    """
    on = on or timezone.localdate()
    with transaction.atomic():
        claimed = (Reminder.objects.filter(pk=reminder_id, sent_at__isnull=True)
                   .update(sent_at=timezone.now()))
        if claimed != 1:
            return False  # sent (or being sent) by an earlier run, a retry or another worker
        reminder = (Reminder.objects
                    .select_related("hazard", "hazard__enterprise", "district")
                    .get(pk=reminder_id))
        if not reminder_applies(reminder, on=on):
            Reminder.objects.filter(pk=reminder_id).update(skipped=True)
            logger.info("reminder %s skipped: no longer applies", reminder_id)
            return False
        recipients = reminder_recipients(reminder)
        with translation.override(settings.LANGUAGE_CODE):
            subject, body = reminder_message(reminder, on=on)
        Notification.objects.bulk_create([
            Notification(recipient_id=r.user_id, subject=subject[:200], body=body,
                         hazard_id=reminder.hazard_id, reminder=reminder)
            for r in recipients if r.user_id is not None])
        Reminder.objects.filter(pk=reminder_id).update(
            recipients=[r.as_json() for r in recipients])
        # two accounts may share an address: one mail per address, each to that address only
        queued = outbox_add(reminder=reminder, subject=subject, body=body,
                            addresses=dict.fromkeys(r.email for r in recipients if r.email))
    for mail_id in queued:
        outbox_send(mail_id=mail_id)
    return True


# --- the inbox ----------------------------------------------------------------------------------

def notification_mark_read(*, user, notification_id: int) -> Notification:
    """Mark one of ``user``'s notifications read (already read: unchanged).

    Errors: Http404 when it is not theirs (scoping: strangers get 404)."""
    notification = selectors.notification_get_for(user, notification_id)
    if notification.read_at is None:
        now = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
        notification.read_at = now
    return notification


def notifications_mark_all_read(*, user) -> int:
    """Mark every unread notification of ``user`` read. Output: how many changed."""
    return (Notification.objects.filter(recipient=user, read_at__isnull=True)
            .update(read_at=timezone.now()))

