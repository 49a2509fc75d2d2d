"""The security audit log (安全审计, GB/T 22239-2019 8.1.4.3): write, read, purge.

Rules:
- one writer, ``security_event_record``; rows are append-only (``SecurityEvent``);
- kept ``SECURITY_EVENT_RETENTION_DAYS`` days (at least 180, a system check refuses less:
  GB/T 22239-2019 asks for six months); ``security_events_purge`` is the only code that deletes,
  and only rows older than that. On PostgreSQL a trigger (migration 0004) refuses any UPDATE and
  any DELETE not made inside the purge's transaction, which sets ``hazards.security_purge``;
- read by city officials and administrators only (``may_read_security_log``).
"""
import datetime
import logging

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from core.requests import client_ip, current_request, current_request_id

from .enums import Role, SecurityEventKind
from .models import SecurityEvent

logger = logging.getLogger("security")
MIN_RETENTION_DAYS = 180
PURGE_BATCH = 5000


def security_event_record(*, kind: str, actor=None, username: str = "", request=None,
                          target=None, detail: dict | None = None,
                          at: datetime.datetime | None = None) -> SecurityEvent:
    """Append one audit row.

    Inputs: ``kind`` (a SecurityEventKind); ``actor`` (a User or None); ``username`` (what was
    typed, defaults to the actor's); ``request`` (default: the request being served, for the
    address, client and request id); ``target`` (any model instance the event is about);
    ``detail`` (JSON-serialisable dict). Output: the saved row. It is written in the caller's
    transaction when there is one, so an event is never recorded for a change that rolled back.
    Side effect: the same event as one line of the ``security`` logger (JSON logs in
    production).
    """
    request = request if request is not None else current_request()
    actor = actor if getattr(actor, "is_authenticated", False) else None
    event = SecurityEvent(
        at=at or timezone.now(), kind=kind, actor=actor,
        username=(username or (actor.get_username() if actor else ""))[:150],
        ip=client_ip(request),
        user_agent=(request.META.get("HTTP_USER_AGENT", "")[:200] if request is not None
                    else ""),
        request_id=getattr(request, "request_id", "") or (
            current_request_id() if request is not None else ""),
        detail=detail or {})
    if target is not None:
        event.object_type = target._meta.label_lower
        event.object_id = str(target.pk)
        event.object_repr = str(target)[:200]
    event.save()
    logger.info("security event %s", kind, extra={
        "event": kind, "username": event.username, "ip": event.ip,
        "object": f"{event.object_type}:{event.object_id}" if event.object_type else ""})
    return event


def retention_days() -> int:
    """``SECURITY_EVENT_RETENTION_DAYS`` (never below 180)."""
    return max(MIN_RETENTION_DAYS, int(getattr(settings, "SECURITY_EVENT_RETENTION_DAYS",
                                               MIN_RETENTION_DAYS)))


def security_events_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete audit rows older than the retention period, in batches; the one deletion rule.

    Output: how many rows were deleted. Side effect: one ``audit.purged`` row recording the
    cut-off and the count (when anything was deleted). Runs from the beat task
    ``accounts.purge_security_events`` (daily).
    """
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=retention_days())
    deleted = 0
    while True:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    # the trigger lets DELETE through only inside this transaction
                    cursor.execute("SET LOCAL hazards.security_purge = 'on'")
            ids = list(SecurityEvent.objects.filter(at__lt=cutoff).order_by("at", "id")
                       .values_list("id", flat=True)[:PURGE_BATCH])
            if not ids:
                break
            # QuerySet.delete is refused on this model; the purge uses Django's raw delete
            count = SecurityEvent.objects.filter(id__in=ids)._raw_delete(SecurityEvent.objects.db)
            deleted += count
    if deleted:
        security_event_record(kind=SecurityEventKind.AUDIT_PURGED, request=None,
                              detail={"before": cutoff.isoformat(), "deleted": deleted})
    return deleted


def may_read_security_log(user) -> bool:
    """City officials and administrators read (search, export) the security audit log."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active
                and (user.role == Role.CITY_OFFICIAL or user.is_superuser))


def security_events_search(*, kind: str = "", username: str = "", ip: str = "",
                           since: datetime.date | None = None,
                           until: datetime.date | None = None):
    """Audit rows matching the filters, newest first. ``since``/``until`` are CST calendar
    dates, both inclusive; ``username`` matches the account exactly (index)."""
    rows = SecurityEvent.objects.select_related("actor")
    if kind:
        rows = rows.filter(kind=kind)
    if username:
        rows = rows.filter(Q(username=username))
    if ip:
        rows = rows.filter(ip=ip)
    if since:
        rows = rows.filter(at__gte=_cst_midnight(since))
    if until:
        rows = rows.filter(at__lt=_cst_midnight(until + datetime.timedelta(days=1)))
    return rows.order_by("-at", "-id")


def _cst_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
