"""Sessions (brief §5): idle time-out (30 minutes for officials by default), absolute lifetime,
both recorded."""
import datetime

import pytest
import time_machine
from django.urls import reverse

from accounts.enums import SecurityEventKind
from accounts.models import SecurityEvent
from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def signed_in(client, user):
    response = client.post(reverse("accounts:login"), {"username": user.username,
                                                       "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_an_official_idle_for_31_minutes_is_signed_out(client, district_official):
    start = datetime.datetime(2026, 5, 6, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        signed_in(client, district_official)
    with time_machine.travel(start + datetime.timedelta(minutes=29), tick=False):
        assert client.get(reverse("hazards:register")).status_code == 200
    with time_machine.travel(start + datetime.timedelta(minutes=29 + 31), tick=False):
        response = client.get(reverse("hazards:register"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session
    expired = SecurityEvent.objects.get(kind=SecurityEventKind.SESSION_EXPIRED)
    assert expired.detail == {"reason": "idle"}


def test_an_enterprise_officer_has_the_longer_idle_limit(client, enterprise_officer):
    start = datetime.datetime(2026, 5, 6, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        signed_in(client, enterprise_officer)
    with time_machine.travel(start + datetime.timedelta(minutes=90), tick=False):
        assert client.get(reverse("hazards:my_hazards")).status_code == 200


def test_an_active_session_still_ends_at_its_absolute_lifetime(client, inspector, settings):
    settings.SESSION_ABSOLUTE_MINUTES = 120
    start = datetime.datetime(2026, 5, 6, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        signed_in(client, inspector)
    for minutes in range(20, 121, 20):
        with time_machine.travel(start + datetime.timedelta(minutes=minutes), tick=False):
            assert client.get(reverse("hazards:register")).status_code == 200
    with time_machine.travel(start + datetime.timedelta(minutes=125), tick=False):
        response = client.get(reverse("hazards:register"))

    assert response.status_code == 302
    assert SecurityEvent.objects.get(kind=SecurityEventKind.SESSION_EXPIRED).detail == {
        "reason": "absolute"}


def test_api_session_past_its_idle_limit_answers_401_json(client, inspector):
    start = datetime.datetime(2026, 5, 6, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        signed_in(client, inspector)
    with time_machine.travel(start + datetime.timedelta(minutes=45), tick=False):
        response = client.get("/api/v1/hazards/")

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
