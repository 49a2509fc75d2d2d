"""Two-factor authentication (双因素认证): a TOTP authenticator app plus single-use recovery
codes, through django-otp.

- Anyone may enrol (``otp_setup_begin`` → scan the QR code → ``otp_setup_confirm`` with the
  first code). Enrolment issues ``RECOVERY_CODES`` recovery codes, shown once.
- Once enrolled, login asks for a code after the password (``accounts.login_views``).
- ``OTP_REQUIRED_FOR_OFFICIALS`` = true makes it compulsory for the roles of
  ``otp_required_for`` (city officials, district office heads, administrators): they cannot use
  any page before enrolling (``accounts.middleware``).
- API tokens keep working: a token is a credential of its own, created by a signed-in user (or
  the token endpoint, which asks for the code too).
- Throttling of wrong codes is django-otp's (each failure doubles the wait).
"""
import io

import segno
from django.db import transaction
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .enums import Role, SecurityEventKind

RECOVERY_CODES = 10
TOTP_NAME = "authenticator"
RECOVERY_NAME = "recovery"


def otp_required_for(user) -> bool:
    """Whether ``user``'s role needs a second factor when ``OTP_REQUIRED_FOR_OFFICIALS`` is on:
    city officials, district office heads, administrators (GB/T 22239-2019 8.1.4.2 d: two or
    more authentication factors for administrators)."""
    return bool(user.is_superuser or user.is_staff or user.role == Role.CITY_OFFICIAL
                or user.is_district_head)


def otp_enrolled(user) -> bool:
    """Whether ``user`` has a confirmed authenticator."""
    return user_has_device(user, confirmed=True)


def otp_setup_begin(*, user) -> TOTPDevice:
    """Start enrolment: a new unconfirmed TOTP device (an earlier unconfirmed one is replaced).
    Output: the device; ``otp_qr_svg(device)`` draws its QR code."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        return TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


def otp_qr_svg(device: TOTPDevice) -> str:
    """The device's ``otpauth://`` URL as an inline SVG QR code (no external service)."""
    buffer = io.BytesIO()
    segno.make(device.config_url, error="m").save(buffer, kind="svg", scale=4, xmldecl=False,
                                                  svgns=True, border=2)
    return buffer.getvalue().decode()


def otp_setup_confirm(*, user, device_id: int, token: str) -> list[str] | None:
    """Confirm enrolment with the first code from the app.

    Output: the recovery codes (shown once), or None when the code is wrong. Side effects: the
    device is confirmed, other authenticators of the user are removed, recovery codes are
    replaced, ``otp.enrolled`` is recorded.
    """
    from .audit import security_event_record

    device = TOTPDevice.objects.filter(pk=device_id, user=user, confirmed=False).first()
    if device is None or not device.verify_token((token or "").strip()):
        return None
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_recovery_codes(user)
        security_event_record(kind=SecurityEventKind.OTP_ENROLLED, actor=user, target=user)
    return codes


def _new_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=c) for c in codes])
    return codes


def otp_verify(*, user, token: str):
    """Check a code from the authenticator app or a recovery code.

    Output: the device that accepted it, or None. Side effects: a recovery code is used up
    (``otp.recovery_used``); a wrong code is recorded (``otp.failed``) and throttled.
    """
    from .audit import security_event_record

    token = (token or "").strip().replace(" ", "")
    if not token:
        return None
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if device.verify_token(token):
                if isinstance(device, StaticDevice):
                    security_event_record(kind=SecurityEventKind.OTP_RECOVERY_USED, actor=user,
                                          target=user,
                                          detail={"left": device.token_set.count()})
                return device
    security_event_record(kind=SecurityEventKind.OTP_FAILED, username=user.get_username(),
                          target=user)
    return None


def otp_reset(*, user, actor) -> None:
    """Remove ``user``'s authenticator and recovery codes (lost phone); they enrol again at
    their next login when it is required. Callers check who may (``accounts.users``)."""
    from .audit import security_event_record

    with transaction.atomic():
        for device in devices_for_user(user, confirmed=None):
            device.delete()
        security_event_record(kind=SecurityEventKind.OTP_RESET, actor=actor, target=user)
