"""Signing and verifying inspection records ("谁检查、谁签名、谁负责", DOMAIN.md §2).

Signing asks every listed officer to confirm with their own password (re-authentication),
records the enterprise representative (or that they refused to sign), gives the record its
number and freezes it: a SHA-256 hash over a canonical serialisation is stored, the model
refuses any later save (``Inspection.save``), and ``inspection_verify`` recomputes the hash
from the stored rows to tell whether the record still matches it.

The canonical serialisation is sorted-key, compact JSON (UTF-8, non-ASCII kept) of the
record's own fields, its officers' signatures (names and badge numbers as signed), its
checklist lines and its findings. Of a finding only what was found is hashed (grade,
category, basis, description, location, accident type), not what the rectification loop
changes afterwards (status, deadline, measures).
"""
import datetime
import hashlib
import json
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.lockout import PasswordNotConfirmed, password_confirm
from core.errors import PermissionDenied, ValidationFailed
from inspections.enums import InspectionKind
from inspections.models import Inspection, InspectionSignature, RecordSigned


class AuthenticationFailed(ValidationFailed):
    """An officer's password did not confirm their signature."""

    code = "authentication_failed"


def officer_password_confirm(*, officer, password: str, field: str) -> None:
    """The one password confirmation of an officer's signature (records, orders, re-inspection
    opinions): their own password, checked through ``accounts.lockout.password_confirm`` so
    wrong guesses count toward the account's lockout and a locked account cannot sign.

    Errors: AuthenticationFailed (wrong or missing password, inactive officer) and
    AccountLocked (too many failures; the right password is refused too), both naming
    ``field``. Call it before the caller's ``transaction.atomic`` block: a failure recorded
    inside a transaction that then rolls back would not count.
    """
    if not officer.is_active:
        raise AuthenticationFailed(_("%(name)s 的密码不正确，签署未完成。") % {"name": officer},
                                   field=field)
    try:
        password_confirm(user=officer, password=password, field=field, purpose="signing")
    except PasswordNotConfirmed as exc:
        raise AuthenticationFailed(exc.message, field=field) from exc


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


def record_canonical(inspection_id: int, *, signing_at: datetime.datetime | None = None) -> dict:
    """The canonical content of record ``inspection_id``, read fresh from the database.
    ``signing_at`` stands in for ``signed_at`` while the record is being signed."""
    inspection = (Inspection.objects.select_related("enterprise")
                  .prefetch_related("joint_departments", "inspectors")
                  .get(pk=inspection_id))
    signed_at = signing_at or inspection.signed_at
    finding_of = dict(inspection.hazards.filter(check_result__isnull=False)
                      .values_list("check_result_id", "pk"))
    return {
        "record": {
            "id": inspection.pk,
            "reference_number": inspection.reference_number,
            "kind": inspection.kind,
            "enterprise": inspection.enterprise_id,
            "enterprise_credit_code": inspection.enterprise.credit_code,
            "district": inspection.district_id,
            "department": inspection.department_id,
            "joint_departments": sorted(d.pk for d in inspection.joint_departments.all()),
            "inspected_on": inspection.inspected_on.isoformat(),
            "inspectors": sorted(u.pk for u in inspection.inspectors.all()),
            "created_by": inspection.created_by_id,
            "follow_up_of": inspection.follow_up_of_id,
            "notes": inspection.notes,
            "enterprise_representative": inspection.enterprise_representative,
            "representative_refused_to_sign": inspection.representative_refused_to_sign,
            "signed_at": signed_at.astimezone(datetime.UTC).isoformat() if signed_at else None,
        },
        "signatures": [
            {"officer": s.officer_id, "name": s.name, "badge_number": s.badge_number}
            for s in inspection.signatures.order_by("officer_id")
        ],
        "check_results": [
            {"criterion": r.criterion_id, "standard": r.criterion.standard.code,
             "clause": r.criterion.number, "result": r.result, "note": r.note,
             "hazard": finding_of.get(r.pk)}
            for r in inspection.check_results.select_related("criterion__standard")
            .order_by("criterion_id")
        ],
        "findings": [
            {"id": h.pk, "grade": h.grade, "category": h.category,
             "criterion": h.criterion_id, "description": h.description,
             "location": h.location, "accident_type": h.accident_type_id}
            for h in inspection.hazards.order_by("id")
        ],
    }


def canonical_bytes(content: dict) -> bytes:
    return json.dumps(content, sort_keys=True, ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")


def compute_record_hash(inspection_id: int, *,
                        signing_at: datetime.datetime | None = None) -> str:
    """SHA-256 (hex) of the canonical serialisation of the stored record."""
    content = record_canonical(inspection_id, signing_at=signing_at)
    return hashlib.sha256(canonical_bytes(content)).hexdigest()


def inspection_sign(*, inspection: Inspection, actor, passwords: dict,
                    enterprise_representative: str = "",
                    representative_refused_to_sign: bool = False) -> Inspection:
    """Sign and freeze an inspection record.

    Inputs: the inspection, the actor (one of its officers), ``passwords`` mapping each
    signing officer's user id to the password they typed, the enterprise representative's
    name, or ``representative_refused_to_sign`` (the name may still be given).
    Output: the signed inspection with ``reference_number``, ``signed_at`` and
    ``record_hash`` set and one ``InspectionSignature`` per officer.
    Errors: RecordSigned (already signed), PermissionDenied (actor is not an officer of it),
    AuthenticationFailed naming ``password-<user id>`` for a wrong or missing password,
    ValidationFailed for the team rules (``validate_team``) or a missing representative.
    """
    representative = (enterprise_representative or "").strip()
    current = (Inspection.objects.select_related("department", "created_by")
               .get(pk=inspection.pk))
    if current.is_signed:
        raise RecordSigned(_("检查记录已签署，不能再次签署。"))
    if actor.pk not in {o.pk for o in signing_officers(current)}:
        raise PermissionDenied(_("只有本次检查的检查人员可以提交签署。"))
    if not current.is_self_inspection:
        validate_team(kind=current.kind, officers=signing_officers(current),
                      department=current.department,
                      joint_departments=list(current.joint_departments.all()))
    # Passwords are confirmed before the signing transaction: a wrong one must stay counted
    # toward the lockout (and in the audit log) when the signing rolls back.
    confirmed = set()
    for officer in signing_officers(current):
        password = passwords.get(officer.pk) or passwords.get(str(officer.pk)) or ""
        officer_password_confirm(officer=officer, password=password,
                                 field=f"password-{officer.pk}")
        confirmed.add(officer.pk)
    with transaction.atomic():
        locked = (Inspection.objects.select_for_update(of=("self",))
                  .select_related("department", "created_by").get(pk=inspection.pk))
        if locked.is_signed:
            raise RecordSigned(_("检查记录已签署，不能再次签署。"))
        officers = signing_officers(locked)
        if actor.pk not in {o.pk for o in officers}:
            raise PermissionDenied(_("只有本次检查的检查人员可以提交签署。"))
        if {o.pk for o in officers} - confirmed:  # the team changed while passwords were typed
            raise AuthenticationFailed(_("检查人员已变更，请重新输入密码签署。"),
                                       field="inspectors")
        if not locked.is_self_inspection:
            validate_team(kind=locked.kind, officers=officers, department=locked.department,
                          joint_departments=list(locked.joint_departments.all()))
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
        # The hash covers the stored rows: write the content first (the row is not signed
        # yet, so the save guard lets it through), then hash it and freeze it in one save.
        locked.save(update_fields=["enterprise_representative", "representative_refused_to_sign",
                                   "reference_number", "updated_at"])
        locked.record_hash = compute_record_hash(locked.pk, signing_at=now)
        locked.signed_at = now
        locked.save(update_fields=["record_hash", "signed_at", "updated_at"])
    return locked


@dataclass(frozen=True)
class RecordVerification:
    """Whether a signed record still matches its hash."""

    signed: bool
    matches: bool
    stored_hash: str
    computed_hash: str


def inspection_verify(*, inspection: Inspection) -> RecordVerification:
    """Recompute the hash of the stored record and compare it with the one stored at signing.

    An unsigned record has nothing to verify (``signed=False, matches=False``).
    """
    stored = (Inspection.objects.filter(pk=inspection.pk)
              .values_list("record_hash", "signed_at").get())
    if not stored[1] or not stored[0]:
        return RecordVerification(signed=False, matches=False, stored_hash="", computed_hash="")
    computed = compute_record_hash(inspection.pk)
    return RecordVerification(signed=True, matches=computed == stored[0],
                              stored_hash=stored[0], computed_hash=computed)
