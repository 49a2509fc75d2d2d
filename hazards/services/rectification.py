"""Rectification: orders (责令限期整改), self-rectification, evidence, re-inspection (复查)
and on-the-spot closure."""
import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.clock import today_cst
from core.errors import ValidationFailed
from core.text import cleaned

from ..enums import DocumentKind, HazardAction, VerificationResult
from ..files import check_evidence_files
from ..models import EvidenceFile, Hazard, RectificationEvidence, RectificationOrder, Verification
from ..seals import seal_document
from .documents import _document_fields, _document_officers, _order_items
from .lifecycle import (
    _require_major_prerequisites,
    _transition,
    precheck_transition,
    validate_deadline,
)


def hazard_order_rectification(*, hazard: Hazard, actor, rectification_deadline: datetime.date,
                               rectification_measures: str | None = None, note: str = "",
                               expected_version: int | None = None, officers=None,
                               department=None,
                               interim_safety_measures: str | None = None) -> Hazard:
    """责令限期整改: a district official orders rectification by a deadline (CST date) and
    issues the numbered rectification order (责令限期整改指令书).

    ``reported`` → ``rectifying``. ``officers``: the ``OfficerSignature`` (officer and the
    password they typed) of the two enforcement officers who sign the order (rule in
    ``documents._document_officers``). Optional: ``department`` (issuing department; default
    see ``documents.issuing_department``), ``interim_safety_measures`` (stored on the hazard).
    Major hazards need a rectification plan and interim safety measures first
    (``_require_major_prerequisites``). Output: the hazard; the order is
    ``hazard.latest_order`` (and ``hazard.orders.last()``); its number is in the history row's
    ``data["document_number"]``. The order is sealed in the district's seal chain in the same
    transaction (``hazards.seals.seal_document``).
    Errors: DeadlineInPast, ValidationFailed (officers), AuthenticationFailed (an officer's
    password), PlanRequired, InterimMeasuresRequired, TransitionNotAllowed, PermissionDenied,
    ConcurrentModification.
    """
    validate_deadline(rectification_deadline)
    changes = {"rectification_deadline": rectification_deadline}
    if rectification_measures is not None:
        changes["rectification_measures"] = cleaned(rectification_measures,
                                                    field="rectification_measures",
                                                    key="hazard.rectification_measures")
    interim = cleaned(interim_safety_measures, field="interim_safety_measures",
                      key="hazard.interim_safety_measures")
    if interim:
        changes["interim_safety_measures"] = interim
    data = {"rectification_deadline": rectification_deadline.isoformat()}
    document = {}
    # the officers confirm before the transaction (a wrong password stays counted against the
    # lockout); the state, permission and version checks come first, and decide again below
    def prerequisites(current):
        _require_major_prerequisites(current, interim_safety_measures=changes.get(
            "interim_safety_measures", current.interim_safety_measures))

    fresh = precheck_transition(hazard=hazard, actor=actor,
                                action=HazardAction.RECTIFICATION_ORDERED,
                                expected_version=expected_version)
    prerequisites(fresh)
    signing = _document_officers(hazard=fresh, officers=officers)

    def check(locked):
        prerequisites(locked)
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
        seal_document(order)
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
    interim = cleaned(interim_safety_measures, field="interim_safety_measures",
                      key="hazard.interim_safety_measures")
    if interim:
        changes["interim_safety_measures"] = interim

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
    description = cleaned(description, field="description", key="evidence.description",
                          required_message=_("请填写整改情况说明。"))
    checked = check_evidence_files(files)
    with transaction.atomic():
        updated = _transition(hazard=hazard, actor=actor, action=HazardAction.EVIDENCE_SUBMITTED,
                              expected_version=expected_version, note=description,
                              data={"files": len(checked)})
        evidence = RectificationEvidence.objects.create(
            hazard=updated, description=description, submitted_by=actor)
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
    ``officers`` (the two signing officers, each with their password) and ``department`` as
    for the order. Output: the hazard; the verification is
    ``hazard.latest_verification``; its number is in the history row's
    ``data["document_number"]``; the opinion (with its files' SHA-256) is sealed in the
    district's seal chain in the same transaction.
    Errors: ValidationFailed (missing new deadline or opinion on failure, refused file, a
    re-inspection date in the future or before the evidence it checks, officers),
    AuthenticationFailed (an officer's password), DeadlineInPast, and the transition errors.
    """
    opinion = cleaned(opinion, field="opinion", key="verification.opinion")
    verified_on = verified_on or today_cst()
    if verified_on > today_cst():
        raise ValidationFailed(_("复查日期不能晚于今天。"), field="verified_on")
    if passed:
        action, changes, data = HazardAction.VERIFICATION_PASSED, {}, {}
    else:
        if not opinion:
            raise ValidationFailed(_("复查不合格时请填写复查意见。"), field="opinion")
        validate_deadline(new_deadline, field="new_deadline")
        action = HazardAction.VERIFICATION_FAILED
        changes = {"rectification_deadline": new_deadline}
        data = {"new_deadline": new_deadline.isoformat()}
    checked = check_evidence_files(files)
    document = {}
    # as for the order: the officers confirm before the transaction, after the other checks
    def after_evidence(current):
        # a re-inspection checks rectification evidence, so it cannot predate it
        submitted = (current.transitions.filter(action=HazardAction.EVIDENCE_SUBMITTED)
                     .order_by("-at").values_list("at", flat=True).first())
        if submitted is not None and verified_on < timezone.localdate(submitted):
            raise ValidationFailed(
                _("复查日期不能早于整改材料提交日期（%(date)s）。")
                % {"date": timezone.localdate(submitted)}, field="verified_on")

    fresh = precheck_transition(hazard=hazard, actor=actor, action=action,
                                expected_version=expected_version)
    after_evidence(fresh)
    signing = _document_officers(hazard=fresh, officers=officers)

    def check(locked):
        after_evidence(locked)
        if locked.rectification_deadline is not None:
            data["old_deadline"] = locked.rectification_deadline.isoformat()
        document.update(_document_fields(kind=DocumentKind.VERIFICATION_OPINION,
                                         hazard=locked, actor=actor, officers=signing,
                                         department=department))
        data["document_number"] = document["number"]

    with transaction.atomic():
        updated = _transition(hazard=hazard, actor=actor, action=action,
                              expected_version=expected_version, note=opinion,
                              changes=changes, data=data, check=check)
        old = data.get("old_deadline")
        verification = Verification.objects.create(
            hazard=updated, verified_on=verified_on, opinion=opinion,
            verified_by=actor,
            result=VerificationResult.PASSED if passed else VerificationResult.FAILED,
            old_deadline=datetime.date.fromisoformat(old) if old else None,
            new_deadline=None if passed else new_deadline, **document)
        _store_files(checked, hazard=updated, actor=actor, verification=verification)
        seal_document(verification)
    updated.latest_verification = verification
    return updated


def hazard_close_on_spot(*, hazard: Hazard, actor, note: str = "",
                         expected_version: int | None = None) -> Hazard:
    """现场整改: the inspector witnessed the fix during the inspection; ``reported`` → ``closed``.

    Errors: ValidationFailed without a note on what was fixed, and the transition errors.
    """
    note = cleaned(note, field="note", required_message=_("请说明现场整改情况。"))
    return _transition(hazard=hazard, actor=actor, action=HazardAction.CLOSED_ON_SPOT,
                       expected_version=expected_version, note=note)
