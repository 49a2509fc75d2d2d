"""Security events from Django's auth signals, axes' lockout signal and ``core``'s permission
signal, into the audit log (``accounts.audit``). Connected in ``AccountsConfig.ready``."""
from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from core.signals import permission_denied

from .audit import security_event_record
from .enums import SecurityEventKind


@receiver(user_logged_in, dispatch_uid="audit_login")
def _logged_in(sender, request, user, **kwargs):
    import time

    from .middleware import LAST_SEEN, LOGIN_AT

    if request is not None and hasattr(request, "session"):
        # the session's clocks start at login (idle and absolute time-outs)
        request.session[LOGIN_AT] = request.session[LAST_SEEN] = int(time.time())
    security_event_record(kind=SecurityEventKind.LOGIN_SUCCEEDED, actor=user, request=request,
                          detail={"otp": bool(getattr(user, "otp_device", None))})


@receiver(user_logged_out, dispatch_uid="audit_logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        reason = getattr(request, "logout_reason", "")
        kind = SecurityEventKind.SESSION_EXPIRED if reason else SecurityEventKind.LOGOUT
        security_event_record(kind=kind, actor=user, request=request,
                              detail={"reason": reason} if reason else {})


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    purpose = credentials.get("purpose", "")
    kind = (SecurityEventKind.PASSWORD_CONFIRM_FAILED if purpose
            else SecurityEventKind.LOGIN_FAILED)
    detail = {"locked": bool(getattr(request, "axes_locked_out", False))}
    if purpose:
        detail["purpose"] = purpose
    if request is not None and getattr(request, "path", ""):
        detail["path"] = request.path[:200]
    security_event_record(kind=kind, username=str(credentials.get("username") or "")[:150],
                          request=request, detail=detail)


@receiver(user_locked_out, dispatch_uid="audit_locked_out")
def _locked_out(sender, request, username=None, ip_address=None, **kwargs):
    security_event_record(kind=SecurityEventKind.LOCKED_OUT, username=username or "",
                          request=request, detail={"ip": ip_address or ""})


@receiver(permission_denied, dispatch_uid="audit_permission_denied")
def _permission_denied(sender, request, reason="", **kwargs):
    user = getattr(request, "user", None)
    security_event_record(kind=SecurityEventKind.PERMISSION_DENIED, actor=user, request=request,
                          detail={"path": request.path[:200], "method": request.method,
                                  "reason": str(reason)[:300]})
