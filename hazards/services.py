"""Hazard services: every change of a hazard's state happens here, and only here.

Each public service is keyword-only, runs in its own transaction, locks the hazard row, checks
the transition table and the actor's role (``hazards.permissions``), writes one history row,
and returns the updated hazard. Errors: ``TransitionNotAllowed`` (409) when the state does not
allow the action, ``PermissionDenied`` (403) when the actor may not act, ``ConcurrentModification``
(409) when ``expected_version`` is stale, ``ValidationFailed``/``DeadlineInPast`` (400) for bad
input.
"""
import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.errors import (
    ConcurrentModification,
    DeadlineInPast,
    PermissionDenied,
    TransitionNotAllowed,
    ValidationFailed,
)

from . import permissions
from .enums import HazardAction, HazardGrade, HazardStatus, VerificationResult
from .models import Hazard, HazardTransition, RectificationEvidence, Verification, today_cst


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
                    history_data: dict | None = None, registered_at=None) -> Hazard:
    """Register one finding of ``inspection`` as a hazard in state ``reported``.

    Inputs: the inspection (its enterprise and district are copied), the actor who files it,
    and the finding's fields (deadline a CST date or None, funds in yuan). A finding that cites
    a determination criterion (判定依据) is major by rule (DOMAIN.md §10), whatever grade says.
    Output: the saved Hazard. Writes one history row ``registered``. Must run inside the
    caller's transaction (``inspection_file`` or an import).
    Errors: ValidationFailed for an empty description or an unknown grade/category.
    """
    if not (description or "").strip():
        raise ValidationFailed(_("请填写隐患描述。"), field="description")
    if criterion is not None:
        grade = HazardGrade.MAJOR
    if grade not in HazardGrade.values:
        raise ValidationFailed(_("隐患等级无效。"), field="grade")
    hazard = Hazard(
        inspection=inspection, enterprise_id=inspection.enterprise_id,
        district_id=inspection.district_id, grade=grade, category=category,
        description=description.strip(), location=location.strip(),
        rectification_measures=rectification_measures.strip(),
        responsible_person=responsible_person.strip(),
        rectification_deadline=rectification_deadline, accident_type=accident_type,
        criterion=criterion, rectification_funds=rectification_funds,
        interim_safety_measures=interim_safety_measures.strip(), reported_by=actor,
        status=HazardStatus.REPORTED,
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
        at=registered_at or timezone.now())
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


def hazard_order_rectification(*, hazard: Hazard, actor, rectification_deadline: datetime.date,
                               rectification_measures: str | None = None, note: str = "",
                               expected_version: int | None = None) -> Hazard:
    """责令限期整改: a district official orders rectification by a deadline (CST date).

    ``reported`` → ``rectifying``. Errors: DeadlineInPast, TransitionNotAllowed,
    PermissionDenied, ConcurrentModification.
    """
    validate_deadline(rectification_deadline)
    changes = {"rectification_deadline": rectification_deadline}
    if rectification_measures is not None:
        changes["rectification_measures"] = rectification_measures
    return _transition(hazard=hazard, actor=actor, action=HazardAction.RECTIFICATION_ORDERED,
                       expected_version=expected_version, note=note, changes=changes,
                       data={"rectification_deadline": rectification_deadline.isoformat()})


def hazard_start_self_rectification(*, hazard: Hazard, actor,
                                    rectification_deadline: datetime.date, note: str = "",
                                    expected_version: int | None = None) -> Hazard:
    """自查自改: the enterprise officer starts rectifying a hazard it found itself.

    ``reported`` → ``rectifying``; the deadline is the enterprise's own (CST date). Closing it
    still needs a district re-inspection. Errors as ``hazard_order_rectification``.
    """
    validate_deadline(rectification_deadline)
    return _transition(hazard=hazard, actor=actor,
                       action=HazardAction.SELF_RECTIFICATION_STARTED,
                       expected_version=expected_version, note=note,
                       changes={"rectification_deadline": rectification_deadline},
                       data={"rectification_deadline": rectification_deadline.isoformat()})


def hazard_submit_evidence(*, hazard: Hazard, actor, description: str,
                           expected_version: int | None = None) -> Hazard:
    """Record rectification evidence (整改材料) and send the hazard to re-inspection.

    ``rectifying`` → ``pending_verification``. Output: the hazard; the evidence row is
    ``hazard.evidence.last()``. Errors: ValidationFailed for an empty description, and the
    transition errors.
    """
    if not (description or "").strip():
        raise ValidationFailed(_("请填写整改情况说明。"), field="description")
    with transaction.atomic():
        updated = _transition(hazard=hazard, actor=actor, action=HazardAction.EVIDENCE_SUBMITTED,
                              expected_version=expected_version, note=description.strip())
        evidence = RectificationEvidence.objects.create(
            hazard=updated, description=description.strip(), submitted_by=actor)
    updated.latest_evidence = evidence
    return updated


def hazard_verify(*, hazard: Hazard, actor, passed: bool, opinion: str = "",
                  verified_on: datetime.date | None = None,
                  new_deadline: datetime.date | None = None,
                  expected_version: int | None = None) -> Hazard:
    """复查: record a re-inspection. Passed → ``closed`` (销号); failed → back to ``rectifying``
    with ``new_deadline`` (CST date, required, not in the past).

    Errors: ValidationFailed (missing new deadline or opinion on failure), DeadlineInPast, and
    the transition errors.
    """
    verified_on = verified_on or today_cst()
    if verified_on > today_cst():
        raise ValidationFailed(_("复查日期不能晚于今天。"), field="verified_on")
    if passed:
        action, changes, data = HazardAction.VERIFICATION_PASSED, {}, {}
    else:
        if not (opinion or "").strip():
            raise ValidationFailed(_("复查不合格时请填写复查意见。"), field="opinion")
        validate_deadline(new_deadline, field="new_deadline")
        action = HazardAction.VERIFICATION_FAILED
        changes = {"rectification_deadline": new_deadline}
        data = {"new_deadline": new_deadline.isoformat()}
    def keep_old_deadline(locked):
        if not passed:
            data["old_deadline"] = locked.rectification_deadline.isoformat()

    with transaction.atomic():
        updated = _transition(hazard=hazard, actor=actor, action=action,
                              expected_version=expected_version, note=opinion.strip(),
                              changes=changes, data=data, check=keep_old_deadline)
        Verification.objects.create(
            hazard=updated, verified_on=verified_on, opinion=opinion.strip(), verified_by=actor,
            result=VerificationResult.PASSED if passed else VerificationResult.FAILED)
    return updated


def hazard_close_on_spot(*, hazard: Hazard, actor, note: str = "",
                         expected_version: int | None = None) -> Hazard:
    """现场整改: the inspector witnessed the fix during the inspection; ``reported`` → ``closed``.

    Errors: ValidationFailed without a note on what was fixed, and the transition errors.
    """
    if not (note or "").strip():
        raise ValidationFailed(_("请说明现场整改情况。"), field="note")
    return _transition(hazard=hazard, actor=actor, action=HazardAction.CLOSED_ON_SPOT,
                       expected_version=expected_version, note=note.strip())


# Steps an import may replay; everything else (extensions, failed re-inspections, plans,
# supervision) is done live, by people, after the import.
IMPORTABLE_ACTIONS = frozenset({HazardAction.RECTIFICATION_ORDERED,
                                HazardAction.EVIDENCE_SUBMITTED,
                                HazardAction.VERIFICATION_PASSED,
                                HazardAction.CLOSED_ON_SPOT})


def hazard_record_imported_step(*, hazard: Hazard, actor, action: str, source: dict,
                                note: str = "",
                                rectification_deadline: datetime.date | None = None) -> Hazard:
    """Imports only: replay one step of a hazard's PAST life cycle, as a source ledger records
    it (an OSHA citation abated in 2012, a 2023 ledger row marked 整改情况=是).

    ``action`` is one of ``IMPORTABLE_ACTIONS``; ``rectification_deadline`` (CST date) is
    required for ``rectification_ordered``. The step goes through ``_transition`` like every
    other one: transition table, row lock, the actor's role (the importing district
    official), one history row whose ``data`` is ``{"imported": True, "source": source, ...}``
    so a replayed step is always told apart from a live one.

    What is deliberately NOT done here, and why (this is the single place for it):
    - no ``validate_deadline``: a user giving a NEW order must give the enterprise time, but an
      imported deadline states a past fact and is legitimately in the past (an open hazard with
      a past deadline is overdue at once, which is the truth);
    - no numbered documents (指令书, 复查意见书) and no Verification row: the system did not issue
      or witness them, so it does not invent numbers or re-inspections;
    - no major-hazard prerequisites (plan, interim measures) for the replayed order: the source
      never records them; the district adds a plan afterwards through ``hazard_submit_plan``.
    Errors: ValidationFailed (unknown action, missing deadline), TransitionNotAllowed,
    PermissionDenied.
    """
    if action not in IMPORTABLE_ACTIONS:
        raise ValidationFailed(_("导入不能执行该操作。"), field="action")
    data = {"imported": True, "source": source}
    changes = None
    if action == HazardAction.RECTIFICATION_ORDERED:
        if rectification_deadline is None:
            raise ValidationFailed(_("请填写整改期限。"), field="rectification_deadline")
        changes = {"rectification_deadline": rectification_deadline}
        data["rectification_deadline"] = rectification_deadline.isoformat()
    return _transition(hazard=hazard, actor=actor, action=action, expected_version=None,
                       note=note, changes=changes, data=data)
