"""Failed logins and password guessing are stopped (brief §2): per account and per address,
on the login page, the API token endpoint and the signing confirmation; the district head
unlocks; every failure and the lockout are in the security audit log."""
import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from accounts.enums import SecurityEventKind
from accounts.models import SecurityEvent
from tests import factories
from tests.accounts.conftest import PASSWORD, client_for

pytestmark = pytest.mark.django_db


def login(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_fifty_wrong_passwords_lock_the_account_and_are_recorded(inspector, lockout_settings):
    attacker = Client(REMOTE_ADDR="203.0.113.9")

    answers = [login(attacker, inspector.username, f"guess-{n}").status_code for n in range(50)]

    assert answers[:4] == [200] * 4  # the form again, with its error
    assert set(answers[4:]) == {429}  # the fifth failure locks
    failures = SecurityEvent.objects.filter(kind=SecurityEventKind.LOGIN_FAILED,
                                            username=inspector.username)
    assert failures.count() == 50
    assert failures.filter(ip="203.0.113.9").count() == 50
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.LOCKED_OUT,
                                        username=inspector.username).exists()


def test_the_right_password_is_refused_during_the_lockout_with_a_chinese_message(
        inspector, lockout_settings):
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(5):
        login(attacker, inspector.username, f"guess-{n}")

    # the owner, from another address, with the right password
    owner = Client(REMOTE_ADDR="10.1.2.3")
    response = login(owner, inspector.username, PASSWORD)

    assert response.status_code == 429
    body = response.content.decode()
    assert "密码错误次数过多，账号或地址已被锁定" in body
    assert "_auth_user_id" not in owner.session


def test_the_district_head_unlocks_the_account(inspector, district_head, lockout_settings):
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(6):
        login(attacker, inspector.username, f"guess-{n}")
    head = client_for(district_head)
    page = head.get(reverse("accounts:user_detail", args=[inspector.pk])).content.decode()
    assert "已锁定" in page

    response = head.post(reverse("accounts:user_action", args=[inspector.pk, "unlock"]))

    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username=inspector.username).exists()
    owner = Client(REMOTE_ADDR="10.1.2.3")
    assert login(owner, inspector.username, PASSWORD).status_code == 302
    unlocked = SecurityEvent.objects.get(kind=SecurityEventKind.UNLOCKED)
    assert (unlocked.actor, unlocked.object_id) == (district_head, str(inspector.pk))


def test_a_head_of_another_district_cannot_unlock_and_learns_nothing(
        inspector, other_district_head, lockout_settings):
    for n in range(5):
        login(Client(REMOTE_ADDR="203.0.113.9"), inspector.username, f"guess-{n}")
    stranger = client_for(other_district_head)

    assert stranger.post(reverse("accounts:user_action",
                                 args=[inspector.pk, "unlock"])).status_code == 404
    assert stranger.get(reverse("accounts:user_detail", args=[inspector.pk])).status_code == 404
    assert AccessAttempt.objects.filter(username=inspector.username).exists()


def test_one_address_guessing_many_accounts_is_locked(fuling, lockout_settings):
    users = [factories.inspector("500102") for _ in range(5)]
    sprayer = Client(REMOTE_ADDR="198.51.100.7")

    answers = [login(sprayer, user.username, "Winter2026!").status_code for user in users]
    right = login(sprayer, users[0].username, PASSWORD)

    assert answers[-1] == 429
    assert right.status_code == 429
    # the same account from another address is not locked: only one failure was its own
    assert login(Client(REMOTE_ADDR="10.9.9.9"), users[0].username, PASSWORD).status_code == 302


def test_the_api_token_endpoint_counts_failures_and_locks(inspector, lockout_settings):
    api = Client(REMOTE_ADDR="203.0.113.20")
    url = reverse("api-auth-token")
    payload = {"username": inspector.username, "name": "大屏", "read_only": True}

    wrong = [api.post(url, {**payload, "password": f"x{n}"}, content_type="application/json")
             for n in range(5)]
    right = api.post(url, {**payload, "password": PASSWORD}, content_type="application/json")

    assert [r.status_code for r in wrong[:4]] == [400] * 4
    assert wrong[0].json()["code"] == "authentication_failed"
    assert (right.status_code, right.json()["code"]) == (429, "account_locked")
    assert "锁定" in right.json()["detail"]
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.LOGIN_FAILED,
                                        username=inspector.username).count() == 6


def test_the_api_token_endpoint_gives_a_working_token(inspector):
    api = Client(REMOTE_ADDR="203.0.113.21")
    response = api.post(reverse("api-auth-token"), {
        "username": inspector.username, "password": PASSWORD, "name": "同步脚本",
        "read_only": True}, content_type="application/json")

    assert response.status_code == 201
    key = response.json()["key"]
    listed = Client().get("/api/v1/hazards/", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert listed.status_code == 200
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.TOKEN_CREATED,
                                        actor=inspector).count() == 1
