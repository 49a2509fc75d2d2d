"""Session and account policy on every browser request (GB/T 22239-2019 8.1.4.2 identity:
session time-outs, password expiry, a second factor for officials).

In order, for a user signed in by session (API token requests are not sessions and pass):

1. idle time-out: no request for ``SESSION_IDLE_MINUTES`` (officials and inspectors, default
   30) or ``SESSION_IDLE_MINUTES_ENTERPRISE`` (enterprise officers) ends the session;
2. absolute lifetime: ``SESSION_ABSOLUTE_MINUTES`` after login the session ends, active or not;
3. a second factor: when ``OTP_REQUIRED_FOR_OFFICIALS`` is on, a user who must have one
   (``accounts.otp.otp_required_for``) and has not verified it in this session is sent to
   enrol (pages) or refused with 403 ``otp_required`` (API);
4. a password that must change (forced by an office head, or older than
   ``PASSWORD_MAX_AGE_DAYS``) sends every page to the password change page.
"""
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .otp import otp_required_for
from .passwords import password_must_change

LAST_SEEN = "_last_seen"
LOGIN_AT = "_login_at"
# the session row is rewritten at most this often just to move the idle clock
TOUCH_EVERY_SECONDS = 60
# pages a user may reach while a policy holds them (password change, 2FA enrolment, logout)
_OPEN_PREFIXES = ("/accounts/logout/", "/accounts/password/", "/accounts/otp/", "/i18n/",
                  "/static/", "/healthz/")


def idle_limit_seconds(user) -> int:
    minutes = (settings.SESSION_IDLE_MINUTES_ENTERPRISE if user.is_enterprise_officer
               else settings.SESSION_IDLE_MINUTES)
    return int(minutes) * 60


class AccountPolicyMiddleware:
    """See the module docstring. Goes after AuthenticationMiddleware and OTPMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            response = self._policy(request, user)
            if response is not None:
                return response
        return self.get_response(request)

    def _policy(self, request, user):
        now = int(time.time())
        session = request.session
        login_at = session.get(LOGIN_AT)
        if login_at is None:
            session[LOGIN_AT] = login_at = now
        last_seen = session.get(LAST_SEEN, now)
        if now - last_seen > idle_limit_seconds(user):
            return self._end(request, "idle", _("长时间未操作，已自动退出，请重新登录。"))
        if now - login_at > settings.SESSION_ABSOLUTE_MINUTES * 60:
            return self._end(request, "absolute", _("登录时间已到上限，请重新登录。"))
        if now - last_seen >= TOUCH_EVERY_SECONDS or LAST_SEEN not in session:
            session[LAST_SEEN] = now
        path = request.path
        if path.startswith(_OPEN_PREFIXES):
            return None
        api = path.startswith("/api/")
        if (settings.OTP_REQUIRED_FOR_OFFICIALS and otp_required_for(user)
                and not user.is_verified()):
            if api:
                return JsonResponse({"code": "otp_required", "detail": _(
                    "您的账号须启用双因素认证：请先在网页上完成设置，或使用 API 令牌。"),
                    "fields": {}}, status=403)
            messages.warning(request, _("您的账号须启用双因素认证（动态验证码）后才能继续使用。"))
            return redirect(reverse("accounts:otp_setup"))
        if not api and password_must_change(user):
            messages.warning(request, _("您的密码须修改后才能继续使用系统。"))
            return redirect(reverse("accounts:password_change"))
        return None

    def _end(self, request, reason, message):
        request.logout_reason = reason
        logout(request)
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"code": "not_authenticated", "detail": message, "fields": {}}, status=401)
        messages.info(request, message)
        return redirect(f"{reverse('accounts:login')}?next={request.get_full_path()}")
