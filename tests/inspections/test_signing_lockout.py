"""A co-officer cannot guess a colleague's password at the signing confirmation (brief §2):
failures count toward the colleague's lockout, a locked officer cannot sign even with the
right password, the district head unlocks, and every failure is in the security audit log."""
import pytest
from django.test import Client
from django.urls import reverse

from accounts.enums import SecurityEventKind
from accounts.models import SecurityEvent
from core.clock import today_cst
from core.errors import AccountLocked
from hazards.filing.checklists import inspection_start
from hazards.filing.signing import AuthenticationFailed, inspection_sign
from inspections.enums import InspectionKind
from tests import factories

pytestmark = pytest.mark.django_db
PASSWORD = "pass-word-123"


@pytest.fixture
def inspection(chemical_enterprise, inspector, partner):
    return inspection_start(actor=inspector, enterprise=chemical_enterprise,
                            kind=InspectionKind.ENFORCEMENT, inspected_on=today_cst(),
                            inspectors=[partner])


def test_fifty_wrong_signing_passwords_lock_the_colleague_and_are_recorded(
        inspection, inspector, partner, settings):
    settings.AXES_FAILURE_LIMIT = 5
    page = Client(REMOTE_ADDR="10.20.30.40")
    page.force_login(inspector)
    url = reverse("inspections:sign", args=[inspection.pk])

    bodies = [page.post(url, {f"password-{inspector.pk}": PASSWORD,
                              f"password-{partner.pk}": f"guess-{n}",
                              "enterprise_representative": "王厂长"}) for n in range(50)]

    assert {b.status_code for b in bodies} == {400}  # the sign page, never the login page
    assert "密码不正确" in bodies[0].content.decode()
    assert "已被锁定" in bodies[-1].content.decode()
    # the right password is refused during the lockout
    right = page.post(url, {f"password-{inspector.pk}": PASSWORD,
                            f"password-{partner.pk}": PASSWORD,
                            "enterprise_representative": "王厂长"})
    assert right.status_code == 400
    assert "已被锁定" in right.content.decode()
    inspection.refresh_from_db()
    assert inspection.is_signed is False
    failures = SecurityEvent.objects.filter(kind=SecurityEventKind.PASSWORD_CONFIRM_FAILED,
                                            ip="10.20.30.40")
    # every attempt is recorded: the 5 guesses that reached the password check, then 46
    # refusals and the refused right password (the address is locked too, so the first
    # officer's confirmation is already refused)
    assert failures.count() == 51
    assert failures.filter(username=partner.username).count() == 5
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.LOCKED_OUT,
                                        username=partner.username).exists()
    # the lock is the account's: the colleague cannot log in either until unlocked
    login = Client(REMOTE_ADDR="10.99.0.1").post(
        reverse("accounts:login"), {"username": partner.username, "password": PASSWORD})
    assert login.status_code == 429


def test_the_district_head_unlocks_and_the_record_can_then_be_signed(
        inspection, inspector, partner, settings):
    settings.AXES_FAILURE_LIMIT = 5
    for n in range(5):
        with pytest.raises((AuthenticationFailed, AccountLocked)):
            inspection_sign(inspection=inspection, actor=inspector,
                            passwords={inspector.pk: PASSWORD, partner.pk: f"guess-{n}"},
                            enterprise_representative="王厂长")
    with pytest.raises(AccountLocked) as locked:
        inspection_sign(inspection=inspection, actor=inspector,
                        passwords={inspector.pk: PASSWORD, partner.pk: PASSWORD},
                        enterprise_representative="王厂长")
    assert locked.value.field == f"password-{partner.pk}"

    head = factories.district_official("500102", is_office_head=True)
    client = Client()
    client.force_login(head)
    assert client.post(reverse("accounts:user_action",
                               args=[partner.pk, "unlock"])).status_code == 302

    signed = inspection_sign(inspection=inspection, actor=inspector,
                             passwords={inspector.pk: PASSWORD, partner.pk: PASSWORD},
                             enterprise_representative="王厂长")
    assert signed.is_signed
