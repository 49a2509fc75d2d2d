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
from core.text import (
    DESCRIPTION_MAX_CHARS,
    NOTE_MAX_CHARS,
    clean_text,
    validate_text_length,
)

from . import permissions
from .documents import issuing_department, next_document_number
from .enums import (
    DocumentKind,
    ExtensionStatus,
    HazardAction,
    HazardGrade,
    HazardStatus,
    VerificationResult,
)
from .files import check_evidence_files
from .models import (
    DeadlineExtension,
    EvidenceFile,
    Hazard,
    HazardTransition,
    RectificationEvidence,
    RectificationOrder,
    RectificationPlan,
    Supervision,
    Verification,
)


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

    Inputs: the inspection (its enterprise and district are copied), the actor who files it,
    and the finding's fields (deadline a CST date or None, funds in yuan). A finding that cites
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


def _officer_snapshot(user) -> tuple[str, str]:
    return (str(user), user.badge_number or "")


def _document_officers(*, hazard: Hazard, actor, officers) -> list:
    """The (up to) two enforcement officers who sign a document.

    Given ``officers``: exactly two distinct district staff (or city officials) with badge
    numbers, else ValidationFailed (field ``officers``). Not given: the hazard inspection's
    inspectors with badge numbers, then the actor if it has one, at most two. When the
    setting ``HAZARD_DOCUMENTS_REQUIRE_TWO_OFFICERS`` is true (the default), fewer than two is a
    ValidationFailed as well; otherwise the document records who is known and
    ``has_two_officers`` is false.
    """
    from django.conf import settings

    if officers:
        officers = list(officers)
        if len(officers) != 2 or officers[0].pk == officers[1].pk:
            raise ValidationFailed(_("须由两名执法人员签发。"), field="officers")
        for officer in officers:
            if not officer.badge_number:
                raise ValidationFailed(_("执法人员“%(name)s”没有执法证号。") % {"name": officer},
                                       field="officers")
            if not (officer.works_in_district(hazard.district_id) or officer.is_city_official):
                raise ValidationFailed(_("执法人员“%(name)s”不属于本区县。") % {"name": officer},
                                       field="officers")
        return officers
    found = [u for u in hazard.inspection.inspectors.all() if u.badge_number]
    if getattr(actor, "badge_number", "") and actor.pk not in {u.pk for u in found}:
        found.append(actor)
    found = found[:2]
    if len(found) < 2 and getattr(settings, "HAZARD_DOCUMENTS_REQUIRE_TWO_OFFICERS", True):
        raise ValidationFailed(_("须由两名持执法证的执法人员签发。"), field="officers")
    return found


def _document_fields(*, kind: str, hazard: Hazard, actor, officers, department) -> dict:
    """Number and signatories of a new document (runs inside the caller's transaction)."""
    department = issuing_department(hazard=hazard, actor=actor, department=department)
    number, year, seq = next_document_number(kind=kind, department=department,
                                             district=hazard.district, on=today_cst())
    fields = {"number": number, "sequence_year": year, "sequence_value": seq,
              "department": department}
    for index, officer in enumerate(officers[:2], start=1):
        name, badge = _officer_snapshot(officer)
        fields.update({f"officer_{index}": officer, f"officer_{index}_name": name,
                       f"officer_{index}_badge": badge})
    return fields


def _order_items(hazard: Hazard, measures: str) -> list[dict]:
    basis = str(hazard.criterion) if hazard.criterion_id else ""
    return [{"hazard_id": hazard.pk, "description": hazard.description,
             "location": hazard.location, "measures": measures, "basis": basis}]


def hazard_order_rectification(*, hazard: Hazard, actor, rectification_deadline: datetime.date,
                               rectification_measures: str | None = None, note: str = "",
                               expected_version: int | None = None, officers=None,
                               department=None,
                               interim_safety_measures: str | None = None) -> Hazard:
    """责令限期整改: a district official orders rectification by a deadline (CST date) and
    issues the numbered rectification order (责令限期整改指令书).

    ``reported`` → ``rectifying``. Optional: ``officers`` (two signing enforcement officers;
    see ``_document_officers`` for the default), ``department`` (issuing department; default
    see ``documents.issuing_department``), ``interim_safety_measures`` (stored on the hazard).
    Major hazards need a rectification plan and interim safety measures first
    (``_require_major_prerequisites``). Output: the hazard; the order is
    ``hazard.latest_order`` (and ``hazard.orders.last()``); its number is in the history row's
    ``data["document_number"]``.
    Errors: DeadlineInPast, ValidationFailed (officers), PlanRequired, InterimMeasuresRequired,
    TransitionNotAllowed, PermissionDenied, ConcurrentModification.
    """
    validate_deadline(rectification_deadline)
    changes = {"rectification_deadline": rectification_deadline}
    if rectification_measures is not None:
        changes["rectification_measures"] = rectification_measures.strip()
    if interim_safety_measures is not None and interim_safety_measures.strip():
        changes["interim_safety_measures"] = interim_safety_measures.strip()
    data = {"rectification_deadline": rectification_deadline.isoformat()}
    document = {}

    def check(locked):
        _require_major_prerequisites(locked, interim_safety_measures=changes.get(
            "interim_safety_measures", locked.interim_safety_measures))
        signing = _document_officers(hazard=locked, actor=actor, officers=officers)
        document.update(_document_fields(kind=DocumentKind.RECTIFICATION_ORDER, hazard=locked,
                                         actor=actor, officers=signing,
                                         department=department))
        data["document_number"] = document["number"]

    with transaction.atomic():
        updated = _transition(hazard=hazard, actor=actor,
                              action=HazardAction.RECTIFICATION_ORDERED,
                              expected_version=expected_version, note=note, changes=changes,
                              data=data, check=check)
        measures = changes.get("rectification_measures", updated.rectification_measures)
        order = RectificationOrder.objects.create(
            hazard=updated, enterprise_id=updated.enterprise_id,
            rectification_deadline=rectification_deadline, rectification_measures=measures,
            items=_order_items(updated, measures), issued_by=actor, **document)
    updated.latest_order = order
    return updated


def hazard_start_self_rectification(*, hazard: Hazard, actor,
                                    rectification_deadline: datetime.date, note: str = "",
                                    expected_version: int | None = None,
                                    interim_safety_measures: str | None = None) -> Hazard:
    """自查自改: the enterprise officer starts rectifying a hazard it found itself.

    ``reported`` → ``rectifying``; the deadline is the enterprise's own (CST date). Closing it
    still needs a district re-inspection. A major hazard needs its plan and interim safety
    measures first, as for an order. Errors as ``hazard_order_rectification``.
    """
    validate_deadline(rectification_deadline)
    changes = {"rectification_deadline": rectification_deadline}
    if interim_safety_measures is not None and interim_safety_measures.strip():
        changes["interim_safety_measures"] = interim_safety_measures.strip()

    def check(locked):
        _require_major_prerequisites(locked, interim_safety_measures=changes.get(
            "interim_safety_measures", locked.interim_safety_measures))

    return _transition(hazard=hazard, actor=actor,
                       action=HazardAction.SELF_RECTIFICATION_STARTED,
                       expected_version=expected_version, note=note, changes=changes,
                       data={"rectification_deadline": rectification_deadline.isoformat()},
                       check=check)


def _store_files(checked, *, hazard, actor, evidence=None, verification=None) -> list:
    stored = []
    for item in checked:
        row = EvidenceFile(hazard=hazard, evidence=evidence, verification=verification,
                           original_name=item.original_name, content_type=item.content_type,
                           extension=item.extension, size=item.size, sha256=item.sha256,
                           uploaded_by=actor)
        # the storage name comes from evidence_upload_to (random name, detected extension)
        row.file.save(item.original_name, item.upload, save=False)
        row.save()
        stored.append(row)
    return stored


def hazard_submit_evidence(*, hazard: Hazard, actor, description: str, files=None,
                           expected_version: int | None = None) -> Hazard:
    """Record rectification evidence (整改材料: text plus photos/PDF) and send the hazard to
    re-inspection.

    ``rectifying`` → ``pending_verification``. ``files``: uploaded files, checked by content
    (``hazards.files.check_evidence_files``) before anything is written. Output: the hazard;
    the evidence row is ``hazard.latest_evidence`` (and ``hazard.evidence.last()``). Errors:
    ValidationFailed for an empty description or a refused file, and the transition errors.
    """
    if not (description or "").strip():
        raise ValidationFailed(_("请填写整改情况说明。"), field="description")
    checked = check_evidence_files(files)
    with transaction.atomic():
        updated = _transition(hazard=hazard, actor=actor, action=HazardAction.EVIDENCE_SUBMITTED,
                              expected_version=expected_version, note=description.strip(),
                              data={"files": len(checked)})
        evidence = RectificationEvidence.objects.create(
            hazard=updated, description=description.strip(), submitted_by=actor)
        _store_files(checked, hazard=updated, actor=actor, evidence=evidence)
    updated.latest_evidence = evidence
    return updated


def hazard_verify(*, hazard: Hazard, actor, passed: bool, opinion: str = "",
                  verified_on: datetime.date | None = None,
                  new_deadline: datetime.date | None = None,
                  expected_version: int | None = None, files=None, officers=None,
                  department=None) -> Hazard:
    """复查: record a re-inspection by the district's staff and issue the numbered
    re-inspection opinion (整改复查意见书). Passed → ``closed`` (销号); failed → back to
    ``rectifying`` with ``new_deadline`` (CST date, required, not in the past).

    An enterprise officer can never verify (so never close) a hazard, also one it found and
    rectified itself. ``files``: photos/PDF of the re-inspection, content-checked.
    ``officers``/``department`` as for the order. Output: the hazard; the verification is
    ``hazard.latest_verification``; its number is in the history row's
    ``data["document_number"]``.
    Errors: ValidationFailed (missing new deadline or opinion on failure, refused file, a
    re-inspection date in the future or before the evidence it checks), DeadlineInPast, and
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
    checked = check_evidence_files(files)
    document = {}

    def check(locked):
        # a re-inspection checks rectification evidence, so it cannot predate it
        submitted = (locked.transitions.filter(action=HazardAction.EVIDENCE_SUBMITTED)
                     .order_by("-at").values_list("at", flat=True).first())
        if submitted is not None and verified_on < timezone.localdate(submitted):
            raise ValidationFailed(
                _("复查日期不能早于整改材料提交日期（%(date)s）。")
                % {"date": timezone.localdate(submitted)}, field="verified_on")
        if locked.rectification_deadline is not None:
            data["old_deadline"] = locked.rectification_deadline.isoformat()
        signing = _document_officers(hazard=locked, actor=actor, officers=officers)
        document.update(_document_fields(kind=DocumentKind.VERIFICATION_OPINION,
                                         hazard=locked, actor=actor, officers=signing,
                                         department=department))
        data["document_number"] = document["number"]

    with transaction.atomic():
        updated = _transition(hazard=hazard, actor=actor, action=action,
                              expected_version=expected_version, note=(opinion or "").strip(),
                              changes=changes, data=data, check=check)
        old = data.get("old_deadline")
        verification = Verification.objects.create(
            hazard=updated, verified_on=verified_on, opinion=(opinion or "").strip(),
            verified_by=actor,
            result=VerificationResult.PASSED if passed else VerificationResult.FAILED,
            old_deadline=datetime.date.fromisoformat(old) if old else None,
            new_deadline=None if passed else new_deadline, **document)
        _store_files(checked, hazard=updated, actor=actor, verification=verification)
    updated.latest_verification = verification
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


def hazard_request_extension(*, hazard: Hazard, actor, new_deadline: datetime.date,
                             reason: str, expected_version: int | None = None
                             ) -> DeadlineExtension:
    """延期申请: the enterprise officer asks for a later deadline, with a reason, before the
    current deadline has passed (on the deadline day itself it is still in time).

    Only while ``rectifying``; one pending request per hazard. Output: the pending
    DeadlineExtension; history row ``extension_requested`` with old and requested dates.
    Errors: ValidationFailed (no reason, date not later than the current deadline),
    TransitionNotAllowed (wrong state, deadline passed, a request already pending),
    PermissionDenied, ConcurrentModification.
    """
    if not (reason or "").strip():
        raise ValidationFailed(_("请填写延期理由。"), field="reason")
    if new_deadline is None:
        raise ValidationFailed(_("请填写申请延期至的日期。"), field="new_deadline")
    with transaction.atomic():
        locked = _lock_hazard(hazard, expected_version)
        if locked.status != HazardStatus.RECTIFYING:
            raise TransitionNotAllowed(_("只有整改中的隐患可以申请延期。"))
        if not permissions.may_request_extension(actor, locked):
            raise PermissionDenied(_("只有本企业的安全管理人员可以申请延期。"))
        if locked.rectification_deadline < today_cst():
            raise TransitionNotAllowed(_("整改期限已过，不能再申请延期。"))
        if new_deadline <= locked.rectification_deadline:
            raise ValidationFailed(_("申请的期限须晚于当前整改期限（%(d)s）。")
                                   % {"d": locked.rectification_deadline}, field="new_deadline")
        if locked.extensions.filter(status=ExtensionStatus.REQUESTED).exists():
            raise TransitionNotAllowed(_("已有一份延期申请待审批。"))
        extension = DeadlineExtension.objects.create(
            hazard=locked, old_deadline=locked.rectification_deadline,
            requested_deadline=new_deadline, reason=reason.strip(), requested_by=actor)
        _record_event(locked=locked, actor=actor, action=HazardAction.EXTENSION_REQUESTED,
                      note=reason.strip(),
                      data={"extension_id": extension.pk,
                            "old_deadline": extension.old_deadline.isoformat(),
                            "requested_deadline": new_deadline.isoformat()})
    return extension


def extension_decide(*, extension: DeadlineExtension, actor, approve: bool, note: str = "",
                     expected_version: int | None = None) -> DeadlineExtension:
    """A district official approves or refuses a pending extension request.

    Approval moves the deadline through ``_transition`` (action ``deadline_extended``, data
    old/new dates; the hazard must still be ``rectifying``, the new date not in the past).
    Refusal writes the history row ``extension_refused`` and leaves the deadline. This is the
    only way a running deadline is moved, apart from a failed re-inspection.
    ``expected_version`` is the hazard's. Output: the decided extension.
    Errors: TransitionNotAllowed (already decided, hazard not rectifying), DeadlineInPast,
    PermissionDenied, ConcurrentModification.
    """
    with transaction.atomic():
        locked_extension = DeadlineExtension.objects.select_for_update().get(pk=extension.pk)
        if not locked_extension.is_pending:
            raise TransitionNotAllowed(_("该延期申请已经审批过了。"))
        hazard = locked_extension.hazard
        data = {"extension_id": locked_extension.pk,
                "old_deadline": locked_extension.old_deadline.isoformat(),
                "new_deadline": locked_extension.requested_deadline.isoformat()}
        if approve:
            validate_deadline(locked_extension.requested_deadline, field="new_deadline")

            def check(locked):
                data["old_deadline"] = locked.rectification_deadline.isoformat()

            _transition(hazard=hazard, actor=actor, action=HazardAction.DEADLINE_EXTENDED,
                        expected_version=expected_version, note=note, data=data,
                        changes={"rectification_deadline":
                                 locked_extension.requested_deadline}, check=check)
            locked_extension.status = ExtensionStatus.APPROVED
        else:
            locked = _lock_hazard(hazard, expected_version)
            if not permissions.may(actor, HazardAction.DEADLINE_EXTENDED, locked):
                raise PermissionDenied(_("只有本区县的管理人员可以审批延期。"))
            _record_event(locked=locked, actor=actor, action=HazardAction.EXTENSION_REFUSED,
                          note=note, data=data)
            locked_extension.status = ExtensionStatus.REFUSED
        locked_extension.decided_by = actor
        locked_extension.decided_at = timezone.now()
        locked_extension.decision_note = (note or "").strip()
        locked_extension.save(update_fields=["status", "decided_by", "decided_at",
                                             "decision_note"])
    return locked_extension


def hazard_submit_plan(*, hazard: Hazard, actor, responsibility: str, measures: str,
                       funds: Decimal, time_limit: datetime.date, contingency_plan: str,
                       expected_version: int | None = None) -> RectificationPlan:
    """重大隐患整改方案 (五落实): record or revise the plan of a major hazard — responsibility,
    measures, funds (yuan, ≥ 0), time limit (CST date, not in the past) and contingency plan.

    By the enterprise's officer or the district's staff, while the hazard is ``reported`` or
    ``rectifying``. Revisions keep their old values in the plan's history. Output: the plan;
    history row ``plan_submitted``.
    Errors: ValidationFailed (a missing part, negative funds, past time limit, not a major
    hazard), TransitionNotAllowed (wrong state), PermissionDenied, ConcurrentModification.
    """
    parts = {"responsibility": responsibility, "measures": measures,
             "contingency_plan": contingency_plan}
    for field, value in parts.items():
        if not (value or "").strip():
            raise ValidationFailed(_("整改方案须落实责任、措施、资金、时限和预案，请填写完整。"),
                                   field=field)
    if funds is None or Decimal(funds) < 0:
        raise ValidationFailed(_("整改资金须为不小于零的金额（元）。"), field="funds")
    validate_deadline(time_limit, field="time_limit")
    with transaction.atomic():
        locked = _lock_hazard(hazard, expected_version)
        if not locked.is_major:
            raise ValidationFailed(_("只有重大隐患需要整改方案。"))
        if locked.status not in (HazardStatus.REPORTED, HazardStatus.RECTIFYING):
            raise TransitionNotAllowed(_("当前状态“%(status)s”不能提交整改方案。")
                                       % {"status": locked.get_status_display()})
        if not permissions.may_submit_plan(actor, locked):
            raise PermissionDenied(_("您无权提交该隐患的整改方案。"))
        values = {field: value.strip() for field, value in parts.items()}
        values.update(funds=Decimal(funds), time_limit=time_limit, submitted_by=actor,
                      submitted_at=timezone.now())
        plan, created = RectificationPlan.objects.update_or_create(hazard=locked,
                                                                   defaults=values)
        _record_event(locked=locked, actor=actor, action=HazardAction.PLAN_SUBMITTED,
                      data={"plan_id": plan.pk, "revised": not created,
                            "funds": str(plan.funds), "time_limit": time_limit.isoformat()})
    return plan


def hazard_place_supervision(*, hazard: Hazard, actor, authority: str, letter_number: str,
                             started_on: datetime.date | None = None, note: str = "",
                             expected_version: int | None = None) -> Supervision:
    """挂牌督办: a district official of the hazard's district, or a city official, lists an
    open major hazard for supervision by ``authority`` with supervision letter
    ``letter_number`` (督办函号) from ``started_on`` (CST date, default today).

    One active listing per hazard. Output: the Supervision; history row
    ``supervision_placed``. Errors: ValidationFailed (missing authority/letter, not major),
    TransitionNotAllowed (closed, already listed), PermissionDenied, ConcurrentModification.
    """
    if not (authority or "").strip():
        raise ValidationFailed(_("请填写督办单位。"), field="authority")
    if not (letter_number or "").strip():
        raise ValidationFailed(_("请填写督办函号。"), field="letter_number")
    started_on = started_on or today_cst()
    with transaction.atomic():
        locked = _lock_hazard(hazard, expected_version)
        if not permissions.may_supervise(actor, locked):
            raise PermissionDenied(_("只有区县或市级管理人员可以挂牌督办。"))
        if not locked.is_major:
            raise ValidationFailed(_("只有重大隐患可以挂牌督办。"))
        if not locked.is_open:
            raise TransitionNotAllowed(_("已销号的隐患不能挂牌督办。"))
        if locked.supervisions.filter(lifted_on__isnull=True).exists():
            raise TransitionNotAllowed(_("该隐患已在挂牌督办中。"))
        supervision = Supervision.objects.create(
            hazard=locked, authority=authority.strip(), letter_number=letter_number.strip(),
            started_on=started_on, placed_by=actor, note=(note or "").strip())
        _record_event(locked=locked, actor=actor, action=HazardAction.SUPERVISION_PLACED,
                      note=note, data={"supervision_id": supervision.pk,
                                       "authority": supervision.authority,
                                       "letter_number": supervision.letter_number,
                                       "started_on": started_on.isoformat()})
    return supervision


def supervision_lift(*, supervision: Supervision, actor, note: str = "",
                     lifted_on: datetime.date | None = None,
                     expected_version: int | None = None) -> Supervision:
    """解除挂牌督办: lift a listing, only after the hazard is closed (销号).

    Same people as placing it. ``expected_version`` is the hazard's. Output: the lifted
    Supervision; history row ``supervision_lifted``. Errors: TransitionNotAllowed (hazard
    still open, already lifted), ValidationFailed (lift date before start or in the future),
    PermissionDenied, ConcurrentModification.
    """
    lifted_on = lifted_on or today_cst()
    if lifted_on > today_cst():
        raise ValidationFailed(_("解除日期不能晚于今天。"), field="lifted_on")
    with transaction.atomic():
        locked_supervision = Supervision.objects.select_for_update().get(pk=supervision.pk)
        locked = _lock_hazard(locked_supervision.hazard, expected_version)
        if not permissions.may_supervise(actor, locked):
            raise PermissionDenied(_("只有区县或市级管理人员可以解除挂牌督办。"))
        if not locked_supervision.is_active:
            raise TransitionNotAllowed(_("该挂牌督办已经解除。"))
        if locked.status != HazardStatus.CLOSED:
            raise TransitionNotAllowed(_("隐患销号后方可解除挂牌督办。"))
        if lifted_on < locked_supervision.started_on:
            raise ValidationFailed(_("解除日期不能早于督办开始日期。"), field="lifted_on")
        locked_supervision.lifted_on = lifted_on
        locked_supervision.lifted_by = actor
        locked_supervision.lift_note = (note or "").strip()
        locked_supervision.save(update_fields=["lifted_on", "lifted_by", "lift_note"])
        _record_event(locked=locked, actor=actor, action=HazardAction.SUPERVISION_LIFTED,
                      note=note, data={"supervision_id": locked_supervision.pk,
                                       "letter_number": locked_supervision.letter_number,
                                       "lifted_on": lifted_on.isoformat()})
    return locked_supervision
