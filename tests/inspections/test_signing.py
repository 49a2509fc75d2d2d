"""Signing: every officer re-authenticates, the record is frozen, its hash verifies, and
tampering with a stored field makes verification fail."""
import pytest
from django.db import connection, transaction

from core.clock import today_cst
from core.errors import PermissionDenied, ValidationFailed
from hazards.filing.checklists import (
    CheckItem,
    GeneralFinding,
    checklist_criteria,
    inspection_record_checklist,
    inspection_start,
)
from hazards.filing.signing import (
    AuthenticationFailed,
    compute_record_hash,
    inspection_sign,
    inspection_verify,
)
from inspections.enums import CheckResult, InspectionKind
from inspections.models import Inspection, RecordSigned
from tests import factories

pytestmark = pytest.mark.django_db
PASSWORD = "pass-word-123"  # tests.factories.UserFactory's password


@pytest.fixture
def inspection(chemical_enterprise, inspector, partner):
    inspection = inspection_start(actor=inspector, enterprise=chemical_enterprise,
                                  kind=InspectionKind.ENFORCEMENT, inspected_on=today_cst(),
                                  inspectors=[partner], notes="现场检查罐区、仓库")
    items = [CheckItem(criterion=c, result=CheckResult.COMPLIANT)
             for c in checklist_criteria(inspection)]
    items[0].result = CheckResult.NON_COMPLIANT
    inspection_record_checklist(inspection=inspection, actor=inspector, items=items,
                                general_findings=[GeneralFinding(description="灭火器过期")])
    return inspection


def sign(inspection, inspector, partner, **kwargs):
    kwargs.setdefault("enterprise_representative", "王厂长")
    return inspection_sign(inspection=inspection, actor=inspector,
                           passwords={inspector.pk: PASSWORD, partner.pk: PASSWORD}, **kwargs)


def test_signing_freezes_the_record_with_its_hash(inspection, inspector, partner):
    signed = sign(inspection, inspector, partner)

    assert signed.is_signed
    assert len(signed.record_hash) == 64
    assert signed.record_hash == compute_record_hash(signed.pk)
    assert signed.reference_number == f"渝现检〔{today_cst().year}〕{signed.pk}号"
    assert [(s.name, s.badge_number) for s in signed.signatures.order_by("officer_id")] == [
        (str(inspector), inspector.badge_number), (str(partner), partner.badge_number)]
    assert inspection_verify(inspection=signed).matches is True


def test_each_officer_must_confirm_with_their_own_password(inspection, inspector, partner):
    with pytest.raises(AuthenticationFailed) as error:
        inspection_sign(inspection=inspection, actor=inspector,
                        passwords={inspector.pk: PASSWORD, partner.pk: "wrong"},
                        enterprise_representative="王厂长")

    assert error.value.field == f"password-{partner.pk}"
    inspection.refresh_from_db()
    assert (inspection.is_signed, inspection.record_hash) == (False, "")
    assert inspection.signatures.count() == 0


def test_representative_name_or_refusal_is_required(inspection, inspector, partner):
    with pytest.raises(ValidationFailed) as error:
        sign(inspection, inspector, partner, enterprise_representative="")
    assert error.value.field == "enterprise_representative"

    signed = sign(inspection, inspector, partner, enterprise_representative="",
                  representative_refused_to_sign=True)
    assert signed.representative_refused_to_sign is True


def test_only_an_officer_of_the_inspection_submits_it(inspection, fuling):
    colleague = factories.inspector("500102")

    with pytest.raises(PermissionDenied):
        inspection_sign(inspection=inspection, actor=colleague, passwords={},
                        enterprise_representative="王厂长")


def test_signed_record_refuses_changes(inspection, inspector, partner):
    sign(inspection, inspector, partner)
    stale = Inspection.objects.get(pk=inspection.pk)

    stale.notes = "事后修改"
    with pytest.raises(RecordSigned):
        stale.save()
    with pytest.raises(RecordSigned):
        sign(inspection, inspector, partner)
    with pytest.raises(RecordSigned):
        inspection_record_checklist(inspection=stale, actor=inspector, items=[])
    assert Inspection.objects.get(pk=inspection.pk).notes == "现场检查罐区、仓库"


def test_a_copy_loaded_before_signing_cannot_overwrite_the_signed_record(inspection, inspector,
                                                                        partner):
    stale = Inspection.objects.get(pk=inspection.pk)
    sign(inspection, inspector, partner)

    stale.notes = "覆盖"
    with pytest.raises(RecordSigned):
        stale.save()


@pytest.mark.parametrize("sql", [
    "UPDATE inspections_inspection SET notes = 'tampered' WHERE id = %s",
    "UPDATE inspections_inspectioncheckresult SET note = 'x' WHERE inspection_id = %s",
    "UPDATE hazards_hazard SET description = 'tampered' WHERE inspection_id = %s",
    "UPDATE inspections_inspectionsignature SET badge_number = 'X' WHERE inspection_id = %s",
])
def test_tampering_with_a_stored_field_fails_verification(inspection, inspector, partner, sql):
    signed = sign(inspection, inspector, partner)

    with connection.cursor() as cursor:
        cursor.execute(sql, [signed.pk])

    outcome = inspection_verify(inspection=signed)
    assert outcome.signed is True
    assert outcome.matches is False
    assert outcome.stored_hash == signed.record_hash


def test_the_rectification_loop_does_not_break_the_hash(inspection, inspector, partner,
                                                        district_official):
    import datetime

    from hazards.services import hazard_order_rectification

    signed = sign(inspection, inspector, partner)
    hazard = signed.hazards.get(grade="general")

    hazard_order_rectification(hazard=hazard, actor=district_official,
                               rectification_deadline=today_cst() + datetime.timedelta(days=10),
                               officers=factories.signatures(inspector, partner))

    assert inspection_verify(inspection=signed).matches is True


def test_signing_records_history(inspection, inspector, partner):
    signed = sign(inspection, inspector, partner)

    assert signed.history.first().signed_at == signed.signed_at


def test_unsigned_record_has_nothing_to_verify(inspection):
    outcome = inspection_verify(inspection=inspection)

    assert (outcome.signed, outcome.matches) == (False, False)


def test_signed_record_refuses_changes_to_its_officers(inspection, inspector, partner, fuling):
    signed = sign(inspection, inspector, partner)
    colleague = factories.inspector("500102")

    # each in its own savepoint: the related manager writes without one of its own
    with pytest.raises(RecordSigned), transaction.atomic():
        signed.inspectors.add(colleague)
    with pytest.raises(RecordSigned), transaction.atomic():
        signed.inspectors.remove(partner)
    with pytest.raises(RecordSigned), transaction.atomic():
        colleague.inspections.add(signed)

    assert inspection_verify(inspection=signed).matches is True
