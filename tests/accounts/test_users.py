"""User management without the admin (brief §1): the district head manages their district's
users, the city manages district heads; strangers get 404; every change is audited."""
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.enums import Role, SecurityEventKind
from accounts.models import SecurityEvent, User
from enterprises.models import Department
from tests.accounts.conftest import PASSWORD, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def fuling_department(fuling):
    return Department.objects.create(code="500102-emergency_management", name="涪陵区应急管理局",
                                     kind="emergency_management", district=fuling)


def test_district_head_creates_an_inspector_who_sets_a_password_from_the_email(
        district_head, fuling_department, django_capture_on_commit_callbacks):
    head = client_for(district_head)

    with django_capture_on_commit_callbacks(execute=True):
        response = head.post(reverse("accounts:user_create"), {
            "username": "fl_zhang", "display_name": "张执法", "email": "zhang@example.gov.cn",
            "role": Role.INSPECTOR, "badge_number": "50010299",
            "department": fuling_department.pk})

    assert response.status_code == 302
    created = User.objects.get(username="fl_zhang")
    assert (created.role, created.district_id, created.badge_number, created.department) == (
        Role.INSPECTOR, "500102", "50010299", fuling_department)
    assert not created.has_usable_password()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["zhang@example.gov.cn"]
    link = re.search(r"https?://\S+/accounts/password/reset/\S+/", mail.outbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    browser = Client()
    form_page = browser.get("/" + path, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0]
    done = browser.post(set_url, {"new_password1": "Jiancha-2026-xyz",
                                  "new_password2": "Jiancha-2026-xyz"})
    assert done.status_code == 302
    assert Client().post(reverse("accounts:login"), {
        "username": "fl_zhang", "password": "Jiancha-2026-xyz"}).status_code == 302
    # the link is single-use
    assert "链接无效或已过期" in Client().get("/" + path, follow=True).content.decode()
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.USER_CREATED,
                                        actor=district_head).count() == 1
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.PASSWORD_RESET,
                                        actor=created).count() == 1


def test_a_head_cannot_give_a_city_role_or_put_a_user_in_another_district(
        district_head, wanzhou):
    head = client_for(district_head)
    response = head.post(reverse("accounts:user_create"), {
        "username": "x1", "display_name": "某", "email": "x1@example.com",
        "role": Role.CITY_OFFICIAL})
    assert response.status_code == 200
    assert not User.objects.filter(username="x1").exists()
    head.post(reverse("accounts:user_create"), {
        "username": "x2", "display_name": "某", "email": "x2@example.com",
        "role": Role.INSPECTOR, "district": wanzhou.pk})
    assert User.objects.get(username="x2").district_id == "500102"


def test_password_rules_refuse_a_weak_first_password(district_head):
    response = client_for(district_head).post(reverse("accounts:user_create"), {
        "username": "weak1", "display_name": "弱", "email": "", "role": Role.INSPECTOR,
        "password": "12345678"})
    body = response.content.decode()
    assert response.status_code == 200
    assert not User.objects.filter(username="weak1").exists()
    assert "password" in body and ("太短" in body or "short" in body or "常见" in body
                                   or "common" in body)


def test_head_deactivates_changes_role_and_forces_a_reset(district_head, inspector,
                                                          django_capture_on_commit_callbacks):
    head = client_for(district_head)
    victim = client_for(inspector)
    assert victim.get(reverse("hazards:register")).status_code == 200

    head.post(reverse("accounts:user_action", args=[inspector.pk, "role"]),
              {"role": Role.DISTRICT_OFFICIAL})
    with django_capture_on_commit_callbacks(execute=True):
        head.post(reverse("accounts:user_action", args=[inspector.pk, "reset_password"]))
    inspector.refresh_from_db()

    assert inspector.role == Role.DISTRICT_OFFICIAL
    assert not inspector.has_usable_password() and inspector.must_change_password
    assert victim.get(reverse("hazards:register")).status_code == 302  # session ended
    assert mail.outbox[-1].to == [inspector.email]

    head.post(reverse("accounts:user_action", args=[inspector.pk, "deactivate"]))
    inspector.refresh_from_db()
    assert inspector.is_active is False
    kinds = set(SecurityEvent.objects.filter(object_id=str(inspector.pk))
                .values_list("kind", flat=True))
    assert {SecurityEventKind.ROLE_CHANGED, SecurityEventKind.PASSWORD_RESET_FORCED,
            SecurityEventKind.USER_DEACTIVATED} <= kinds


def test_out_of_scope_users_are_404_for_every_manager_page(district_head, other_inspector,
                                                          inspector, city_official):
    head = client_for(district_head)
    for url in (reverse("accounts:user_detail", args=[other_inspector.pk]),
                reverse("accounts:user_action", args=[other_inspector.pk, "deactivate"])):
        assert (head.post(url) if "deactivate" in url else head.get(url)).status_code == 404
    assert other_inspector.username not in head.get(reverse("accounts:users")).content.decode()
    # an inspector manages nobody; the city manages district officials, not inspectors
    assert client_for(inspector).get(reverse("accounts:users")).status_code == 404
    city = client_for(city_official)
    assert city.get(reverse("accounts:user_detail", args=[inspector.pk])).status_code == 404
    assert city.get(reverse("accounts:user_detail", args=[district_head.pk])).status_code == 200
    other_inspector.refresh_from_db()
    assert other_inspector.is_active


def test_city_makes_a_district_official_office_head(city_official, district_official):
    city = client_for(city_official)
    city.post(reverse("accounts:user_action", args=[district_official.pk, "role"]),
              {"role": Role.DISTRICT_OFFICIAL, "is_office_head": "on"})
    district_official.refresh_from_db()
    assert district_official.is_office_head is True
    event = SecurityEvent.objects.get(kind=SecurityEventKind.ROLE_CHANGED)
    assert event.detail["office_head"] == [False, True]


def test_password_change_ends_other_sessions_and_keeps_this_one(inspector):
    here, elsewhere = client_for(inspector), client_for(inspector, ip="10.7.7.7")

    response = here.post(reverse("accounts:password_change"), {
        "old_password": PASSWORD, "new_password1": "Xin-mima-2026-q",
        "new_password2": "Xin-mima-2026-q"})

    assert response.status_code == 302
    assert here.get(reverse("hazards:register")).status_code == 200
    assert elsewhere.get(reverse("hazards:register")).status_code == 302
    inspector.refresh_from_db()
    assert inspector.password_changed_at is not None
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.PASSWORD_CHANGED).count() == 1


def test_an_expired_password_sends_every_page_to_the_change_form(inspector, settings):
    import datetime

    from django.utils import timezone

    settings.PASSWORD_MAX_AGE_DAYS = 90
    inspector.password_changed_at = timezone.now() - datetime.timedelta(days=91)
    inspector.save(update_fields=["password_changed_at"])

    response = client_for(inspector).get(reverse("hazards:register"))

    assert (response.status_code, response["Location"]) == (302,
                                                            reverse("accounts:password_change"))


def test_password_reset_by_email_does_not_reveal_whether_an_address_exists(inspector):
    known = Client().post(reverse("accounts:password_reset"), {"email": inspector.email})
    unknown = Client().post(reverse("accounts:password_reset"), {"email": "nobody@example.com"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert [m.to for m in mail.outbox] == [[inspector.email]]


