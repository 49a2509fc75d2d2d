"""Seals an insider cannot forge: signing and issuing seal; changing any printed field (even
with its hash recomputed), deleting, swapping or re-signing a seal is reported by
``seal_verify`` / ``chain_verify``; key rotation keeps old seals verifiable."""
import base64
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.test import override_settings

from core.models import Seal, SealChainHead
from core.seals import (
    GENESIS_HASH,
    canonical_json,
    chain_verify,
    published_keys,
    seal_hash_of,
    seal_verify,
    sha256_hex,
)
from hazards.filing.signing import compute_record_hash, inspection_verify
from hazards.seals import INSPECTION_RECORD

from .conftest import as_database_owner, issue_opinion, issue_order, sign_new_record

pytestmark = pytest.mark.django_db


def seal_of(kind, object_id) -> Seal:
    return Seal.objects.get(kind=kind, object_id=object_id)


def only_chain(district="500102"):
    [status] = chain_verify(district)
    return status


def test_signing_seals_the_record_as_the_first_link_of_its_district_chain(record, enterprise):
    seal = seal_of(INSPECTION_RECORD, record.pk)
    content = json.loads(seal.content)

    assert (seal.district_code, seal.sequence, seal.previous_hash) == ("500102", 1, GENESIS_HASH)
    assert seal.key_id == "test-2026"
    assert record.record_hash == seal.content_hash == compute_record_hash(record.pk)
    assert content["enterprise"] == {"name": enterprise.name,
                                     "credit_code": enterprise.credit_code,
                                     "address": enterprise.address,
                                     "legal_representative": enterprise.legal_representative}
    assert [o["badge_number"] for o in content["officers"]] == [
        s.badge_number for s in record.signatures.order_by("officer_id")]
    assert content["findings"][0]["description"] == "消防通道堵塞"
    assert seal_verify(seal).ok
    assert only_chain().ok


def test_orders_and_opinions_are_sealed_in_the_same_district_chain(record, district_official,
                                                                   inspector):
    order = issue_order(record, district_official)
    opinion = issue_opinion(order, inspector)

    seals = list(Seal.objects.filter(district_code="500102").order_by("sequence"))
    assert [(s.sequence, s.kind, s.object_id) for s in seals] == [
        (1, "inspection_record", record.pk), (2, "rectification_order", order.pk),
        (3, "verification_opinion", opinion.pk)]
    assert [s.previous_hash for s in seals[1:]] == [s.seal_hash for s in seals[:2]]
    assert json.loads(seals[1].content)["record"]["number"] == record.reference_number
    assert json.loads(seals[2].content)["order"]["number"] == order.number
    status = only_chain()
    assert (status.ok, status.checked, status.head_sequence) == (True, 3, 3)


def test_the_rectification_loop_does_not_break_the_record_seal(record, district_official,
                                                               inspector):
    order = issue_order(record, district_official)
    issue_opinion(order, inspector)

    assert inspection_verify(inspection=record).matches is True
    assert only_chain().ok


@pytest.mark.parametrize(("sql", "field"), [
    ("UPDATE inspections_inspection SET notes = 'tampered' WHERE id = %(record)s",
     "record.notes"),
    ("UPDATE inspections_inspection SET enterprise_name = '别的公司' WHERE id = %(record)s",
     "enterprise.name"),
    ("UPDATE inspections_inspection SET signed_at = signed_at - interval '1 day' "
     "WHERE id = %(record)s", "record.signed_at"),
    ("UPDATE inspections_inspectionsignature SET badge_number = 'X' "
     "WHERE inspection_id = %(record)s", "officers[0].badge_number"),
    ("UPDATE hazards_hazard SET description = 'tampered' WHERE inspection_id = %(record)s",
     "findings[0].description"),
    ("UPDATE hazards_hazard SET location = '别处' WHERE inspection_id = %(record)s",
     "findings[0].location"),
])
def test_a_printed_field_changed_with_its_hash_recomputed_is_reported(record, sql, field,
                                                                      on_postgres):
    if "interval" in sql and not on_postgres:
        pytest.skip("PostgreSQL date arithmetic")
    with as_database_owner() as cursor:
        cursor.execute(sql % {"record": int(record.pk)})
        # the insider recomputes the record's hash as the old verification did
        cursor.execute("UPDATE inspections_inspection SET record_hash = %s WHERE id = %s",
                       [compute_record_hash(record.pk), record.pk])

    outcome = inspection_verify(inspection=record)
    status = only_chain()

    assert outcome.matches is False
    assert outcome.check.problem == "content_changed"
    assert field in outcome.check.changed_fields
    assert status.first_break.problem == "content_changed"
    assert status.first_break.object_id == record.pk
    assert record.reference_number in status.first_break.object_label


def test_a_changed_photo_hash_of_a_finding_is_reported(record, inspector):
    from hazards.models import FindingPhoto

    hazard = record.hazards.get()
    FindingPhoto.objects.create(hazard=hazard, image="findings/x.jpg", sha256="a" * 64,
                                uploaded_by=inspector)
    # a photo added behind the record's back (the service refuses it once signed)

    check = seal_verify(seal_of(INSPECTION_RECORD, record.pk))

    assert check.problem == "content_changed"
    assert check.changed_fields == ("findings[0].photos[0]",)


def test_the_enterprise_renamed_later_leaves_the_signed_record_as_printed(record, enterprise):
    enterprise.name = "新名称有限公司"
    enterprise.save()

    assert inspection_verify(inspection=record).matches is True
    assert only_chain().ok


def test_a_seal_re_signed_by_another_key_is_reported(record):
    """The insider rewrites the content, the content hash and the seal hash consistently,
    but can only sign with a key of their own."""
    seal = seal_of(INSPECTION_RECORD, record.pk)
    content = json.loads(seal.content)
    content["record"]["notes"] = "tampered"
    forged = canonical_json(content)
    seal.content, seal.content_hash = forged, sha256_hex(forged)
    seal_hash = seal_hash_of(seal)
    signature = base64.b64encode(
        Ed25519PrivateKey.generate().sign(bytes.fromhex(seal_hash))).decode()
    with as_database_owner() as cursor:
        cursor.execute("UPDATE inspections_inspection SET notes = 'tampered' WHERE id = %s",
                       [record.pk])
        cursor.execute("UPDATE core_seal SET content = %s, content_hash = %s, seal_hash = %s, "
                       "signature = %s WHERE id = %s",
                       [forged, sha256_hex(forged), seal_hash, signature, seal.pk])

    check = seal_verify(Seal.objects.get(pk=seal.pk))

    assert [code for code, _message in check.problems] == ["bad_signature"]
    assert only_chain().first_break.problem == "bad_signature"


def test_a_tampered_signature_is_reported(record):
    seal = seal_of(INSPECTION_RECORD, record.pk)
    broken = base64.b64encode(bytes(64)).decode()
    with as_database_owner() as cursor:
        cursor.execute("UPDATE core_seal SET signature = %s WHERE id = %s", [broken, seal.pk])

    assert only_chain().first_break.problem == "bad_signature"


def test_a_seal_deleted_in_the_middle_of_the_chain_is_reported(enterprise, inspector):
    first, middle, last = (sign_new_record(enterprise, inspector, notes=f"第{n}次")
                           for n in (1, 2, 3))
    with as_database_owner() as cursor:
        cursor.execute("DELETE FROM core_seal WHERE kind = 'inspection_record' "
                       "AND object_id = %s", [middle.pk])

    status = only_chain()

    assert status.first_break.problem == "sequence_gap"
    assert status.first_break.sequence == 3
    assert status.first_break.object_id == last.pk
    assert status.unsealed == [("inspection_record", middle.pk, "现场检查记录")]
    assert seal_verify(seal_of(INSPECTION_RECORD, last.pk)).problem == "sequence_gap"
    assert inspection_verify(inspection=middle).matches is False


def test_a_sealed_document_deleted_from_the_database_is_reported(record, district_official,
                                                                 inspector):
    order = issue_order(record, district_official)
    issue_opinion(order, inspector)
    with as_database_owner() as cursor:
        cursor.execute("DELETE FROM hazards_rectificationorder WHERE id = %s", [order.pk])

    status = only_chain()

    assert (status.first_break.problem, status.first_break.sequence) == ("object_missing", 2)
    assert order.number in status.first_break.object_label


def test_two_seals_swapped_are_reported(enterprise, inspector):
    first = sign_new_record(enterprise, inspector)
    second = sign_new_record(enterprise, inspector)
    with as_database_owner() as cursor:
        cursor.execute("UPDATE core_seal SET sequence = sequence + 100 "
                       "WHERE district_code = '500102'")
        cursor.execute("UPDATE core_seal SET sequence = 1 WHERE object_id = %s", [second.pk])
        cursor.execute("UPDATE core_seal SET sequence = 2 WHERE object_id = %s", [first.pk])

    status = only_chain()

    assert status.first_break.sequence == 1
    assert status.first_break.object_id == second.pk
    assert status.first_break.problem == "seal_altered"


def test_the_last_seal_removed_is_reported_by_the_chain_head(enterprise, inspector):
    sign_new_record(enterprise, inspector)
    last = sign_new_record(enterprise, inspector)
    with as_database_owner() as cursor:
        cursor.execute("DELETE FROM core_seal WHERE object_id = %s", [last.pk])

    status = only_chain()

    assert status.first_break.problem == "head_mismatch"
    assert status.unsealed == [("inspection_record", last.pk, "现场检查记录")]


def test_chains_are_per_district(enterprise, other_enterprise, inspector, other_inspector):
    sign_new_record(enterprise, inspector)
    sign_new_record(other_enterprise, other_inspector)

    statuses = chain_verify()

    assert [(s.district_code, s.checked, s.ok) for s in statuses] == [
        ("500101", 1, True), ("500102", 1, True)]
    assert SealChainHead.objects.get(district_code="500101").sequence == 1


def _raw_public(key: Ed25519PrivateKey) -> str:
    return base64.b64encode(key.public_key().public_bytes_raw()).decode()


def test_key_rotation_new_key_signs_old_seals_still_verify_removed_key_fails(
        enterprise, inspector):
    old_key, new_key = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    old = {"SEAL_PRIVATE_KEY": base64.b64encode(old_key.private_bytes_raw()).decode(),
           "SEAL_KEY_ID": "fuling-2025"}
    with override_settings(**old):
        before = sign_new_record(enterprise, inspector)
    rotated = {"SEAL_PRIVATE_KEY": base64.b64encode(new_key.private_bytes_raw()).decode(),
               "SEAL_KEY_ID": "fuling-2026"}

    with override_settings(**rotated, SEAL_VERIFY_KEYS={"fuling-2025": _raw_public(old_key)}):
        after = sign_new_record(enterprise, inspector)
        published = [(k.key_id, k.current) for k in published_keys()]
        status = only_chain()
    with override_settings(**rotated, SEAL_VERIFY_KEYS={}):
        without_old = only_chain()

    assert seal_of(INSPECTION_RECORD, before.pk).key_id == "fuling-2025"
    assert seal_of(INSPECTION_RECORD, after.pk).key_id == "fuling-2026"
    assert published == [("fuling-2026", True), ("fuling-2025", False)]
    assert (status.ok, status.checked) == (True, 2)
    assert without_old.first_break.problem == "unknown_key"
    assert without_old.first_break.object_id == before.pk


def test_a_record_of_another_district_keeps_its_own_sequence(other_enterprise, other_inspector,
                                                            record):
    other = sign_new_record(other_enterprise, other_inspector)

    assert seal_of(INSPECTION_RECORD, other.pk).sequence == 1
    assert seal_of(INSPECTION_RECORD, record.pk).sequence == 1
