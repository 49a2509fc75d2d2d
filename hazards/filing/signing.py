"""Signing and verifying inspection records ("谁检查、谁签名、谁负责", docs/domain.md §2).

Signing asks every listed officer to confirm with their own password (re-authentication),
records the enterprise representative (or that they refused to sign), gives the record its
number, copies the parties as printed onto it and freezes it: the model refuses any later
save (``Inspection.save``), and the record is sealed (``core.seals``, docs/seals.md) in the
same transaction — an Ed25519 signature, with a key that is not in the database, over the
SHA-256 of the canonical content of everything the record prints
(``hazards.seals.inspection_record_content``), chained to the district's previous seal.
``record_hash`` keeps that content hash; ``inspection_verify`` checks the seal.

Of a finding only what was found is sealed (grade, category, basis, description, location,
accident type, photos) and its deadline as it stood at signing, not what the rectification
loop changes afterwards (status, later deadlines, measures).
"""
import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.reauth import AuthenticationFailed, officer_confirm_password
from core.errors import ValidationFailed
from core.models import Seal
from core.seals import SealCheck, canonical_json, seal_verify, sha256_hex
from core.text import cleaned
from inspections import rules
from inspections.models import Inspection, InspectionSignature
from inspections.team import signing_officers

from ..seals import INSPECTION_RECORD, inspection_record_content, seal_inspection_record

__all__ = ["AuthenticationFailed", "inspection_sign", "inspection_verify", "signing_context"]


def signing_context(user, inspection: Inspection) -> dict:
    """What a record's page shows about signing: ``can_sign`` (show the sign button:
    ``inspections.rules.can_sign_inspection``, the same check ``inspection_sign`` makes) and
    ``signing_blocked`` (why the record cannot be signed at all, e.g. a team short of
    badge-holding officers; empty when it can be, or when only someone else may sign it)."""
    refusal = rules.can_sign_inspection.refusal(user, inspection)
    blocked = (refusal.message if refusal is not None
               and isinstance(refusal.specific, ValidationFailed) else "")
    return {"can_sign": refusal is None, "signing_blocked": blocked}


def record_number(inspection: Inspection) -> str:
    """现场检查记录 number: ``<department prefix>现检〔<year>〕<id>号``; the record id makes it
    unique without a counter (the rectification documents have their own sequences)."""
    prefix = getattr(inspection.department, "document_prefix", "") or "渝"
    return f"{prefix}现检〔{inspection.inspected_on.year}〕{inspection.pk}号"


def compute_record_hash(inspection_id: int, *,
                        signing_at: datetime.datetime | None = None) -> str:
    """SHA-256 (hex) of the canonical content of the stored record
    (``hazards.seals.inspection_record_content``): what its seal's content hash is."""
    return sha256_hex(canonical_json(inspection_record_content(inspection_id,
                                                               signing_at=signing_at)))


def freeze_parties(inspection: Inspection) -> list[str]:
    """Copy the parties as printed (enterprise name, credit code, address, legal
    representative; lead and joint department names) onto the record being signed.
    Returns the fields set, for ``save(update_fields=…)``."""
    enterprise = inspection.enterprise
    inspection.enterprise_name = enterprise.name
    inspection.enterprise_credit_code = enterprise.credit_code
    inspection.enterprise_address = enterprise.address
    inspection.enterprise_legal_representative = enterprise.legal_representative
    inspection.department_name = inspection.department.name if inspection.department else ""
    # the lead is named once, as ``department_name`` (docs/domain.md §3: a joint inspection
    # lists its lead, then the other departments)
    inspection.joint_department_names = [d.name for d in inspection.other_joint_departments()]
    return ["enterprise_name", "enterprise_credit_code", "enterprise_address",
            "enterprise_legal_representative", "department_name", "joint_department_names"]


def inspection_sign(*, inspection: Inspection, actor, passwords: dict,
                    enterprise_representative: str = "",
                    representative_refused_to_sign: bool = False) -> Inspection:
    """Sign and freeze an inspection record.

    Inputs: the inspection, the actor (one of its officers), ``passwords`` mapping each
    signing officer's user id to the password they typed, the enterprise representative's
    name, or ``representative_refused_to_sign`` (the name may still be given).
    Output: the signed inspection with ``reference_number``, ``signed_at``, ``record_hash``
    and the parties' copies set, one ``InspectionSignature`` per officer, and its seal
    (``core.models.Seal``, also as ``.seal``) appended to the district's chain in the same
    transaction.
    Predicate ``inspections.rules.can_sign_inspection`` (under the row lock).
    Errors: RecordSigned (already signed), PermissionDenied (actor is not an officer of it),
    AuthenticationFailed naming ``password-<user id>`` for a wrong or missing password,
    ValidationFailed for the team rules (``validate_team``) or a missing representative,
    ImproperlyConfigured when no seal key is configured.
    """
    representative = cleaned(enterprise_representative, field="enterprise_representative",
                             key="inspection.enterprise_representative")
    current = (Inspection.objects.select_related("department", "created_by")
               .get(pk=inspection.pk))
    # the predicate first (its errors come before any password), then the passwords, BEFORE
    # the signing transaction: a wrong one must stay counted toward the lockout (and in the
    # audit log) when the signing rolls back
    rules.can_sign_inspection.check(actor, current)
    if not representative and not representative_refused_to_sign:
        raise ValidationFailed(_("请填写企业陪同人员姓名，或注明其拒绝签字。"),
                               field="enterprise_representative")
    confirmed = set()
    for officer in signing_officers(current):
        password = passwords.get(officer.pk) or passwords.get(str(officer.pk)) or ""
        officer_confirm_password(officer=officer, password=password,
                                 field=f"password-{officer.pk}")
        confirmed.add(officer.pk)
    with transaction.atomic():
        locked = (Inspection.objects.select_for_update(of=("self",))
                  .select_related("department", "created_by", "enterprise")
                  .get(pk=inspection.pk))
        # the one predicate of signing: an officer of the record, not signed yet, and a team
        # the kind allows (a record filed before the team rule was enforced at filing)
        rules.can_sign_inspection.check(actor, locked)
        officers = signing_officers(locked)
        if {o.pk for o in officers} - confirmed:  # the team changed while passwords were typed
            raise AuthenticationFailed(_("检查人员已变更，请重新输入密码签署。"),
                                       field="inspectors")
        now = timezone.now()
        InspectionSignature.objects.bulk_create([
            InspectionSignature(inspection=locked, officer=o, name=str(o),
                                badge_number=o.badge_number, signed_at=now)
            for o in officers])
        locked.enterprise_representative = representative
        locked.representative_refused_to_sign = bool(representative_refused_to_sign)
        locked.reference_number = locked.reference_number or record_number(locked)
        parties = freeze_parties(locked)
        # The seal covers the stored rows: write the content first (the row is not signed
        # yet, so the save guard lets it through), then seal it and freeze it in one save.
        locked.save(update_fields=["enterprise_representative", "representative_refused_to_sign",
                                   "reference_number", "updated_at", *parties])
        seal = seal_inspection_record(locked, signing_at=now)
        locked.record_hash = seal.content_hash
        locked.signed_at = now
        locked.save(update_fields=["record_hash", "signed_at", "updated_at"])
    locked.seal = seal
    return locked


@dataclass(frozen=True)
class RecordVerification:
    """Whether a signed record still matches its seal.

    ``matches``: the seal verifies (content, signature with a published key, link to the
    previous seal); ``stored_hash``: the sealed content hash; ``computed_hash``: the hash of
    the record's content now; ``check``: the seal's full ``core.seals.SealCheck`` (None when
    the record is unsigned or has no seal)."""

    signed: bool
    matches: bool
    stored_hash: str
    computed_hash: str
    check: SealCheck | None = None


def inspection_verify(*, inspection: Inspection) -> RecordVerification:
    """Verify a signed record against its seal (``core.seals.seal_verify``).

    An unsigned record has nothing to verify (``signed=False, matches=False``); a signed one
    without a seal (its seal deleted) does not match.
    """
    signed = Inspection.objects.filter(pk=inspection.pk, signed_at__isnull=False).exists()
    if not signed:
        return RecordVerification(signed=False, matches=False, stored_hash="", computed_hash="")
    seal = Seal.objects.filter(kind=INSPECTION_RECORD, object_id=inspection.pk).first()
    if seal is None:
        return RecordVerification(signed=True, matches=False, stored_hash="",
                                  computed_hash=compute_record_hash(inspection.pk))
    check = seal_verify(seal)
    return RecordVerification(signed=True, matches=check.ok, stored_hash=seal.content_hash,
                              computed_hash=check.current_content_hash, check=check)
