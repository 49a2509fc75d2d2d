"""Deadline extensions (延期): request and decision.

A request is made against the deadline running at that moment (``old_deadline``) and can only
ever move that deadline. It lapses, with a history row, when rectification ends (the hazard
leaves ``rectifying``: ``lifecycle._lapse_pending_extensions``) or when the deadline it was
made against has changed by the time it is decided (``extension_decide``). So a request made
before a failed re-inspection set a new deadline can no longer change it.
"""
import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ValidationFailed
from core.text import cleaned

from .. import rules
from ..enums import ExtensionStatus, HazardAction
from ..errors import ExtensionLapsed
from ..models import DeadlineExtension, Hazard
from .lifecycle import (
    _close_extension_as_lapsed,
    _lock_hazard,
    _record_event,
    _transition,
    bump_version,
    validate_deadline,
)


def hazard_request_extension(*, hazard: Hazard, actor, new_deadline: datetime.date,
                             reason: str, expected_version: int | None = None
                             ) -> DeadlineExtension:
    """延期申请: the enterprise officer asks for a later deadline, with a reason, before the
    current deadline has passed (on the deadline day itself it is still in time).

    Predicate ``rules.can_request_extension`` (only while ``rectifying``, one pending request
    per hazard). ``expected_version`` is the hazard's (optional for non-HTTP callers; pages and
    the API always pass it). Output: the pending DeadlineExtension; history row
    ``extension_requested`` with old and requested dates; the hazard's version is bumped.
    Errors: ValidationFailed (no reason, date not later than the current deadline),
    TransitionNotAllowed (wrong state, deadline passed, a request already pending),
    PermissionDenied, ConcurrentModification.
    """
    reason = cleaned(reason, field="reason", key="extension.reason",
                     required_message=_("请填写延期理由。"))
    if new_deadline is None:
        raise ValidationFailed(_("请填写申请延期至的日期。"), field="new_deadline")
    with transaction.atomic():
        locked = _lock_hazard(hazard, expected_version)
        rules.can_request_extension.check(actor, locked)
        if new_deadline <= locked.rectification_deadline:
            raise ValidationFailed(_("申请的期限须晚于当前整改期限（%(d)s）。")
                                   % {"d": locked.rectification_deadline}, field="new_deadline")
        extension = DeadlineExtension.objects.create(
            hazard=locked, old_deadline=locked.rectification_deadline,
            requested_deadline=new_deadline, reason=reason, requested_by=actor)
        _record_event(locked=locked, actor=actor, action=HazardAction.EXTENSION_REQUESTED,
                      note=reason,
                      data={"extension_id": extension.pk,
                            "old_deadline": extension.old_deadline.isoformat(),
                            "requested_deadline": new_deadline.isoformat()})
    return extension


def extension_decide(*, extension: DeadlineExtension, actor, approve: bool, note: str = "",
                     expected_version: int | None = None) -> DeadlineExtension:
    """A district official approves or refuses a pending extension request.

    The decision has no version of its own: ``expected_version`` is the **hazard's** (the
    decision moves the hazard's deadline, and any change to the hazard — a re-inspection, a
    new order — makes a decision form based on the old hazard stale). Optional for non-HTTP
    callers; pages and the API always pass it.

    Under the hazard's row lock (then the request's), predicate ``rules.can_decide_extension``:
    the request must be pending and the hazard's deadline must still be the request's
    ``old_deadline``. If that deadline has moved, the request is closed as ``lapsed`` (history
    row ``extension_lapsed``, committed) and ExtensionLapsed (409) is raised naming both dates;
    the later deadline stays. Approval moves the deadline through ``_transition`` (action
    ``deadline_extended``, data old/new dates; the new date must not be in the past). Refusal
    writes the history row ``extension_refused`` and leaves the deadline.
    Output: the decided extension.
    Errors: ExtensionLapsed, TransitionNotAllowed (already decided, hazard not rectifying),
    DeadlineInPast, PermissionDenied, ConcurrentModification.
    """
    lapsed_error = None
    with transaction.atomic():
        locked = _lock_hazard(extension.hazard, expected_version)
        locked_extension = DeadlineExtension.objects.select_for_update().get(pk=extension.pk)
        locked_extension.hazard = locked
        refusal = rules.can_decide_extension.refusal(actor, locked_extension)
        if refusal is not None:
            error = refusal.error()
            if isinstance(error, ExtensionLapsed) and locked_extension.is_pending:
                # pending, but its deadline has moved: close it (kept), then refuse
                _close_extension_as_lapsed(
                    locked, locked_extension, cause="deadline_changed",
                    why=_("整改期限已由 %(old)s 变更为 %(current)s。")
                    % {"old": locked_extension.old_deadline,
                       "current": locked.rectification_deadline})
                # the hazard page showing the request is now stale
                bump_version(locked)
                lapsed_error = error
            else:
                raise error
        else:
            data = {"extension_id": locked_extension.pk,
                    "old_deadline": locked_extension.old_deadline.isoformat(),
                    "new_deadline": locked_extension.requested_deadline.isoformat()}
            if approve:
                validate_deadline(locked_extension.requested_deadline, field="new_deadline")
                _transition(hazard=locked, actor=actor, action=HazardAction.DEADLINE_EXTENDED,
                            expected_version=None, note=note, data=data,
                            changes={"rectification_deadline":
                                     locked_extension.requested_deadline})
                locked_extension.status = ExtensionStatus.APPROVED
            else:
                _record_event(locked=locked, actor=actor,
                              action=HazardAction.EXTENSION_REFUSED, note=note, data=data)
                locked_extension.status = ExtensionStatus.REFUSED
            locked_extension.decided_by = actor
            locked_extension.decided_at = timezone.now()
            locked_extension.decision_note = cleaned(note, field="note")
            locked_extension.save(update_fields=["status", "decided_by", "decided_at",
                                                 "decision_note"])
    if lapsed_error is not None:
        raise lapsed_error
    return locked_extension
