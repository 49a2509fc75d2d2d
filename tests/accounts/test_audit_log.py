"""The security audit log (brief §4): append-only, kept 180 days and purged only by the one
purge function, searchable and exportable by city officials, invisible to others."""
import datetime
import io

import pytest
from django.core.checks import run_checks
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.audit import security_event_record, security_events_purge
from accounts.enums import SecurityEventKind
from accounts.models import AppendOnly, SecurityEvent
from tests.accounts.conftest import client_for

pytestmark = pytest.mark.django_db


def test_rows_cannot_be_changed_or_deleted_through_the_orm(inspector):
    event = security_event_record(kind=SecurityEventKind.LOGIN_SUCCEEDED, actor=inspector)

    with pytest.raises(AppendOnly):
        event.save()
    with pytest.raises(AppendOnly):
        event.delete()
    with pytest.raises(AppendOnly):
        SecurityEvent.objects.filter(pk=event.pk).update(username="x")
    with pytest.raises(AppendOnly):
        SecurityEvent.objects.all().delete()
    assert SecurityEvent.objects.get(pk=event.pk).username == inspector.username


@pytest.mark.postgres
def test_the_database_refuses_raw_updates_and_deletes(inspector):
    event = security_event_record(kind=SecurityEventKind.LOGIN_SUCCEEDED, actor=inspector)

    for sql in ("UPDATE accounts_securityevent SET username = 'x' WHERE id = %s",
                "DELETE FROM accounts_securityevent WHERE id = %s"):
        with pytest.raises(DatabaseError, match="append-only"):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql, [event.pk])
    assert SecurityEvent.objects.filter(pk=event.pk, username=inspector.username).exists()


def test_purge_deletes_only_rows_older_than_the_retention(inspector, settings):
    settings.SECURITY_EVENT_RETENTION_DAYS = 180
    now = timezone.now()
    old = security_event_record(kind=SecurityEventKind.LOGIN_FAILED, username="a",
                                at=now - datetime.timedelta(days=181))
    kept = security_event_record(kind=SecurityEventKind.LOGIN_FAILED, username="b",
                                 at=now - datetime.timedelta(days=179))

    assert security_events_purge(now=now) == 1

    assert not SecurityEvent.objects.filter(pk=old.pk).exists()
    assert SecurityEvent.objects.filter(pk=kept.pk).exists()
    assert SecurityEvent.objects.get(kind=SecurityEventKind.AUDIT_PURGED).detail["deleted"] == 1


def test_a_retention_under_180_days_is_a_startup_error(settings):
    settings.SECURITY_EVENT_RETENTION_DAYS = 90
    assert "accounts.E001" in [m.id for m in run_checks()]
    # and the purge never goes below 180 days anyway
    security_event_record(kind=SecurityEventKind.LOGIN_FAILED, username="a",
                          at=timezone.now() - datetime.timedelta(days=100))
    assert security_events_purge() == 0


def test_city_official_filters_and_exports_the_log(city_official, inspector):
    client = client_for(city_official)
    client_for(inspector)  # force_login does not fire the login signal: record one by hand
    security_event_record(kind=SecurityEventKind.LOGIN_FAILED, username="mallory")
    security_event_record(kind=SecurityEventKind.LOGIN_SUCCEEDED, actor=inspector)

    page = client.get(reverse("accounts:security_log"), {"kind": "login.failed"})
    csv_export = client.get(reverse("accounts:security_log"),
                            {"kind": "login.failed", "export": "csv"})
    xlsx_export = client.get(reverse("accounts:security_log"), {"export": "xlsx"})

    body = page.content.decode()
    assert "mallory" in body and inspector.username not in body
    lines = csv_export.content.decode("utf-8-sig").strip().splitlines()
    assert lines[0].startswith("time,event,account")
    assert len(lines) == 2 and "mallory" in lines[1]
    sheet = load_workbook(io.BytesIO(xlsx_export.content)).active
    accounts = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "mallory" in accounts and inspector.username in accounts
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.AUDIT_EXPORTED,
                                        actor=city_official).count() == 2


def test_the_log_is_404_for_everyone_else(district_official, inspector, enterprise_officer):
    for user in (district_official, inspector, enterprise_officer):
        assert client_for(user).get(reverse("accounts:security_log")).status_code == 404


def test_a_login_records_actor_address_and_time(client, inspector):
    from tests.accounts.conftest import PASSWORD

    client.post(reverse("accounts:login"), {"username": inspector.username,
                                            "password": PASSWORD},
                REMOTE_ADDR="10.0.0.8", HTTP_USER_AGENT="Mozilla/5.0 test")
    event = SecurityEvent.objects.get(kind=SecurityEventKind.LOGIN_SUCCEEDED)
    assert (event.actor, event.ip, event.user_agent) == (inspector, "10.0.0.8",
                                                         "Mozilla/5.0 test")
    assert len(event.request_id) == 32


def test_a_seal_verification_is_recorded(inspector):
    from core.clock import today_cst
    from inspections.enums import InspectionKind
    from tests import factories

    enterprise = factories.EnterpriseFactory()
    record = factories.inspection(enterprise=enterprise, actor=inspector,
                                  kind=InspectionKind.SELF_INSPECTION, inspected_on=today_cst())
    client = client_for(factories.district_official(enterprise.district_id))

    response = client.get(reverse("inspections:verify", args=[record.pk]))

    assert response.status_code == 200
    event = SecurityEvent.objects.get(kind=SecurityEventKind.SEAL_VERIFIED)
    assert (event.object_id, event.detail) == (str(record.pk), {"signed": False,
                                                                "matches": False})
