"""Correcting a hazard's particulars (description, measures, grade, …) after registration: the
one door for every such edit, live or from a re-imported ledger."""
import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from core.errors import TransitionNotAllowed, ValidationFailed
from core.text import NOTE_MAX_CHARS, clean_text, validate_text_length
from inspections.models import RecordSigned

from .. import rules
from ..enums import DEADLINE_RUNNING_STATUSES, HazardAction, HazardGrade, HazardStatus
from ..models import Hazard, HazardTransition
from .lifecycle import (
    TEXT_PARTICULARS,
    _lock_hazard,
    _require_major_prerequisites,
    clean_particulars,
)

# What may be corrected. Status, deadline extensions, plans and documents have their own
# services; the enterprise, inspection and district of a finding never change.
PARTICULAR_FIELDS = ("grade", "category", "description", "location", "accident_type",
                     "criterion", "rectification_measures", "responsible_person",
                     "rectification_funds", "rectification_deadline", "interim_safety_measures")
# What a signed inspection record fixes about its findings ("谁检查、谁签名、谁负责",
# docs/domain.md §2): the finding as the inspectors signed it. Measures, the responsible person and
# funds are the enterprise's rectification, not the record.
SIGNED_RECORD_FIELDS = frozenset({"grade", "category", "description", "location",
                                  "criterion", "accident_type"})
_RELATIONS = frozenset({"accident_type", "criterion"})


def _stored(value):
    """A field value as JSON for the history: ids for relations, ISO dates, yuan as text."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _current(locked: Hazard, field: str):
    return getattr(locked, f"{field}_id") if field in _RELATIONS else getattr(locked, field)


def hazard_update_particulars(*, hazard: Hazard, actor, changes: dict, source: dict | None = None,
                              expected_version: int | None = None, note: str = "") -> Hazard:
    """Correct particulars of ``hazard``: one locked save, one history row, a new version.

    Inputs: ``changes`` ``{field: new value}`` over ``PARTICULAR_FIELDS`` (texts; grade and
    category codes; ``accident_type``/``criterion`` as instances or None; funds in yuan as
    Decimal or None; deadline a CST date or None); ``source`` (JSON-ready, e.g. an import's
    ``{"job", "file", "row", …}``) and ``note`` say where the correction comes from;
    ``expected_version`` guards against a stale form.
    Rules: the text rules of registration (``clean_particulars``); a criterion makes the hazard
    major (docs/domain.md §10); refused are a closed hazard, the finding of a signed record (the
    fields of ``SIGNED_RECORD_FIELDS``), a deadline change while the deadline runs (only an
    approved extension moves it), and a grade raised to major (or interim measures cleared)
    while rectifying or pending verification without the plan (五落实) and interim measures.
    Output: the updated hazard, or the hazard unchanged (no version, no history row) when no
    value differs. Side effects: ``version`` + 1, one ``HazardTransition``
    ``particulars_changed`` (from = to status) whose ``data`` is ``{"changes": {field: [old,
    new]}, "source": source}``, and a field-history row naming the actor and ``note``/source.
    Errors: ValidationFailed (unknown field, bad value), TransitionNotAllowed (closed hazard,
    running deadline), RecordSigned (signed record), PlanRequired / InterimMeasuresRequired,
    PermissionDenied (``rules.can_change_particulars``), ConcurrentModification.
    """
    unknown = set(changes) - set(PARTICULAR_FIELDS)
    if unknown:
        raise ValidationFailed(_("未知字段。"), field=sorted(unknown)[0])
    validate_text_length(note, limit=NOTE_MAX_CHARS, field="note")
    wanted = dict(changes)
    wanted.update(clean_particulars({f: v for f, v in changes.items() if f in TEXT_PARTICULARS}))
    if wanted.get("criterion") is not None:
        wanted["grade"] = HazardGrade.MAJOR
    with transaction.atomic():
        locked = _lock_hazard(hazard, expected_version)
        rules.can_change_particulars.check(actor, locked)
        diff = {}
        for field, value in wanted.items():
            old = _current(locked, field)
            new = value.pk if isinstance(value, models.Model) else value
            if old != new:
                diff[field] = (old, value)
        if not diff:
            return locked
        _check_allowed(locked, diff, wanted)
        for field, (_old, value) in diff.items():
            setattr(locked, field, value)
        _validate_fields(locked, diff)
        if "grade" in diff or "interim_safety_measures" in diff:
            # raising the grade, or clearing the measures, of a running major hazard
            if locked.status in DEADLINE_RUNNING_STATUSES:
                _require_major_prerequisites(
                    locked, interim_safety_measures=locked.interim_safety_measures)
        locked.version += 1
        locked._history_user = actor
        locked._change_reason = (clean_text(note) or _source_label(source))[:100]
        locked.save(update_fields=[*sorted(diff), "version", "updated_at"])
        data = {"changes": {field: [_stored(old), _stored(value)]
                            for field, (old, value) in diff.items()}}
        if source:
            data["source"] = source
            data["imported"] = bool(source.get("job"))
        HazardTransition.objects.create(
            hazard=locked, action=HazardAction.PARTICULARS_CHANGED, from_status=locked.status,
            to_status=locked.status, actor=actor, note=clean_text(note), data=data)
    return locked


def _check_allowed(locked: Hazard, diff: dict, wanted: dict) -> None:
    if locked.status == HazardStatus.CLOSED:
        raise TransitionNotAllowed(_("该隐患已销号，其信息不能再修改。"))
    signed = sorted(SIGNED_RECORD_FIELDS & set(diff))
    if signed and locked.inspection.is_signed:
        raise RecordSigned(_("检查记录已签署，隐患的等级、类别、描述、部位、判定依据和事故类别"
                             "不能修改。"), field=signed[0])
    if "rectification_deadline" in diff and locked.status in DEADLINE_RUNNING_STATUSES:
        raise TransitionNotAllowed(_("整改期限正在执行：变更期限须经延期审批。"),
                                   field="rectification_deadline")
    if "grade" in wanted and wanted["grade"] not in HazardGrade.values:
        raise ValidationFailed(_("隐患等级无效。"), field="grade")


def _validate_fields(locked: Hazard, diff: dict) -> None:
    """Field rules of the model (choices, lengths, digits) for the changed fields only; the
    table's constraints are not re-queried one by one."""
    funds = diff.get("rectification_funds", (None, None))[1]
    if funds is not None and Decimal(funds) < 0:
        raise ValidationFailed(_("整改资金不能为负数。"), field="rectification_funds")
    names = {f.name for f in Hazard._meta.fields}
    try:
        locked.clean_fields(exclude=[n for n in names if n not in diff])
    except DjangoValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise ValidationFailed(messages[0], field=field) from exc


def _source_label(source: dict | None) -> str:
    """A short reason for the field history, e.g. ``导入任务 12 台账.xlsx 第 5 行``."""
    if not source:
        return ""
    if source.get("job"):
        return _("导入任务 %(job)s %(file)s 第 %(row)s 行") % {
            "job": source.get("job"), "file": source.get("file", ""), "row": source.get("row")}
    return str(source)
