"""The hazard's life cycle: registration, the one transition function (``_transition``, the
only code that assigns ``Hazard.status``), the row lock and version check, events that keep
the state, the lapse of extension requests when rectification ends, and the major-hazard
prerequisites.

Versions: ``expected_version`` is optional in every service so that non-HTTP callers (imports,
tasks, commands, which act on the row they have just locked) need not pass one; every page and
API entry point passes the version the user saw, and a stale one is ``ConcurrentModification``.
"""
import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.clock import today_cst
from core.errors import (
    ConcurrentModification,
    DeadlineInPast,
    TransitionNotAllowed,
    ValidationFailed,
)
from core.text import cleaned
from inspections.models import RecordSigned

from .. import rules
from ..enums import ExtensionStatus, HazardAction, HazardGrade, HazardStatus
from ..models import DeadlineExtension, Hazard, HazardTransition, RectificationPlan


class PlanRequired(TransitionNotAllowed):
    """A major hazard's rectification cannot start before its plan (五落实) exists."""

    code = "plan_required"


class InterimMeasuresRequired(ValidationFailed):
    """A major hazard may not be rectifying without interim safety measures."""

    code = "interim_measures_required"


def validate_deadline(deadline: datetime.date | None, *, field="rectification_deadline"):
    """Raise DeadlineInPast unless ``deadline`` is today or later (CST calendar date)."""
    if deadline is None:
        raise ValidationFailed(_("请填写整改期限。"), field=field)
    if deadline < today_cst():
        raise DeadlineInPast(_("整改期限不能早于今天（%(today)s）。") % {"today": today_cst()},
                             field=field)


# free-text particulars of a finding and their length limits (None: the column's max_length)
# the free-text particulars of a finding; their limits are core.text's ("hazard.<field>")
TEXT_PARTICULARS = ("description", "location", "rectification_measures", "responsible_person",
                    "interim_safety_measures")


def clean_particulars(values: dict) -> dict:
    """The text rules of a finding's particulars, for registration and later edits alike
    (every caller — form, API, checklist, import, script — stores the same cleaned text).

    Input: ``{field: text}`` for any of ``TEXT_PARTICULARS``. Output: the same keys with the
    texts cleaned (``core.text.cleaned``: bidirectional controls out, trimmed, within the limit
    of ``TEXT_LIMITS["hazard.<field>"]``). Errors: ValidationFailed (``field`` named) for a
    text over its limit, or a description that is empty once cleaned.
    """
    text = {field: cleaned(value, field=field, key=f"hazard.{field}")
            for field, value in values.items()}
    if "description" in text and not text["description"]:
        raise ValidationFailed(_("请填写隐患描述。"), field="description")
    return text


def hazard_register(*, inspection, actor, grade: str, category: str, description: str,
                    location: str = "", rectification_measures: str = "",
                    responsible_person: str = "", rectification_deadline=None,
                    accident_type=None, criterion=None, rectification_funds: Decimal | None = None,
                    interim_safety_measures: str = "", note: str = "",
                    history_data: dict | None = None, registered_at=None,
                    check_result=None) -> Hazard:
    """Register one finding of ``inspection`` as a hazard in state ``reported``.

    Inputs: the inspection (its enterprise, district and kind are copied), the actor who files
    it, and the finding's fields (deadline a CST date or None, funds in yuan). ``registered_at``
    (aware datetime, default now) is when the hazard was found: an import passes the ledger's
    date, so the statistics count it in that period; it stamps ``Hazard.registered_at`` and the
    ``registered`` history row alike. A finding that cites a determination criterion (判定依据)
    is major by rule (docs/domain.md §10), whatever grade says.
    Output: the saved Hazard. Writes one history row ``registered``. Must run inside the
    caller's transaction (``inspection_file`` or an import).
    Errors: ValidationFailed for an empty description or an unknown grade/category,
    RecordSigned when the inspection record is already signed (its findings are frozen).
    """
    if inspection.is_signed:
        raise RecordSigned(_("检查记录已签署，不能再登记新的隐患。"))
    text = clean_particulars({
        "description": description, "location": location,
        "rectification_measures": rectification_measures,
        "responsible_person": responsible_person,
        "interim_safety_measures": interim_safety_measures})
    if criterion is not None:
        grade = HazardGrade.MAJOR
    if grade not in HazardGrade.values:
        raise ValidationFailed(_("隐患等级无效。"), field="grade")
    hazard = Hazard(
        inspection=inspection, enterprise_id=inspection.enterprise_id,
        district_id=inspection.district_id, campaign_id=inspection.campaign_id, grade=grade,
        category=category,
        rectification_deadline=rectification_deadline, accident_type=accident_type,
        criterion=criterion, check_result=check_result,
        rectification_funds=rectification_funds, reported_by=actor,
        status=HazardStatus.REPORTED, inspection_kind=inspection.kind,
        registered_at=registered_at or timezone.now(), **text,
    )
    try:
        hazard.full_clean(exclude=["inspection", "enterprise", "district", "reported_by",
                                   "campaign"])
    except DjangoValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise ValidationFailed(messages[0], field=field) from exc
    hazard.save()
    HazardTransition.objects.create(
        hazard=hazard, action=HazardAction.REGISTERED, from_status="",
        to_status=HazardStatus.REPORTED, actor=actor, note=note, data=history_data or {},
        at=hazard.registered_at)
    return hazard


def _transition(*, hazard: Hazard, actor, action: str, expected_version: int | None,
                note: str = "", data: dict | None = None, changes: dict | None = None,
                check=None, at: datetime.datetime | None = None) -> Hazard:
    """Move ``hazard`` along ``action`` under a row lock; the one place ``status`` is assigned.

    Order of checks, after the lock: the version (``expected_version``, None = the caller
    locks and checks itself), then the action's predicate (``rules.TRANSITION_RULES``: role →
    PermissionDenied, state → TransitionNotAllowed; ``deadline_extended`` has no predicate of
    its own here, ``extension_decide`` checks ``can_decide_extension`` first), then
    ``check(locked_hazard)``, the caller's domain checks, which may raise DomainError.
    ``changes`` are extra field values set in the same save. ``at`` (aware datetime) dates the
    step in the past (imports replaying a ledger; default now): the history row and, for a
    closure, ``closed_at``. Leaving ``rectifying`` ends the running deadline, so pending
    extension requests lapse (``_lapse_pending_extensions``).
    Returns the locked, updated hazard.
    """
    allowed_from, to_status = rules.TRANSITIONS[action]
    note = cleaned(note, field="note")
    with transaction.atomic():
        locked = _lock_hazard(hazard, expected_version)
        rule = rules.TRANSITION_RULES.get(action)
        if rule is not None:
            rule.check(actor, locked)
        elif locked.status not in allowed_from:
            raise TransitionNotAllowed(
                _("当前状态“%(status)s”不允许执行“%(action)s”。")
                % {"status": locked.get_status_display(),
                   "action": HazardAction(action).label})
        if check is not None:
            check(locked)
        from_status = locked.status
        update_fields = {"status", "version", "updated_at"}
        for field, value in (changes or {}).items():
            setattr(locked, field, value)
            update_fields.add(field)
        locked.status = to_status
        locked.version += 1
        if to_status == HazardStatus.CLOSED:
            locked.closed_at = at or timezone.now()
            update_fields.add("closed_at")
        locked.save(update_fields=sorted(update_fields))
        HazardTransition.objects.create(
            hazard=locked, action=action, from_status=from_status, to_status=to_status,
            actor=actor, note=note, data=data or {}, at=at or timezone.now())
        if from_status == HazardStatus.RECTIFYING and to_status != HazardStatus.RECTIFYING:
            _lapse_pending_extensions(locked, cause=action)
    return locked


def _lapse_pending_extensions(locked: Hazard, *, cause: str) -> list[DeadlineExtension]:
    """Close the pending extension requests of ``locked`` (row-locked by the caller) because
    the deadline they were made against no longer runs: the hazard left ``rectifying``
    (evidence submitted). A later failed re-inspection sets a new deadline; a request about
    the old one must not move it (docs/domain.md §4, docs/rectification_loop.md "Extensions").

    Each lapsed request gets ``status=lapsed``, ``decided_at`` now, no decider, the reason in
    ``decision_note``, and one history row ``extension_lapsed`` by the system (actor None)
    with ``data`` ``{"extension_id", "old_deadline", "requested_deadline", "cause"}``.
    """
    lapsed = []
    pending = (DeadlineExtension.objects.select_for_update()
               .filter(hazard_id=locked.pk, status=ExtensionStatus.REQUESTED))
    for extension in pending:
        why = _("整改已于 %(date)s 结束（%(cause)s），原整改期限不再计算。") % {
            "date": today_cst(), "cause": HazardAction(cause).label}
        _close_extension_as_lapsed(locked, extension, why=why, cause=cause)
        lapsed.append(extension)
    return lapsed


def _close_extension_as_lapsed(locked: Hazard, extension: DeadlineExtension, *, why: str,
                               cause: str) -> None:
    """Mark one pending request lapsed with its history row (inside the caller's lock)."""
    extension.status = ExtensionStatus.LAPSED
    extension.decided_at = timezone.now()
    extension.decided_by = None
    extension.decision_note = why
    extension.save(update_fields=["status", "decided_at", "decided_by", "decision_note"])
    HazardTransition.objects.create(
        hazard=locked, action=HazardAction.EXTENSION_LAPSED, from_status=locked.status,
        to_status=locked.status, actor=None, note=why,
        data={"extension_id": extension.pk, "old_deadline": extension.old_deadline.isoformat(),
              "requested_deadline": extension.requested_deadline.isoformat(),
              "current_deadline": (locked.rectification_deadline.isoformat()
                                   if locked.rectification_deadline else None),
              "cause": cause})


def _lock_hazard(hazard: Hazard, expected_version: int | None) -> Hazard:
    """Lock ``hazard``'s row (inside the caller's transaction) and check the version:
    ConcurrentModification when ``expected_version`` is given and is not the current one."""
    locked = (Hazard.objects.select_for_update(of=("self",)).select_related("inspection")
              .get(pk=hazard.pk))
    check_version(locked, expected_version,
                  _("该隐患已被他人处理（当前状态：%(status)s），请刷新后重试。")
                  % {"status": locked.get_status_display()})
    return locked


def precheck_transition(*, hazard: Hazard, actor, action: str,
                        expected_version: int | None) -> Hazard:
    """The version and predicate checks of ``_transition`` on a fresh, UNLOCKED read, for a
    service that must do slow or lasting work before its transaction (officers confirming
    with their passwords: a wrong guess must stay counted against the lockout, which a
    rolled-back transaction would undo). The same checks run again under the lock, which
    decide; this only keeps their errors first. Output: the fresh hazard.
    Errors: ConcurrentModification, PermissionDenied, TransitionNotAllowed."""
    fresh = Hazard.objects.select_related("inspection").get(pk=hazard.pk)
    check_version(fresh, expected_version,
                  _("该隐患已被他人处理（当前状态：%(status)s），请刷新后重试。")
                  % {"status": fresh.get_status_display()})
    rules.TRANSITION_RULES[action].check(actor, fresh)
    return fresh


def check_version(locked, expected_version: int | None, message: str) -> None:
    """The optimistic-lock check every editing service makes on the row it has locked: raise
    ConcurrentModification (with ``current_version``) when ``expected_version`` is given and
    differs from ``locked.version``. None means the caller locks and checks itself (imports,
    tasks, commands); pages and the API always pass one."""
    if expected_version is not None and locked.version != expected_version:
        raise ConcurrentModification(message, current_version=locked.version)


def bump_version(locked: Hazard) -> None:
    """Increase the version of a locked hazard whose fields did not change (a loop event), so
    that forms and clients based on the old situation are stale. The event itself is the
    HazardTransition row; no field-history record is written for a bare version bump."""
    locked.version += 1
    locked.skip_history_when_saving = True
    try:
        locked.save(update_fields=["version", "updated_at"])
    finally:
        del locked.skip_history_when_saving


def _record_event(*, locked: Hazard, actor, action: str, note: str = "",
                  data: dict | None = None) -> HazardTransition:
    """A history row for an event that does not change the state (from = to), on a hazard
    locked by the caller (``_lock_hazard``). The version is bumped (``bump_version``: a locked
    save, no ``QuerySet.update()``) so that a form showing the old situation is stale."""
    bump_version(locked)
    return HazardTransition.objects.create(
        hazard=locked, action=action, from_status=locked.status, to_status=locked.status,
        actor=actor, note=cleaned(note, field="note"), data=data or {})


def _require_major_prerequisites(locked: Hazard, *, interim_safety_measures: str):
    """Rule for major hazards (docs/domain.md §5), checked when rectification starts (order or
    self-rectification): a rectification plan (五落实) must already exist, and interim safety
    measures must be recorded (given now or on the hazard). Services never clear interim
    measures, so they stay non-empty for as long as the hazard is open."""
    if not locked.is_major:
        return
    if not RectificationPlan.objects.filter(hazard_id=locked.pk).exists():
        raise PlanRequired(_("重大隐患须先提交整改方案（五落实），方可开始整改。"))
    if not (interim_safety_measures or "").strip():
        raise InterimMeasuresRequired(_("重大隐患整改期间须落实临时安全措施，请填写。"),
                                      field="interim_safety_measures")
