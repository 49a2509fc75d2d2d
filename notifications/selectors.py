"""Read-side queries for reminders and the inbox: who receives a message (derived from roles
and scopes, never from hard-coded addresses), which hazards each rung is due for, and a user's
inbox.

Recipients (issue 2 §8, issue 3 §7):

- the responsible contact: the enterprise's safety contact e-mail (``Enterprise.
  safety_contact_email``, mail only) and the enterprise's active safety officers (users with
  role ``enterprise_officer`` of that enterprise: mail and inbox);
- the district office: active district officials of the hazard's district;
- the district office's head: those of them with ``is_office_head``;
- the city: active city officials;
- the supervising authority of a listed major hazard (挂牌督办): the active officials whose
  department bears the authority's name, and the official who placed the listing.
"""
import dataclasses
import datetime

from django.apps import apps
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.enums import Role
from accounts.models import User
from hazards.enums import DEADLINE_RUNNING_STATUSES, OPEN_STATUSES, HazardGrade, HazardStatus
from hazards.models import Hazard, HazardQuerySet

from .models import Notification, Reminder


@dataclasses.dataclass(frozen=True)
class Recipient:
    """One addressee: a user (inbox, and mail when they have an address) or a bare e-mail
    address (mail only)."""

    email: str = ""
    user_id: int | None = None
    name: str = ""

    def as_json(self) -> dict:
        return {"user": self.user_id, "email": self.email, "name": self.name}


def _users(q: Q) -> list[Recipient]:
    rows = (User.objects.filter(q, is_active=True).order_by("pk")
            .values_list("pk", "email", "display_name", "username"))
    return [Recipient(email=email or "", user_id=pk, name=display or username)
            for pk, email, display, username in rows]


def enterprise_contacts(enterprise) -> list[Recipient]:
    """The responsible contact of ``enterprise``: its safety contact e-mail, then its active
    safety officers. One query."""
    found = []
    if enterprise.safety_contact_email:
        found.append(Recipient(email=enterprise.safety_contact_email,
                               name=enterprise.safety_contact_name))
    return found + _users(Q(role=Role.ENTERPRISE_OFFICER, enterprise_id=enterprise.pk))


def district_office(district_id: str) -> list[Recipient]:
    """Active district officials of ``district_id``. One query."""
    return _users(Q(role=Role.DISTRICT_OFFICIAL, district_id=district_id))


def district_office_heads(district_id: str) -> list[Recipient]:
    """The head(s) of the district office (``User.is_office_head``). When no head is marked,
    the whole district office, so that an escalation never goes nowhere. One or two
    queries."""
    heads = _users(Q(role=Role.DISTRICT_OFFICIAL, district_id=district_id, is_office_head=True))
    return heads or district_office(district_id)


def city_officials() -> list[Recipient]:
    """Active city officials. One query."""
    return _users(Q(role=Role.CITY_OFFICIAL))


def supervising_authority(hazard) -> list[Recipient]:
    """Who supervises ``hazard`` under an active listing (挂牌督办), if any: active officials
    whose department is named as the authority, and the official who placed the listing.
    Empty when the hazard is not listed (the city officials receive it anyway)."""
    try:
        supervision_model = apps.get_model("hazards", "Supervision")
    except LookupError:  # listed supervision not installed: the city stands in for it
        return []
    supervision = (supervision_model.objects.filter(hazard=hazard, lifted_on__isnull=True)
                   .order_by("-started_on", "-pk").first())
    if supervision is None:
        return []
    return _users(Q(department__name=supervision.authority,
                    role__in=[Role.CITY_OFFICIAL, Role.DISTRICT_OFFICIAL])
                  | Q(pk=supervision.placed_by_id))


def unique_recipients(recipients) -> list[Recipient]:
    """``recipients`` without repeats: one entry per user, and one per e-mail address (a
    bare address that is also a user's address is dropped)."""
    seen_users, seen_emails, result = set(), set(), []
    for r in recipients:
        key_email = r.email.strip().lower()
        if r.user_id is not None:
            if r.user_id in seen_users:
                continue
            seen_users.add(r.user_id)
        elif not key_email or key_email in seen_emails:
            continue
        if key_email:
            seen_emails.add(key_email)
        result.append(r)
    # a bare address added before the user with the same address: keep only the user
    user_emails = {r.email.strip().lower() for r in result if r.user_id is not None}
    return [r for r in result
            if r.user_id is not None or r.email.strip().lower() not in user_emails]


# --- which hazards each rung is due for, on a CST day ``on`` ---------------------------------

def hazards_due_soon(*, on: datetime.date, days: int) -> HazardQuerySet:
    """Hazards being rectified whose deadline falls within ``days`` days from ``on``
    (inclusive). Served by the ``hazard_open_deadline`` partial index."""
    return Hazard.objects.filter(status=HazardStatus.RECTIFYING,
                                 rectification_deadline__gte=on,
                                 rectification_deadline__lte=on + datetime.timedelta(days=days))


def hazards_overdue(*, on: datetime.date) -> HazardQuerySet:
    """Hazards overdue on ``on`` (docs/domain.md "Rules and their sources": from 00:00 CST
    the day after the deadline)."""
    return Hazard.objects.overdue(on=on)


def hazards_overdue_for_escalation(*, on: datetime.date, days: int) -> HazardQuerySet:
    """Hazards at least ``days`` days overdue on ``on``."""
    return Hazard.objects.overdue(on=on).filter(
        rectification_deadline__lte=on - datetime.timedelta(days=days))


def major_hazards_overdue(*, on: datetime.date) -> HazardQuerySet:
    """Major hazards overdue on ``on``."""
    return Hazard.objects.overdue(on=on).filter(grade=HazardGrade.MAJOR)


def district_ids_with_office() -> list[str]:
    """Codes of the districts that have at least one active district official (the digest's
    audience). A few dozen rows."""
    return list(User.objects.filter(role=Role.DISTRICT_OFFICIAL, is_active=True)
                .order_by("district_id").values_list("district_id", flat=True).distinct())


def district_digest_counts(*, district_id: str, week_start: datetime.date,
                           on: datetime.date) -> dict:
    """The weekly digest's figures for one district: open hazards, deadlines falling this
    week (Monday ``week_start`` to Sunday, deadline still running), overdue on ``on``, and open
    major hazards. One aggregate query (on the async path only)."""
    running = Q(status__in=list(DEADLINE_RUNNING_STATUSES))
    return (Hazard.objects.filter(district_id=district_id, status__in=list(OPEN_STATUSES))
            .order_by()
            .aggregate(open=Count("pk"),
                       due_this_week=Count("pk", filter=running & Q(
                           rectification_deadline__gte=week_start,
                           rectification_deadline__lte=week_start + datetime.timedelta(days=6))),
                       overdue=Count("pk", filter=running & Q(rectification_deadline__lt=on)),
                       major=Count("pk", filter=Q(grade=HazardGrade.MAJOR))))


def reminders_for_hazard(hazard) -> QuerySet:
    """The ladder messages recorded for ``hazard`` (sent or skipped), oldest first, for its
    page. The caller has already checked that the user may see the hazard. One query."""
    return (Reminder.objects.filter(hazard=hazard, sent_at__isnull=False)
            .order_by("sent_at", "pk"))


# --- the inbox ------------------------------------------------------------------------------

UNREAD_BADGE_CAP = 99


def notifications_for(user) -> QuerySet:
    """The inbox of ``user``: their own notifications, newest first (never anyone else's)."""
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return (Notification.objects.filter(recipient=user)
            .select_related("hazard").order_by("-created_at", "-id"))


def notification_get_for(user, pk) -> Notification:
    """Notification ``pk`` if it belongs to ``user``; Http404 otherwise."""
    return get_object_or_404(notifications_for(user), pk=pk)


def unread_count(user, *, cap: int = UNREAD_BADGE_CAP) -> int:
    """How many unread notifications ``user`` has, counted up to ``cap + 1`` so that the
    header badge costs one bounded query on the ``notification_unread`` partial index,
    however large the inbox (show "99+" above ``cap``)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return (Notification.objects.filter(recipient=user, read_at__isnull=True)
            .order_by()[:cap + 1].count())
