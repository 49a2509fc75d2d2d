"""The audit cannot be bypassed: on PostgreSQL the transition log, the seals and the field
history tables refuse UPDATE, DELETE and TRUNCATE from any client; in Python the models and
their managers refuse them everywhere; a user's role change leaves a history row."""
import datetime

import pytest
from django.db import DatabaseError, connection, models, transaction
from django.urls import reverse

from accounts.enums import Role
from accounts.models import User
from core.errors import AppendOnlyError
from core.models import Seal
from hazards.models import Hazard, HazardTransition
from tests import factories

pytestmark = pytest.mark.django_db

# table -> (model, a column to overwrite, its value)
AUDIT_TABLES = {
    "hazards_hazardtransition": (HazardTransition, "note", "篡改"),
    "core_seal": (Seal, "key_id", "forged"),
    "hazards_historicalhazard": (Hazard.history.model, "description", "篡改"),
    "accounts_historicaluser": (User.history.model, "role", "city_official"),
    "inspections_historicalinspection": (None, "notes", "篡改"),
    "hazards_historicalrectificationorder": (None, "number", "x"),
    "hazards_historicalverification": (None, "opinion", "x"),
    "hazards_historicalrectificationevidence": (None, "description", "x"),
    "hazards_historicaldeadlineextension": (None, "reason", "x"),
    "hazards_historicalrectificationplan": (None, "measures", "x"),
    "hazards_historicalsupervision": (None, "note", "x"),
}


@pytest.fixture
def audited_rows(record, district_official, inspector):
    """One row in each audit table (a sealed record and order, and their history)."""
    from .conftest import issue_opinion, issue_order

    order = issue_order(record, district_official)
    issue_opinion(order, inspector)
    return record


def _fails(sql, params=()):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), \
            connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.postgres
@pytest.mark.parametrize("table", ["hazards_hazardtransition", "core_seal",
                                   "hazards_historicalhazard", "accounts_historicaluser",
                                   "inspections_historicalinspection",
                                   "hazards_historicalrectificationorder",
                                   "hazards_historicalverification"])
def test_raw_update_delete_and_truncate_of_an_audit_table_fail(audited_rows, table):
    _model, column, value = AUDIT_TABLES[table]
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT count(*) FROM "{table}"')
        before = cursor.fetchone()[0]

    _fails(f'UPDATE "{table}" SET "{column}" = %s', [value])
    _fails(f'DELETE FROM "{table}"')
    # the test's own transaction has deferred foreign-key checks pending, which TRUNCATE
    # would refuse for its own reason: run them first
    _fails(f'SET CONSTRAINTS ALL IMMEDIATE; TRUNCATE "{table}" CASCADE')

    with connection.cursor() as cursor:
        cursor.execute(f'SELECT count(*) FROM "{table}"')
        assert cursor.fetchone()[0] == before > 0


@pytest.mark.postgres
def test_every_audit_table_has_its_triggers(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT event_object_table, event_manipulation "
                       "FROM information_schema.triggers WHERE trigger_name LIKE %s",
                       ["%append_only%"])
        found = {(table, event) for table, event in cursor.fetchall()}

    # TRUNCATE triggers are not listed by information_schema; pg_trigger has them
    with connection.cursor() as cursor:
        cursor.execute("SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                       "WHERE t.tgname LIKE %s", ["%append_only_truncate"])
        truncate = {row[0] for row in cursor.fetchall()}
    assert {(t, e) for t in AUDIT_TABLES for e in ("UPDATE", "DELETE")} <= found
    assert set(AUDIT_TABLES) <= truncate


@pytest.mark.postgres
@pytest.mark.parametrize("table", ["hazards_hazardtransition", "core_seal",
                                   "hazards_historicalhazard", "accounts_historicaluser"])
def test_an_orm_update_or_delete_past_the_python_guard_fails_in_the_database(audited_rows,
                                                                             table):
    model, column, value = AUDIT_TABLES[table]
    plain = models.QuerySet(model=model)  # no AppendOnlyQuerySet: only the trigger stands

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        plain.update(**{column: value})
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        plain.filter(pk=plain.order_by("pk").first().pk)._raw_delete(connection.alias)


def test_orm_update_and_delete_of_transitions_and_seals_are_refused(audited_rows):
    transitions = HazardTransition.objects.filter(hazard__inspection=audited_rows)

    with pytest.raises(AppendOnlyError):
        transitions.update(note="篡改")
    with pytest.raises(AppendOnlyError):
        transitions.delete()
    with pytest.raises(AppendOnlyError):
        Seal.objects.all().update(key_id="forged")
    with pytest.raises(AppendOnlyError):
        Seal.objects.first().delete()
    assert not HazardTransition.objects.filter(note="篡改").exists()


@pytest.fixture
def admin_client(client, db):
    admin = factories.UserFactory(is_staff=True, is_superuser=True, username="root")
    client.force_login(admin)
    client.admin = admin
    return client


def test_a_role_change_in_the_admin_leaves_a_history_row_with_who_and_when(admin_client,
                                                                          fuling):
    user = factories.inspector("500102", username="zhang", date_joined=datetime.datetime(
        2026, 1, 5, 0, 0, tzinfo=datetime.UTC))
    url = reverse("admin:accounts_user_change", args=[user.pk])
    # the form as the admin page shows it (08:00 CST is the join time), with the role changed
    form = {"username": "zhang", "email": user.email, "role": Role.DISTRICT_OFFICIAL,
            "district": "500102", "display_name": user.display_name,
            "badge_number": user.badge_number, "is_active": "on",
            "date_joined_0": "2026-01-05", "date_joined_1": "08:00:00"}

    response = admin_client.post(url, form)

    assert response.status_code == 302, response.content.decode()[:2000]
    newest, older = user.history.order_by("-history_date", "-history_id")[:2]
    assert (older.role, newest.role) == (Role.INSPECTOR, Role.DISTRICT_OFFICIAL)
    assert newest.history_user == admin_client.admin
    assert newest.history_date is not None
    assert [c.field for c in newest.diff_against(older).changes] == ["role"]


def test_user_history_keeps_no_password_and_no_row_per_login(client, fuling):
    user = factories.inspector("500102")
    rows = user.history.count()

    client.post(reverse("accounts:login"), {"username": user.username,
                                            "password": "pass-word-123"})

    user.refresh_from_db()
    assert user.last_login is not None
    assert user.history.count() == rows
    historical = {f.name for f in User.history.model._meta.get_fields()}
    assert "password" not in historical and "last_login" not in historical
    assert {"role", "district", "enterprise", "department", "is_active", "is_office_head",
            "badge_number"} <= historical
