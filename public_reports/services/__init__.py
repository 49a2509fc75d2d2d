"""Public report services: every change of a report or a reward happens here.

Each service is keyword-only, runs in its own transaction, locks the row, checks the named
predicate (``public_reports.rules``) and the version, and writes one history row
(``ReportEvent``). Errors: PermissionDenied (403), ConcurrentModification (409, stale
version), TransitionNotAllowed (409, wrong state), ValidationFailed (400).
"""
from .reports import (
    ReportInput,
    report_accept,
    report_answer,
    report_file_verification,
    report_link_duplicate,
    report_refer,
    report_reroute,
    report_submit,
)
from .rewards import reward_amount, reward_decide, reward_pay, reward_propose

__all__ = [
    "ReportInput", "report_accept", "report_answer", "report_file_verification",
    "report_link_duplicate", "report_refer", "report_reroute", "report_submit",
    "reward_amount", "reward_decide", "reward_pay", "reward_propose",
]
