"""Hazard services: every change of a hazard's state happens here, and only here.

Each public service is keyword-only, runs in its own transaction, locks the hazard row, checks
the version, then the action's named predicate (``hazards.rules``: role, then state), writes
one history row, and returns the updated object. Errors: ``ConcurrentModification`` (409) when
``expected_version`` is stale, ``PermissionDenied`` (403) when the actor may not act,
``TransitionNotAllowed`` (409) when the state does not allow the action,
``ValidationFailed``/``DeadlineInPast`` (400) for bad input. ``expected_version`` is optional
for non-HTTP callers (imports, tasks, commands lock and check themselves); every page and API
entry point passes one.

One module per part of the loop; callers import the services from this package.
"""
from .documents import OfficerSignature
from .extensions import extension_decide, hazard_request_extension
from .imported import IMPORTABLE_ACTIONS, hazard_record_imported_step
from .lifecycle import InterimMeasuresRequired, PlanRequired, hazard_register, validate_deadline
from .major import hazard_place_supervision, hazard_submit_plan, supervision_lift
from .particulars import PARTICULAR_FIELDS, SIGNED_RECORD_FIELDS, hazard_update_particulars
from .rectification import (
    hazard_close_on_spot,
    hazard_order_rectification,
    hazard_start_self_rectification,
    hazard_submit_evidence,
    hazard_verify,
)

__all__ = [
    "IMPORTABLE_ACTIONS", "PARTICULAR_FIELDS", "SIGNED_RECORD_FIELDS", "InterimMeasuresRequired",
    "OfficerSignature", "PlanRequired", "extension_decide",
    "hazard_close_on_spot", "hazard_order_rectification", "hazard_place_supervision",
    "hazard_record_imported_step", "hazard_register", "hazard_request_extension",
    "hazard_start_self_rectification", "hazard_submit_evidence", "hazard_submit_plan",
    "hazard_update_particulars", "hazard_verify", "supervision_lift", "validate_deadline",
]
