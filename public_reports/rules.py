"""Who may do what with a report or a reward: plain predicates of (user, object), used by the
buttons, the pages (403 when not allowed, 404 when not visible), the services and the API.

Rule source: docs/domain.md "Roles" (the district office handles reports, the city sees and
re-routes everything) and the reward rule's four-eyes requirement (approval by a second
person).
"""
from .enums import OPEN_REPORT_STATUSES, ReportOutcome, ReportStatus, RewardStatus


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def may_view_report(user, report) -> bool:
    """City officials; district officials and inspectors of the report's district."""
    if not _active(user):
        return False
    return user.is_city_official or user.works_in_district(report.district_id)


def may_handle_report(user, report) -> bool:
    """The roles that handle a report (triage, answer, rewards): the district officials of its
    district, and city officials."""
    if not _active(user):
        return False
    return user.is_city_official or (user.is_district_official
                                     and user.district_id == report.district_id)


def may_see_reporter_identity(user, report) -> bool:
    """Real-name identity (personal information) is shown only to the roles that handle the
    report; inspectors verify the matter, not the person."""
    return may_handle_report(user, report)


def may_accept_report(user, report) -> bool:
    return report.status == ReportStatus.RECEIVED and may_handle_report(user, report)


def may_reroute_report(user, report) -> bool:
    """Only city staff move a report to another district."""
    return report.status in OPEN_REPORT_STATUSES and _active(user) and user.is_city_official


def may_refer_report(user, report) -> bool:
    return report.status in OPEN_REPORT_STATUSES and may_handle_report(user, report)


def may_link_duplicate(user, report) -> bool:
    return report.status in OPEN_REPORT_STATUSES and may_handle_report(user, report)


def may_file_verification(user, report) -> bool:
    """举报核查: district staff (inspector or official) of the report's district, once the
    report is accepted and before it has its verification inspection."""
    return (report.status == ReportStatus.ACCEPTED
            and report.verification_inspection_id is None
            and _active(user) and user.works_in_district(report.district_id))


def may_answer_report(user, report) -> bool:
    return report.status == ReportStatus.ACCEPTED and may_handle_report(user, report)


def may_propose_reward(user, report) -> bool:
    """A reward is proposed for a substantiated report by a named reporter that has none
    yet (first valid reporter: ``services.rewards`` also checks that no earlier report by
    anyone on the same matter was rewarded)."""
    return (report.outcome == ReportOutcome.SUBSTANTIATED and not report.anonymous
            and report.status == ReportStatus.ANSWERED
            and not hasattr_reward(report) and may_handle_report(user, report))


def hasattr_reward(report) -> bool:
    try:
        return report.reward is not None
    except report._meta.model.reward.RelatedObjectDoesNotExist:
        return False


def may_decide_reward(user, reward) -> bool:
    """Approve or refuse: a handler of the report other than the one who proposed it."""
    return (reward.status == RewardStatus.PROPOSED and user.pk != reward.proposed_by_id
            and may_handle_report(user, reward.report))


def may_pay_reward(user, reward) -> bool:
    return reward.status == RewardStatus.APPROVED and may_handle_report(user, reward.report)
