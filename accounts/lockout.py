"""Failed logins and password guessing, counted and locked by django-axes.

One rule for every place a password is typed: the login page, the API token endpoint and the
signing confirmation (an officer confirming a record, order or re-inspection opinion with their
own password, ``password_confirm``). Each goes through ``django.contrib.auth.authenticate`` with
axes' backend first in ``AUTHENTICATION_BACKENDS``, so a failure anywhere counts, and a locked
account or address is refused everywhere, the right password included.

Settings: ``AXES_FAILURE_LIMIT`` (env ``LOGIN_FAILURE_LIMIT``, default 5 failures),
``AXES_COOLOFF_TIME`` (env ``LOGIN_LOCKOUT_MINUTES``, default 30), lockout per account and per
address (``lockout_parameters``). A district office head
unlocks an account of their district (``accounts.users.user_unlock``); an administrator or a
city official unlocks an address.
"""
from django.conf import settings
from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils.translation import gettext as _

from core.errors import AccountLocked, ValidationFailed
from core.requests import current_request


class PasswordNotConfirmed(ValidationFailed):
    """A password typed to confirm an action (signing) was wrong or missing."""

    code = "authentication_failed"


def lockout_message() -> str:
    """The Chinese (or English) sentence shown to a locked-out user."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60) if settings.AXES_COOLOFF_TIME \
        else 0
    if minutes:
        return _("密码错误次数过多，账号或地址已被锁定 %(minutes)d 分钟。请稍后再试，"
                 "或联系本区县办负责人解锁。") % {"minutes": minutes}
    return _("密码错误次数过多，账号或地址已被锁定。请联系本区县办负责人解锁。")


def _request_for_service():
    """The request being served, or a bare one (no address) for a caller without one, e.g. a
    test or a management command; axes then counts the failure per account only."""
    request = current_request()
    if request is None:
        request = HttpRequest()
        request.META["REMOTE_ADDR"] = ""
    return request


def is_locked(*, username: str, request=None) -> bool:
    """Whether axes refuses ``username`` (from this request's address) now."""
    from axes.handlers.proxy import AxesProxyHandler

    request = request or _request_for_service()
    return AxesProxyHandler.is_locked(request, {"username": username})


def password_confirm(*, user, password: str, field: str = "password", request=None,
                     purpose: str = "confirm") -> None:
    """Check that ``password`` is ``user``'s own, counting a failure against the lockout.

    Inputs: the user whose password it must be; what was typed; the form ``field`` errors name;
    the request (default: the one being served); ``purpose`` (recorded with a failure, e.g.
    ``signing``). Output: None when confirmed.
    Errors: AccountLocked (the account or address is locked; the right password is refused
    too), PasswordNotConfirmed (wrong, missing, or the user is inactive).
    Side effects: axes records a failure (and may lock); the audit log records the failure
    (``password.confirm_failed``) or the lockout.
    """
    request = request or _request_for_service()
    username = user.get_username()
    if not password:
        raise PasswordNotConfirmed(_("%(name)s 的密码不正确，签署未完成。") % {"name": user},
                                   field=field)
    if is_locked(username=username, request=request):
        _record_refused(user=user, request=request, purpose=purpose)
        raise AccountLocked(lockout_message(), field=field)
    found = authenticate(request, username=username, password=password, purpose=purpose)
    locked_now = getattr(request, "axes_locked_out", False)
    # the caller's page shows the lockout on its own form; axes' middleware must not replace
    # that answer with the login page
    request.axes_locked_out = False
    if found is None or found.pk != user.pk:
        if locked_now:
            raise AccountLocked(lockout_message(), field=field)
        raise PasswordNotConfirmed(_("%(name)s 的密码不正确，签署未完成。") % {"name": user},
                                   field=field)


def _record_refused(*, user, request, purpose):
    from .audit import security_event_record
    from .enums import SecurityEventKind

    security_event_record(kind=SecurityEventKind.PASSWORD_CONFIRM_FAILED, actor=None,
                          username=user.get_username(), request=request, target=user,
                          detail={"purpose": purpose, "locked": True})


def lockout_reset(*, username: str = "", ip: str = "") -> int:
    """Clear axes' failure count for ``username`` and/or ``ip``. Output: rows cleared. Callers
    check who may do it (``accounts.users.user_unlock``) and record it."""
    from axes.utils import reset

    cleared = 0
    if username:
        cleared += reset(username=username)
    if ip:
        cleared += reset(ip=ip)
    return cleared


def lockout_parameters(request_or_attempt, credentials=None) -> list:
    """axes' ``AXES_LOCKOUT_PARAMETERS``: per account, and per address when there is one. A
    caller without a request (a command, a test) has no address, and all such callers must not
    share one lock."""
    address = (getattr(request_or_attempt, "axes_ip_address", None)
               if hasattr(request_or_attempt, "META")
               else getattr(request_or_attempt, "ip_address", None))
    return ["username", "ip_address"] if address else ["username"]
