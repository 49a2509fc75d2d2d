"""Deadline extensions (延期): request and decision."""
import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.clock import today_cst
from core.errors import PermissionDenied, TransitionNotAllowed, ValidationFailed
from core.text import cleaned

from .. import permissions
from ..enums import ExtensionStatus, HazardAction, HazardStatus
from ..models import DeadlineExtension, Hazard
from .lifecycle import _lock_hazard, _record_event, _transition, validate_deadline


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
    reason = cleaned(reason, field="reason", key="extension.reason",
                     required_message=_("请填写延期理由。"))
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
        locked_extension.decision_note = cleaned(note, field="note")
        locked_extension.save(update_fields=["status", "decided_by", "decided_at",
                                             "decision_note"])
    return locked_extension
