"""Replaying a past step recorded in a source ledger (imports only)."""
import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ValidationFailed

from ..enums import HazardAction
from ..models import Hazard, HazardTransition
from .lifecycle import _transition

# Steps an import may replay; everything else (extensions, failed re-inspections, plans,
# supervision) is done live, by people, after the import.
IMPORTABLE_ACTIONS = frozenset({HazardAction.RECTIFICATION_ORDERED,
                                HazardAction.EVIDENCE_SUBMITTED,
                                HazardAction.VERIFICATION_PASSED,
                                HazardAction.CLOSED_ON_SPOT})


def hazard_record_imported_step(*, hazard: Hazard, actor, action: str, source: dict,
                                note: str = "",
                                rectification_deadline: datetime.date | None = None,
                                at: datetime.datetime | None = None) -> Hazard:
    """Imports only: replay one step of a hazard's PAST life cycle, as a source ledger records
    it (an OSHA citation abated in 2012, a 2023 ledger row marked 整改情况=是).

    ``action`` is one of ``IMPORTABLE_ACTIONS``; ``rectification_deadline`` (CST date) is
    required for ``rectification_ordered``. ``at`` (aware datetime, default now) is when the
    ledger says the step happened, so that statistics count it in its own period: it dates the
    history row (and ``closed_at`` for a closure); it may not lie in the future nor before the
    hazard's latest history row (a history is told in order). The step goes through ``_transition`` like every
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
    Errors: ValidationFailed (unknown action, missing deadline, ``at`` in the future or before
    the latest history row), TransitionNotAllowed, PermissionDenied.
    """
    if action not in IMPORTABLE_ACTIONS:
        raise ValidationFailed(_("导入不能执行该操作。"), field="action")
    if at is not None and at > timezone.now():
        raise ValidationFailed(_("记录日期不能晚于现在。"), field="at")
    data = {"imported": True, "source": source}
    changes = None
    if action == HazardAction.RECTIFICATION_ORDERED:
        if rectification_deadline is None:
            raise ValidationFailed(_("请填写整改期限。"), field="rectification_deadline")
        changes = {"rectification_deadline": rectification_deadline}
        data["rectification_deadline"] = rectification_deadline.isoformat()
    return _transition(hazard=hazard, actor=actor, action=action, expected_version=None,
                       note=note, changes=changes, data=data, at=at,
                       check=None if at is None else lambda locked: _check_in_order(locked, at))


def _check_in_order(locked: Hazard, at: datetime.datetime) -> None:
    """Under the row lock: ``at`` is not before the hazard's latest history row."""
    latest = (HazardTransition.objects.filter(hazard_id=locked.pk).order_by("-at")
              .values_list("at", flat=True).first())
    if latest is not None and at < latest:
        raise ValidationFailed(
            _("记录日期 %(at)s 早于该隐患最近一条办理记录（%(latest)s）。")
            % {"at": timezone.localtime(at).strftime("%Y-%m-%d %H:%M"),
               "latest": timezone.localtime(latest).strftime("%Y-%m-%d %H:%M")}, field="at")
