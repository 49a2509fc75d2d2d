"""Fixtures for seals: signed records and issued documents made through the real services, and
a way to write to the database as an insider who owns it (past the append-only triggers)."""
import contextlib
import datetime

import pytest
from django.db import connection, transaction

from core.clock import today_cst
from hazards import services
from hazards.enums import HazardCategory
from hazards.filing.signing import inspection_sign
from tests import factories

PASSWORD = "pass-word-123"  # tests.factories.UserFactory's password


def sign_new_record(enterprise, actor, *, notes="检查罐区、仓库", description="消防通道堵塞"):
    """An enforcement inspection of ``enterprise`` with one general finding, signed by its two
    officers (``actor`` first) through ``inspection_sign``."""
    record = factories.inspection(enterprise=enterprise, actor=actor)
    record.notes = notes
    record.save(update_fields=["notes"])
    services.hazard_register(inspection=record, actor=actor, grade="general",
                             category=HazardCategory.EQUIPMENT_DEFECT, description=description,
                             location="一号仓库")
    return inspection_sign(inspection=record, actor=actor,
                           passwords={u.pk: PASSWORD for u in record.inspectors.all()},
                           enterprise_representative="王厂长")


def issue_order(record, official):
    """Order rectification of the record's finding: issues a numbered, sealed order."""
    hazard = record.hazards.get()
    return services.hazard_order_rectification(
        hazard=hazard, actor=official,
        rectification_deadline=today_cst() + datetime.timedelta(days=10),
        rectification_measures="清理通道",
        officers=factories.two_officers(hazard.district_id)).latest_order


def issue_opinion(order, staff):
    """Evidence, then a passed re-inspection: issues a numbered, sealed opinion."""
    hazard = services.hazard_submit_evidence(hazard=order.hazard, actor=staff,
                                             description="已清理")
    return services.hazard_verify(hazard=hazard, actor=staff, passed=True,
                                  opinion="通道已畅通",
                                  officers=factories.two_officers(hazard.district_id)
                                  ).latest_verification


@contextlib.contextmanager
def as_database_owner():
    """Run raw SQL as someone who owns the database: on PostgreSQL the append-only triggers
    are skipped (``session_replication_role = replica``, superuser only) inside this block."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        try:
            yield cursor
        finally:
            if connection.vendor == "postgresql":
                cursor.execute("SET LOCAL session_replication_role = origin")


@pytest.fixture
def record(enterprise, inspector):
    return sign_new_record(enterprise, inspector)
