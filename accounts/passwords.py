"""Password rules beyond Django's validators: age and forced change (GB/T 22239-2019
8.1.4.1 b: passwords of sufficient complexity, changed periodically).

Complexity is ``AUTH_PASSWORD_VALIDATORS`` (length ``PASSWORD_MIN_LENGTH``, default 10; not a
common password; not similar to the username or name; not all digits). Age:
``PASSWORD_MAX_AGE_DAYS`` (0 = no expiry) counted from ``User.password_changed_at``.
"""
import datetime

from django.conf import settings
from django.contrib.auth import update_session_auth_hash
from django.db import transaction
from django.utils import timezone

from .enums import SecurityEventKind


def password_expired(user, *, now: datetime.datetime | None = None) -> bool:
    """True when ``PASSWORD_MAX_AGE_DAYS`` > 0 and the password is older than that (a user
    who never changed it through the product counts from ``date_joined``)."""
    days = getattr(settings, "PASSWORD_MAX_AGE_DAYS", 0)
    if not days:
        return False
    since = user.password_changed_at or user.date_joined
    return (now or timezone.now()) - since > datetime.timedelta(days=days)


def password_must_change(user) -> bool:
    """Whether every page sends ``user`` to change their password first."""
    return bool(user.must_change_password) or password_expired(user)


def password_changed(*, user, request=None, kind=SecurityEventKind.PASSWORD_CHANGED) -> None:
    """Record that ``user``'s password was just set (by them, or through a reset link).

    Side effects: ``password_changed_at`` = now, ``must_change_password`` cleared, the audit
    row. Other sessions end by themselves (Django checks each session's password hash); the
    current one is kept when ``request`` is the user's own.
    """
    from .audit import security_event_record

    with transaction.atomic():
        user.password_changed_at = timezone.now()
        user.must_change_password = False
        user.save(update_fields=["password_changed_at", "must_change_password"])
        security_event_record(kind=kind, actor=user, request=request, target=user)
    if request is not None and getattr(request, "user", None) == user:
        update_session_auth_hash(request, user)
