"""Two-factor authentication (brief §3): TOTP for everyone, required for city officials,
district heads and administrators when the setting says so; recovery codes; tokens keep
working."""
import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.enums import SecurityEventKind
from accounts.models import ApiToken, SecurityEvent
from accounts.otp import otp_setup_begin, otp_setup_confirm
from accounts.tokens import api_token_create
from tests.accounts.conftest import PASSWORD, client_for

pytestmark = pytest.mark.django_db


def code(device) -> str:
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def enrol(user) -> tuple[TOTPDevice, list[str]]:
    device = otp_setup_begin(user=user)
    codes = otp_setup_confirm(user=user, device_id=device.pk, token=code(device))
    device.refresh_from_db()
    # the code just used cannot be used again (TOTP replay protection): step the clock on
    device.last_t -= 1
    device.save(update_fields=["last_t"])
    return device, codes


def test_enrolment_page_shows_a_qr_code_and_then_recovery_codes(inspector):
    client = client_for(inspector)
    page = client.get(reverse("accounts:otp_setup"))
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=inspector, confirmed=False)

    wrong = client.post(reverse("accounts:otp_setup"), {"token": "000000"})
    device.refresh_from_db()
    device.throttle_reset()  # a wrong code makes the next try wait (django-otp throttling)
    right = client.post(reverse("accounts:otp_setup"), {"token": code(device)})

    assert "验证码不正确" in wrong.content.decode()
    assert right.status_code == 200
    assert right.content.decode().count("<li><code>") == 10
    assert TOTPDevice.objects.get(user=inspector).confirmed is True
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.OTP_ENROLLED,
                                        actor=inspector).count() == 1


def test_login_asks_for_the_code_after_the_password(inspector):
    device, _codes = enrol(inspector)
    browser = Client()

    first = browser.post(reverse("accounts:login"), {"username": inspector.username,
                                                     "password": PASSWORD})
    assert first["Location"] == reverse("accounts:login_otp")
    assert "_auth_user_id" not in browser.session  # not signed in before the second factor
    wrong = browser.post(reverse("accounts:login_otp"), {"token": "123456"})
    assert "验证码不正确" in wrong.content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # a wrong code makes the next try wait (django-otp throttling)
    right = browser.post(reverse("accounts:login_otp"), {"token": code(device)})

    assert right.status_code == 302
    assert browser.session["_auth_user_id"] == str(inspector.pk)
    assert browser.get(reverse("hazards:register")).status_code == 200
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.OTP_FAILED).count() == 1


def test_a_recovery_code_works_once(inspector):
    _device, codes = enrol(inspector)

    def login_with(recovery):
        browser = Client()
        browser.post(reverse("accounts:login"), {"username": inspector.username,
                                                 "password": PASSWORD})
        browser.post(reverse("accounts:login_otp"), {"token": recovery})
        return "_auth_user_id" in browser.session

    assert login_with(codes[0]) is True
    assert login_with(codes[0]) is False
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.OTP_RECOVERY_USED).count() == 1


def test_required_for_officials_sends_them_to_enrol_but_tokens_keep_working(
        city_official, inspector, settings):
    settings.OTP_REQUIRED_FOR_OFFICIALS = True
    city = client_for(city_official)
    _token, key = api_token_create(user=city_official, name="大屏")

    page = city.get(reverse("hazards:register"))
    api_by_session = city.get("/api/v1/hazards/")
    api_by_token = Client().get("/api/v1/hazards/", HTTP_AUTHORIZATION=f"Bearer {key}")

    assert (page.status_code, page["Location"]) == (302, reverse("accounts:otp_setup"))
    assert (api_by_session.status_code, api_by_session.json()["code"]) == (403, "otp_required")
    assert api_by_token.status_code == 200
    # an inspector is not required to
    assert client_for(inspector).get(reverse("hazards:register")).status_code == 200


def test_enrolled_official_passes_once_verified(city_official, settings):
    settings.OTP_REQUIRED_FOR_OFFICIALS = True
    device, _codes = enrol(city_official)
    browser = Client()
    browser.post(reverse("accounts:login"), {"username": city_official.username,
                                             "password": PASSWORD})
    browser.post(reverse("accounts:login_otp"), {"token": code(device)})

    assert browser.get(reverse("hazards:register")).status_code == 200


def test_token_endpoint_needs_the_code_of_an_enrolled_account(inspector):
    device, _codes = enrol(inspector)
    url = reverse("api-auth-token")
    payload = {"username": inspector.username, "password": PASSWORD, "name": "脚本"}

    without = Client().post(url, payload, content_type="application/json")
    with_code = Client().post(url, {**payload, "otp": code(device)},
                              content_type="application/json")

    assert (without.status_code, without.json()["fields"].keys()) == (400, {"otp"})
    assert with_code.status_code == 201
    assert ApiToken.objects.filter(user=inspector).count() == 1


def test_the_admin_login_goes_through_the_products_login(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/"


def test_a_password_alone_cannot_replace_an_enrolled_authenticator(inspector):
    enrol(inspector)
    session_without_code = client_for(inspector)  # signed in, but not verified by a code

    response = session_without_code.get(reverse("accounts:otp_setup"))

    assert response.status_code == 302
    assert TOTPDevice.objects.filter(user=inspector, confirmed=True).count() == 1
    assert not TOTPDevice.objects.filter(user=inspector, confirmed=False).exists()
