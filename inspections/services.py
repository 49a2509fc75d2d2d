"""Inspection services: creating an inspection record and correcting its particulars.

Every writer of ``Inspection`` rows (filing with findings in ``hazards.filing``, ledger imports)
goes through these, so the scope rule, the text rules and the signed-record rule ("谁检查、谁签名、
谁负责", docs/domain.md §2) hold for all of them. Signing itself is ``hazards.filing.signing``.
"""
import datetime

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.clock import today_cst
from core.errors import PermissionDenied, ValidationFailed
from core.text import NOTE_MAX_CHARS, clean_text, validate_text_length

from .enums import InspectionKind
from .models import Inspection, RecordSigned

# What a correction may change; the enterprise and district of a visit never change.
INSPECTION_PARTICULAR_FIELDS = ("kind", "inspected_on", "reference_number", "notes")


def may_record_inspection(user, enterprise, kind: str) -> bool:
    """Whose records of a ``kind`` visit to ``enterprise`` the system takes: the district's
    staff (officials and inspectors of its district, who also enter an enterprise's
    self-inspection ledgers), or, for its self-inspections only, the enterprise's own safety
    officer. Filing pages narrow this further (``hazards.filing.services.may_file_inspection``)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return (user.works_in_district(enterprise.district_id)
            or (kind == InspectionKind.SELF_INSPECTION and user.is_enterprise_officer
                and user.enterprise_id == enterprise.pk))


def _clean(values: dict) -> dict:
    """Text and date rules of an inspection's particulars (``INSPECTION_PARTICULAR_FIELDS``)."""
    cleaned = dict(values)
    if "kind" in values and values["kind"] not in InspectionKind.values:
        raise ValidationFailed(_("检查类型无效。"), field="kind")
    if "inspected_on" in values:
        if not isinstance(values["inspected_on"], datetime.date):
            raise ValidationFailed(_("请填写检查日期。"), field="inspected_on")
        if values["inspected_on"] > today_cst():
            raise ValidationFailed(_("检查日期不能晚于今天。"), field="inspected_on")
    if "notes" in values:
        validate_text_length(values["notes"], limit=NOTE_MAX_CHARS, field="notes")
        cleaned["notes"] = clean_text(values["notes"])
    if "reference_number" in values:
        cleaned["reference_number"] = clean_text(values["reference_number"])
    return cleaned


def _validate_fields(inspection: Inspection, fields) -> None:
    names = {f.name for f in Inspection._meta.fields}
    try:
        inspection.clean_fields(exclude=[n for n in names if n not in fields])
    except DjangoValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise ValidationFailed(messages[0], field=field) from exc


def inspection_create(*, actor, enterprise, kind: str, inspected_on: datetime.date,
                      department=None, reference_number: str = "", notes: str = "",
                      reason: str = "", campaign=None) -> Inspection:
    """Create an (unsigned) inspection record of a visit to ``enterprise``.

    Inputs: the actor, the enterprise (its district is copied), the kind (InspectionKind), the
    CST date of the visit (not in the future), an optional department, reference number
    (检查记录编号, ≤ 60 characters) and notes; the campaign (专项行动) it belongs to, if any;
    ``reason`` names the source in the field history (e.g. the import job). Output: the saved Inspection, without inspectors (the caller adds
    them). Errors: PermissionDenied (``may_record_inspection``), ValidationFailed (bad kind,
    future date, text too long).
    """
    if not may_record_inspection(actor, enterprise, kind):
        raise PermissionDenied(_("您无权录入该企业的检查。"))
    values = _clean({"kind": kind, "inspected_on": inspected_on,
                     "reference_number": reference_number, "notes": notes})
    inspection = Inspection(enterprise=enterprise, district_id=enterprise.district_id,
                            department=department, created_by=actor, campaign=campaign,
                            **values)
    _validate_fields(inspection, values)
    inspection._history_user = actor
    inspection._change_reason = reason[:100]
    with transaction.atomic():
        inspection.save()
    return inspection


def inspection_update_particulars(*, inspection: Inspection, actor, changes: dict,
                                  reason: str = "") -> Inspection:
    """Correct the particulars of an unsigned inspection record under a row lock.

    Inputs: ``changes`` ``{field: value}`` over ``INSPECTION_PARTICULAR_FIELDS``; ``reason``
    (e.g. ``导入任务 12 台账.xlsx 第 5 行``) goes with the actor into the record's field history
    (django-simple-history), which keeps old and new values. Output: the updated inspection,
    or the locked one unchanged when no value differs (no history row then).
    Errors: RecordSigned for a signed record, PermissionDenied (``may_record_inspection``),
    ValidationFailed (unknown field, future date, text too long).
    """
    unknown = set(changes) - set(INSPECTION_PARTICULAR_FIELDS)
    if unknown:
        raise ValidationFailed(_("未知字段。"), field=sorted(unknown)[0])
    values = _clean(changes)
    with transaction.atomic():
        locked = (Inspection.objects.select_for_update(of=("self",))
                  .select_related("enterprise").get(pk=inspection.pk))
        if not all(may_record_inspection(actor, locked.enterprise, kind)
                   for kind in {locked.kind, values.get("kind", locked.kind)}):
            raise PermissionDenied(_("您无权修改该检查记录。"))
        diff = {f: v for f, v in values.items() if getattr(locked, f) != v}
        if not diff:
            return locked
        if locked.is_signed:
            raise RecordSigned(_("检查记录已签署，不能修改。"))
        for field, value in diff.items():
            setattr(locked, field, value)
        _validate_fields(locked, diff)
        locked._history_user = actor
        locked._change_reason = reason[:100]
        locked.save(update_fields=[*sorted(diff), "updated_at"])
    return locked
