"""The hazard's life cycle: registration, the one transition function (``_transition``, the
only code that assigns ``Hazard.status``), the row lock, events that keep the state, and the
major-hazard prerequisites."""
import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.clock import today_cst
from core.errors import (
    ConcurrentModification,
    DeadlineInPast,
    PermissionDenied,
    TransitionNotAllowed,
    ValidationFailed,
)
from core.text import DESCRIPTION_MAX_CHARS, NOTE_MAX_CHARS, clean_text, validate_text_length

from .. import permissions
from ..enums import HazardAction, HazardGrade, HazardStatus
from ..models import Hazard, HazardTransition, RectificationPlan


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
    ``registered`` history row alike. A finding that cites
    a determination criterion (判定依据) is major by rule (DOMAIN.md §10), whatever grade says.
    Output: the saved Hazard. Writes one history row ``registered``. Must run inside the
    caller's transaction (``inspection_file`` or an import).
    Errors: ValidationFailed for an empty description or an unknown grade/category.
    """
    if not (description or "").strip():
        raise ValidationFailed(_("请填写隐患描述。"), field="description")
    validate_text_length(description, limit=DESCRIPTION_MAX_CHARS, field="description")
    validate_text_length(rectification_measures, limit=DESCRIPTION_MAX_CHARS,
                         field="rectification_measures")
    validate_text_length(interim_safety_measures, limit=DESCRIPTION_MAX_CHARS,
                         field="interim_safety_measures")
    if criterion is not None:
        grade = HazardGrade.MAJOR
    if grade not in HazardGrade.values:
        raise ValidationFailed(_("隐患等级无效。"), field="grade")
    hazard = Hazard(
        inspection=inspection, enterprise_id=inspection.enterprise_id,
        district_id=inspection.district_id, grade=grade, category=category,
        description=clean_text(description), location=clean_text(location),
        rectification_measures=clean_text(rectification_measures),
        responsible_person=clean_text(responsible_person),
        rectification_deadline=rectification_deadline, accident_type=accident_type,
        criterion=criterion, check_result=check_result,
        rectification_funds=rectification_funds,
        interim_safety_measures=clean_text(interim_safety_measures), reported_by=actor,
        status=HazardStatus.REPORTED, inspection_kind=inspection.kind,
        registered_at=registered_at or timezone.now(),
    )
    try:
        hazard.full_clean(exclude=["inspection", "enterprise", "district", "reported_by"])
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
                check=None) -> Hazard:
    """Move ``hazard`` along ``action`` under a row lock; the one place ``status`` is assigned.

    ``changes`` are extra field values to set in the same save; ``check(locked_hazard)`` runs
    domain checks after the lock is taken and may raise DomainError. Returns the locked,
    updated hazard.
    """
    allowed_from, to_status = permissions.TRANSITIONS[action]
    validate_text_length(note, limit=NOTE_MAX_CHARS, field="note")
    note = clean_text(note)
    with transaction.atomic():
        locked = (Hazard.objects.select_for_update(of=("self",))
                  .select_related("inspection").get(pk=hazard.pk))
        if expected_version is not None and locked.version != expected_version:
            raise ConcurrentModification(
                _("该隐患已被他人处理（当前状态：%(status)s），请刷新后重试。")
                % {"status": locked.get_status_display()})
        if locked.status not in allowed_from:
            raise TransitionNotAllowed(
                _("当前状态“%(status)s”不允许执行“%(action)s”。")
                % {"status": locked.get_status_display(),
                   "action": HazardAction(action).label})
        if not permissions.may(actor, action, locked):
            raise PermissionDenied(_("您无权对该隐患执行“%(action)s”。")
                                   % {"action": HazardAction(action).label})
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
            locked.closed_at = timezone.now()
            update_fields.add("closed_at")
        locked.save(update_fields=sorted(update_fields))
        HazardTransition.objects.create(
            hazard=locked, action=action, from_status=from_status, to_status=to_status,
            actor=actor, note=note, data=data or {})
    return locked


def _lock_hazard(hazard: Hazard, expected_version: int | None) -> Hazard:
    """Lock ``hazard``'s row (inside the caller's transaction) and check the version."""
    locked = (Hazard.objects.select_for_update(of=("self",)).select_related("inspection")
              .get(pk=hazard.pk))
    if expected_version is not None and locked.version != expected_version:
        raise ConcurrentModification(
            _("该隐患已被他人处理（当前状态：%(status)s），请刷新后重试。")
            % {"status": locked.get_status_display()})
    return locked


def _record_event(*, locked: Hazard, actor, action: str, note: str = "",
                  data: dict | None = None) -> HazardTransition:
    """A history row for an event that does not change the state (from = to), on a locked
    hazard. The version is bumped so that a form showing the old situation is stale."""
    Hazard.objects.filter(pk=locked.pk).update(version=models.F("version") + 1,
                                               updated_at=timezone.now())
    locked.version += 1
    return HazardTransition.objects.create(
        hazard=locked, action=action, from_status=locked.status, to_status=locked.status,
        actor=actor, note=note, data=data or {})


def _require_major_prerequisites(locked: Hazard, *, interim_safety_measures: str):
    """Rule for major hazards (DOMAIN.md §5), checked when rectification starts (order or
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
