"""API tokens: authentication, hashing, read-only, revocation, throttling, the profile page."""
import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import ApiToken
from accounts.tokens import api_token_create, api_token_revoke, hash_key
from hazards.enums import HazardStatus
from tests import factories

from .conftest import token_client

pytestmark = pytest.mark.django_db


def test_token_key_is_stored_only_as_its_digest(district_official):
    token, key = api_token_create(user=district_official, name="大屏")

    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.key_hash == hash_key(key)
    assert key not in {stored.key_hash, stored.prefix, stored.name}
    assert key.startswith(stored.prefix)


def test_token_authenticates_as_its_owner_and_stamps_last_used(district_official, enterprise):
    hazard = factories.hazard(enterprise=enterprise)
    token, key = api_token_create(user=district_official, name="脚本")
    client = APIClient()

    response = client.get("/api/v1/hazards/", HTTP_AUTHORIZATION=f"Bearer {key}")

    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [hazard.pk]
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_token_keyword_token_is_accepted_too(district_official):
    _token, key = api_token_create(user=district_official, name="旧脚本")

    response = APIClient().get("/api/v1/districts/", HTTP_AUTHORIZATION=f"Token {key}")

    assert response.status_code == 200


def test_anonymous_request_gets_401_with_bearer_challenge(db):
    response = APIClient().get("/api/v1/hazards/")

    assert response.status_code == 401
    assert response.json() == {"code": "not_authenticated", "detail": response.json()["detail"],
                               "fields": {}}
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("header", ["Bearer hz_unknown", "Bearer", "Bearer a b",
                                    "Bearer not-our-format"])
def test_bad_token_gets_401_authentication_failed(db, header):
    response = APIClient().get("/api/v1/hazards/", HTTP_AUTHORIZATION=header)

    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_revoked_token_no_longer_authenticates(district_official):
    token, key = api_token_create(user=district_official, name="x")
    api_token_revoke(user=district_official, token_id=token.pk)

    response = APIClient().get("/api/v1/hazards/", HTTP_AUTHORIZATION=f"Bearer {key}")

    assert response.status_code == 401


def test_token_of_deactivated_user_no_longer_authenticates(district_official):
    _token, key = api_token_create(user=district_official, name="x")
    district_official.is_active = False
    district_official.save()

    response = APIClient().get("/api/v1/hazards/", HTTP_AUTHORIZATION=f"Bearer {key}")

    assert response.status_code == 401


def test_read_only_token_is_refused_on_post_but_reads(district_official, fuling):
    client = token_client(district_official, read_only=True)

    read = client.get("/api/v1/enterprises/")
    write = client.post("/api/v1/enterprises/", {
        "credit_code": factories.credit_code(), "name": "只读测试企业", "district": "500102",
        "sector": factories.sector().pk}, format="json")

    assert read.status_code == 200
    assert write.status_code == 403
    assert write.json()["code"] == "read_only_token"


def test_read_only_token_is_refused_on_hazard_actions(district_official, enterprise):
    hazard = factories.hazard(enterprise=enterprise)
    client = token_client(district_official, read_only=True)

    response = client.post(f"/api/v1/hazards/{hazard.pk}/order-rectification/", {},
                           format="json")

    assert response.status_code == 403
    assert response.json()["code"] == "read_only_token"
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.REPORTED


def test_throttle_gives_429_with_retry_after_per_token(settings, district_official):
    settings.API_THROTTLE_RATES = {"token": "3/min", "session": "100/min"}
    first = token_client(district_official)
    second = token_client(district_official)

    statuses = [first.get("/api/v1/districts/").status_code for _ in range(4)]
    other_token = second.get("/api/v1/districts/")

    assert statuses == [200, 200, 200, 429]
    throttled = first.get("/api/v1/districts/")
    assert throttled.json()["code"] == "throttled"
    assert 1 <= int(throttled["Retry-After"]) <= 60
    assert other_token.status_code == 200  # one bucket per token


# --- the profile page ---------------------------------------------------------------------

def test_token_page_creates_a_token_and_shows_its_key_once(client, district_official):
    client.force_login(district_official)

    created = client.post(reverse("accounts:tokens"), {"name": "区县大屏", "read_only": "on"})
    again = client.get(reverse("accounts:tokens"))

    token = ApiToken.objects.get(user=district_official)
    key = created.context["new_key"]
    assert created.status_code == 200
    assert token.name == "区县大屏" and token.read_only is True
    assert token.key_hash == hash_key(key)
    assert key in created.content.decode()
    assert key not in again.content.decode()
    assert token.prefix in again.content.decode()


def test_token_page_revokes_own_token(client, district_official):
    token, _key = api_token_create(user=district_official, name="旧")
    client.force_login(district_official)

    response = client.post(reverse("accounts:token_revoke", args=[token.pk]))

    token.refresh_from_db()
    assert response.status_code == 302
    assert token.revoked_at is not None


def test_token_page_cannot_revoke_another_users_token(client, district_official,
                                                       other_district_official):
    token, _key = api_token_create(user=other_district_official, name="别人的")
    client.force_login(district_official)

    response = client.post(reverse("accounts:token_revoke", args=[token.pk]))

    token.refresh_from_db()
    assert response.status_code == 404
    assert token.revoked_at is None


def test_token_page_lists_only_own_tokens(client, district_official, other_district_official):
    api_token_create(user=district_official, name="我的令牌")
    api_token_create(user=other_district_official, name="别人的令牌")
    client.force_login(district_official)

    page = client.get(reverse("accounts:tokens")).content.decode()

    assert "我的令牌" in page
    assert "别人的令牌" not in page


def test_token_page_needs_login(client):
    response = client.get(reverse("accounts:tokens"))

    assert response.status_code == 302


# --- browser session ------------------------------------------------------------------------

def test_browser_session_reads_the_api(district_official, enterprise):
    hazard = factories.hazard(enterprise=enterprise)
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(district_official)

    response = client.get("/api/v1/hazards/")

    assert [row["id"] for row in response.json()["results"]] == [hazard.pk]


def test_browser_session_write_needs_the_csrf_token(district_official):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(district_official)

    response = client.post("/api/v1/enterprises/", {}, format="json")

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert "CSRF" in response.json()["detail"]
