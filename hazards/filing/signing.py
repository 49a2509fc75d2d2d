"""Signing and verifying inspection records ("谁检查、谁签名、谁负责", DOMAIN.md §2).

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

from core.errors import ValidationFailed
from core.models import Seal
from core.seals import SealCheck, canonical_json, seal_verify, sha256_hex
from inspections import rules
from inspections.enums import InspectionKind
from inspections.models import Inspection, InspectionSignature

from ..seals import INSPECTION_RECORD, inspection_record_content, seal_inspection_record


class AuthenticationFailed(ValidationFailed):
    """An officer's password did not confirm their signature."""

    code = "authentication_failed"


def validate_team(*, kind: str, officers, department=None, joint_departments=()) -> None:
    """The team rules of an inspection kind (DOMAIN.md §3).

    - enforcement (执法检查): at least two enforcement officers, each with a badge number
      (执法证号), as administrative enforcement requires;
    - joint (联合检查): the leading department and at least one other department.
    Errors: ValidationFailed naming ``inspectors`` or ``joint_departments``.
    """
    if kind == InspectionKind.ENFORCEMENT:
        with_badge = [o for o in officers if (o.badge_number or "").strip()]
        if len(with_badge) < 2:
            raise ValidationFailed(
                _("执法检查须由两名以上持有执法证的执法人员进行（已有 %(n)d 名）。")
                % {"n": len(with_badge)}, field="inspectors")
    if kind == InspectionKind.JOINT:
        others = {d.pk for d in joint_departments} - {getattr(department, "pk", None)}
        if department is None or not others:
            raise ValidationFailed(_("联合检查须列明牵头部门和至少一个联合检查部门。"),
                                   field="joint_departments")


def signing_officers(inspection: Inspection) -> list:
    """Who signs: the inspection's officers; for a self-inspection, the person who filed it."""
    if inspection.is_self_inspection:
        return [inspection.created_by]
    return list(inspection.inspectors.order_by("id"))


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
    inspection.joint_department_names = [
        d.name for d in inspection.joint_departments.order_by("code")]
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
    representative = (enterprise_representative or "").strip()
    with transaction.atomic():
        locked = (Inspection.objects.select_for_update(of=("self",))
                  .select_related("department", "created_by", "enterprise")
                  .get(pk=inspection.pk))
        rules.can_sign_inspection.check(actor, locked)
        officers = signing_officers(locked)
        if not locked.is_self_inspection:
            validate_team(kind=locked.kind, officers=officers, department=locked.department,
                          joint_departments=list(locked.joint_departments.all()))
        for officer in officers:
            password = passwords.get(officer.pk) or passwords.get(str(officer.pk)) or ""
            if not (officer.is_active and password and officer.check_password(password)):
                raise AuthenticationFailed(
                    _("%(name)s 的密码不正确，签署未完成。") % {"name": officer},
                    field=f"password-{officer.pk}")
        if not representative and not representative_refused_to_sign:
            raise ValidationFailed(_("请填写企业陪同人员姓名，或注明其拒绝签字。"),
                                   field="enterprise_representative")
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
