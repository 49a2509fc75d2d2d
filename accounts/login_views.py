"""Login (password, then a code from the authenticator app when the user has enrolled), the
lockout answer, password change and reset, and two-factor enrolment. Views translate HTTP; the
rules are in ``accounts.lockout``, ``accounts.otp``, ``accounts.passwords``."""
import time

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from .audit import security_event_record
from .enums import SecurityEventKind
from .lockout import lockout_message
from .otp import otp_enrolled, otp_qr_svg, otp_setup_begin, otp_setup_confirm, otp_verify
from .passwords import password_changed

PENDING = "_otp_pending"
# seconds between the password step and the code step
PENDING_SECONDS = 300


def lockout_response(request, original_response=None, credentials=None):
    """What a locked account or address gets (axes' ``AXES_LOCKOUT_CALLABLE``): 429, the API's
    JSON error shape under /api/, else the login page with the lockout sentence."""
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "account_locked", "detail": lockout_message(),
                             "fields": {}}, status=429)
    form = AuthenticationForm(request)
    return render(request, "registration/login.html",
                  {"form": form, "locked_message": lockout_message(),
                   "next": request.POST.get("next", "")}, status=429)


class LoginView(auth_views.LoginView):
    """Step 1: the password (axes counts failures). A user with an authenticator then goes to
    step 2 (``login_otp``) before any session is opened for them."""

    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if otp_enrolled(user):
            self.request.session[PENDING] = {"user": user.pk, "backend": user.backend,
                                             "at": int(time.time()),
                                             "next": self.get_redirect_url()}
            return redirect("accounts:login_otp")
        return super().form_valid(form)


class OtpForm(forms.Form):
    token = forms.CharField(label=gettext_lazy("动态验证码或恢复码"), max_length=20,
                            widget=forms.TextInput(attrs={"autocomplete": "one-time-code",
                                                          "inputmode": "numeric",
                                                          "autofocus": True}))


@never_cache
@sensitive_post_parameters("token")
def login_otp(request):
    """Step 2: a code from the authenticator app, or a recovery code."""
    pending = request.session.get(PENDING)
    if not pending or time.time() - pending["at"] > PENDING_SECONDS:
        request.session.pop(PENDING, None)
        messages.info(request, _("请重新输入账号和密码。"))
        return redirect("accounts:login")
    user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    if user is None:
        return redirect("accounts:login")
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = otp_verify(user=user, token=form.cleaned_data["token"])
        if device is None:
            form.add_error("token", _("验证码不正确或已过期，请重试。"))
        else:
            del request.session[PENDING]
            user.backend = pending["backend"]
            user.otp_device = device  # django-otp marks the session verified on login
            login(request, user, backend=pending["backend"])
            target = pending.get("next") or ""
            if not url_has_allowed_host_and_scheme(target, {request.get_host()},
                                                   require_https=request.is_secure()):
                target = reverse("home")
            return redirect(target)
    return render(request, "registration/login_otp.html", {"form": form})


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change one's own password (the old one is asked). Other sessions end."""

    success_url = reverse_lazy("home")
    template_name = "registration/password_change.html"

    def form_valid(self, form):
        response = super().form_valid(form)
        password_changed(user=form.user, request=self.request)
        messages.success(self.request, _("密码已修改。其他设备上的登录已失效。"))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Ask for a reset link by e-mail. The answer is the same whether or not the address
    belongs to an account (no account enumeration)."""

    success_url = reverse_lazy("accounts:password_reset_done")
    email_template_name = "registration/password_reset_email.txt"
    extra_email_context = {"site_url": settings.SITE_URL.rstrip("/")}
    subject_template_name = "registration/password_reset_subject.txt"

    def form_valid(self, form):
        security_event_record(kind=SecurityEventKind.PASSWORD_RESET_REQUESTED,
                              detail={"email": form.cleaned_data["email"][:100]})
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Set a new password from a link (single use, ``PASSWORD_RESET_TIMEOUT``)."""

    success_url = reverse_lazy("accounts:login")

    def form_valid(self, form):
        response = super().form_valid(form)
        password_changed(user=form.user, kind=SecurityEventKind.PASSWORD_RESET)
        messages.success(self.request, _("密码已设置，请用新密码登录。"))
        return response


@login_required
@never_cache
def otp_setup(request):
    """Enrol an authenticator app: a QR code, then the first code confirms it and shows the
    recovery codes once."""
    if otp_enrolled(request.user) and not request.user.is_verified():
        # replacing an authenticator needs the current one: a password alone must not do it
        messages.error(request, _("请先退出，再用密码和动态验证码登录后重新设置。"))
        return redirect("home")
    codes = None
    form = OtpForm(request.POST or None)
    device_id = request.session.get("_otp_setup_device")
    if request.method == "POST" and device_id and form.is_valid():
        codes = otp_setup_confirm(user=request.user, device_id=device_id,
                                  token=form.cleaned_data["token"])
        if codes is None:
            form.add_error("token", _("验证码不正确，请核对手机时间后重试。"))
        else:
            del request.session["_otp_setup_device"]
            from django_otp import login as otp_login
            from django_otp.plugins.otp_totp.models import TOTPDevice

            otp_login(request, TOTPDevice.objects.get(pk=device_id))
            response = render(request, "accounts/otp_codes.html", {"codes": codes})
            response["Cache-Control"] = "no-store"
            return response
    if request.method == "GET" or not device_id:
        device = otp_setup_begin(user=request.user)
        request.session["_otp_setup_device"] = device.pk
    else:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device = TOTPDevice.objects.get(pk=device_id)
    return render(request, "accounts/otp_setup.html", {
        "form": form, "qr_svg": otp_qr_svg(device), "enrolled": otp_enrolled(request.user),
        "secret": _b32(device)})


def _b32(device) -> str:
    from base64 import b32encode

    return b32encode(device.bin_key).decode()

