"""The e-mail outbox: nothing lost, nothing sent twice silently (brief §7).

Guarantee, stated once:

- The in-app inbox is exactly once: its rows are written in the reminder's claim transaction
  (``notifications.services.reminder_send``; the Reminder unique constraints and the
  compare-and-set on ``sent_at``).
- E-mail is at most once automatically, and never lost silently. Each message is an
  ``OutboxMail`` row committed together with the inbox rows, BEFORE anything is sent. A sender
  claims a row ``pending → sending`` with a compare-and-set and commits that claim, then sends,
  then marks it ``sent``.
  * A definite failure (the server could not be reached or refused the sender, the recipient or
    the data) means the message was not accepted: the row goes back to ``pending`` and is
    retried with a growing delay (1, 2, 4 … minutes), at most ``EMAIL_MAX_ATTEMPTS`` times,
    then ``failed``.
  * An ambiguous end (a time-out or disconnection after the data was handed over, a worker
    killed mid-send: a row still ``sending`` after ``EMAIL_TIMEOUT`` × 2 + 60 s) may or may not
    have been delivered: the row becomes ``unknown`` and is NOT retried automatically. It is
    listed for a person (``/notifications/outbox/``), who resends it or marks it delivered;
    every attempt carries the same Message-ID, so a copy that arrived can be found in the mail
    server's log.
- ``outbox_dispatch_due`` (beat, every minute) sends rows that are due and settles stale
  ``sending`` rows.
"""
import datetime
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from .models import MailStatus, OutboxMail

logger = logging.getLogger(__name__)

# errors that mean the server did not take the message (safe to retry); a refused TCP
# connection never carried any data
DEFINITE_FAILURES = (ConnectionRefusedError, smtplib.SMTPSenderRefused, smtplib.SMTPRecipientsRefused,
                     smtplib.SMTPDataError, smtplib.SMTPAuthenticationError,
                     smtplib.SMTPHeloError, smtplib.SMTPNotSupportedError)


def max_attempts() -> int:
    return getattr(settings, "EMAIL_MAX_ATTEMPTS", 5)


def stale_after() -> datetime.timedelta:
    """How long a ``sending`` row may stay so before its outcome counts as unknown."""
    return datetime.timedelta(seconds=2 * getattr(settings, "EMAIL_TIMEOUT", 30) + 60)


def message_id_for(*, reminder_id: int, to: str) -> str:
    domain = (settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1] or "localhost").strip(">")
    import hashlib

    digest = hashlib.sha256(to.lower().encode()).hexdigest()[:16]
    return f"<reminder-{reminder_id}-{digest}@{domain}>"


def outbox_add(*, reminder, subject: str, body: str, addresses) -> list[int]:
    """Queue one mail per address for ``reminder`` in the caller's transaction. Output: the
    new rows' ids (an address already queued for this reminder is not queued again)."""
    rows = [OutboxMail(reminder=reminder, to=address, subject=subject[:200], body=body,
                       message_id=message_id_for(reminder_id=reminder.pk, to=address))
            for address in addresses]
    OutboxMail.objects.bulk_create(rows, ignore_conflicts=True)
    return list(OutboxMail.objects.filter(reminder=reminder, status=MailStatus.PENDING)
                .values_list("pk", flat=True))


def _claim(mail_id: int, now) -> bool:
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    with transaction.atomic():
        return OutboxMail.objects.filter(due, pk=mail_id, status=MailStatus.PENDING).update(
            status=MailStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1) == 1


def outbox_send(*, mail_id: int, connection=None) -> str:
    """Send one queued mail if it is due and nobody else has claimed it.

    Output: the row's status after this call ("sent", "pending" for a retry later, "failed",
    "unknown"), or "" when there was nothing to do (claimed elsewhere, not due, settled).
    Call it outside any transaction: the claim must be committed before the mail leaves.
    """
    now = timezone.now()
    if not _claim(mail_id, now):
        return ""
    mail = OutboxMail.objects.get(pk=mail_id)
    message = EmailMessage(subject=mail.subject, body=mail.body, to=[mail.to],
                           headers={"Message-ID": mail.message_id})
    connection = connection or get_connection()
    try:
        connection.open()
    except (OSError, smtplib.SMTPException) as exc:  # nothing was handed over
        return _failed(mail, exc)
    try:
        connection.send_messages([message])
    except DEFINITE_FAILURES as exc:
        return _failed(mail, exc)
    except (TimeoutError, OSError, smtplib.SMTPException) as exc:
        OutboxMail.objects.filter(pk=mail.pk, status=MailStatus.SENDING).update(
            status=MailStatus.UNKNOWN, last_error=repr(exc)[:2000])
        logger.warning("mail %s: outcome unknown (%r); listed for a person", mail.pk, exc)
        return MailStatus.UNKNOWN
    finally:
        try:
            connection.close()
        except Exception:  # closing a broken connection may fail again; the outcome stands
            logger.debug("closing the mail connection failed", exc_info=True)
    OutboxMail.objects.filter(pk=mail.pk, status=MailStatus.SENDING).update(
        status=MailStatus.SENT, sent_at=timezone.now(), last_error="")
    return MailStatus.SENT


def _failed(mail: OutboxMail, exc) -> str:
    attempts = mail.attempts
    if attempts >= max_attempts():
        status, next_at = MailStatus.FAILED, None
    else:
        status = MailStatus.PENDING
        next_at = timezone.now() + datetime.timedelta(minutes=2 ** (attempts - 1))
    OutboxMail.objects.filter(pk=mail.pk, status=MailStatus.SENDING).update(
        status=status, next_attempt_at=next_at, last_error=repr(exc)[:2000])
    logger.warning("mail %s not accepted (%r): %s", mail.pk, exc, status)
    return status


def outbox_settle_stale(*, now=None) -> int:
    """Rows still ``sending`` past ``stale_after()`` (the sender died mid-send) become
    ``unknown``. Output: how many."""
    now = now or timezone.now()
    return OutboxMail.objects.filter(status=MailStatus.SENDING,
                                     claimed_at__lt=now - stale_after()).update(
        status=MailStatus.UNKNOWN, last_error="sender stopped during the send (worker killed?)")


def outbox_due_ids(*, now=None, limit: int = 500) -> list[int]:
    now = now or timezone.now()
    return list(OutboxMail.objects.filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
        status=MailStatus.PENDING).order_by("pk").values_list("pk", flat=True)[:limit])


def outbox_dispatch_due(*, now=None) -> dict:
    """Beat's minute: settle stale rows, then send every due row. Output: counts by result."""
    counts = {"settled_unknown": outbox_settle_stale(now=now)}
    for mail_id in outbox_due_ids(now=now):
        result = outbox_send(mail_id=mail_id)
        if result:
            counts[result] = counts.get(result, 0) + 1
    return counts


def outbox_resend(*, mail_id: int, actor) -> OutboxMail:
    """A person decides an ``unknown`` or ``failed`` mail is to be sent (again). The next
    dispatch sends it. Errors: OutboxMail.DoesNotExist when it is not waiting for a person."""
    mail = OutboxMail.objects.get(pk=mail_id, status__in=[MailStatus.UNKNOWN,
                                                           MailStatus.FAILED])
    OutboxMail.objects.filter(pk=mail.pk, status=mail.status).update(
        status=MailStatus.PENDING, next_attempt_at=None, resolved_by=actor)
    mail.refresh_from_db()
    return mail


def outbox_mark_delivered(*, mail_id: int, actor) -> OutboxMail:
    """A person confirms an ``unknown`` mail arrived (found in the mail log): it is settled as
    sent and never sent again."""
    mail = OutboxMail.objects.get(pk=mail_id, status=MailStatus.UNKNOWN)
    OutboxMail.objects.filter(pk=mail.pk, status=MailStatus.UNKNOWN).update(
        status=MailStatus.SENT, sent_at=timezone.now(), resolved_by=actor)
    mail.refresh_from_db()
    return mail
