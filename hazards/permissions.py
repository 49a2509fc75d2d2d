"""Who may do what to a hazard: named predicates used by services, templates and the API alike.

``may(user, action, hazard)`` answers the role question (is this the right person?);
``can(user, action, hazard)`` adds the state question (is the action possible now?). Pages show
only the actions ``available_actions`` returns; services refuse everything else. Rules follow
docs/domain.md "Roles".
"""
from .enums import HazardAction, HazardStatus

# action -> states it may start from, and the state it leads to
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    HazardAction.RECTIFICATION_ORDERED: (frozenset({HazardStatus.REPORTED}),
                                         HazardStatus.RECTIFYING),
    HazardAction.SELF_RECTIFICATION_STARTED: (frozenset({HazardStatus.REPORTED}),
                                              HazardStatus.RECTIFYING),
    HazardAction.EVIDENCE_SUBMITTED: (frozenset({HazardStatus.RECTIFYING}),
                                      HazardStatus.PENDING_VERIFICATION),
    HazardAction.VERIFICATION_PASSED: (frozenset({HazardStatus.PENDING_VERIFICATION}),
                                       HazardStatus.CLOSED),
    HazardAction.VERIFICATION_FAILED: (frozenset({HazardStatus.PENDING_VERIFICATION}),
                                       HazardStatus.RECTIFYING),
    HazardAction.CLOSED_ON_SPOT: (frozenset({HazardStatus.REPORTED}), HazardStatus.CLOSED),
    HazardAction.DEADLINE_EXTENDED: (frozenset({HazardStatus.RECTIFYING}),
                                     HazardStatus.RECTIFYING),
}


def _is_district_official(user, hazard) -> bool:
    return user.is_district_official and user.district_id == hazard.district_id


def _is_district_staff(user, hazard) -> bool:
    return user.works_in_district(hazard.district_id)


def _is_enterprise_officer(user, hazard) -> bool:
    return user.is_enterprise_officer and user.enterprise_id == hazard.enterprise_id


def _may_self_rectify(user, hazard) -> bool:
    # 自查自改: only hazards the enterprise found itself; a regulator's finding needs an order.
    return _is_enterprise_officer(user, hazard) and hazard.inspection.is_self_inspection


_ROLE_RULES = {
    HazardAction.RECTIFICATION_ORDERED: _is_district_official,
    HazardAction.SELF_RECTIFICATION_STARTED: _may_self_rectify,
    HazardAction.EVIDENCE_SUBMITTED:
        lambda user, hazard: _is_enterprise_officer(user, hazard)
        or _is_district_staff(user, hazard),
    # An enterprise can never close its own hazard: re-inspection is the district's.
    HazardAction.VERIFICATION_PASSED: _is_district_staff,
    HazardAction.VERIFICATION_FAILED: _is_district_staff,
    # On-the-spot fixes are closed by the inspector (or official) who witnessed them.
    HazardAction.CLOSED_ON_SPOT: _is_district_staff,
    HazardAction.DEADLINE_EXTENDED: _is_district_official,
}


def may_request_extension(user, hazard) -> bool:
    """延期申请: the hazard's own enterprise officer."""
    return bool(getattr(user, "is_authenticated", False) and _is_enterprise_officer(user, hazard))


def may_decide_extension(user, hazard) -> bool:
    """延期审批: a district official of the hazard's district."""
    return bool(getattr(user, "is_authenticated", False) and _is_district_official(user, hazard))


def may_submit_plan(user, hazard) -> bool:
    """整改方案: the enterprise's officer (who carries it out) or the district's staff."""
    return bool(getattr(user, "is_authenticated", False)
                and (_is_enterprise_officer(user, hazard) or _is_district_staff(user, hazard)))


def may_supervise(user, hazard) -> bool:
    """挂牌督办 (place and lift): a district official of the district, or a city official."""
    return bool(getattr(user, "is_authenticated", False)
                and (_is_district_official(user, hazard) or user.is_city_official))


def loop_actions(user, hazard) -> dict[str, bool]:
    """What ``user`` can do on ``hazard``'s page beyond the plain transitions (a few queries;
    for a detail page, not for lists): request/decide an extension, submit a plan, place or
    lift supervision. Keys: ``request_extension``, ``decide_extension``, ``submit_plan``,
    ``place_supervision``, ``lift_supervision``."""
    from core.clock import today_cst

    # a request can outlive the rectifying state (evidence came first): it can still be
    # refused; approving it then fails with a clear "state does not allow" message
    pending = hazard.is_open and hazard.extensions.filter(status="requested").exists()
    active_supervision = hazard.supervisions.filter(lifted_on__isnull=True).exists()
    return {
        "request_extension": (hazard.status == HazardStatus.RECTIFYING and not pending
                              and hazard.rectification_deadline is not None
                              and hazard.rectification_deadline >= today_cst()
                              and may_request_extension(user, hazard)),
        "decide_extension": pending and may_decide_extension(user, hazard),
        "submit_plan": (hazard.is_major and hazard.status in (HazardStatus.REPORTED,
                                                              HazardStatus.RECTIFYING)
                        and may_submit_plan(user, hazard)),
        "place_supervision": (hazard.is_major and hazard.is_open and not active_supervision
                              and may_supervise(user, hazard)),
        "lift_supervision": (active_supervision and hazard.status == HazardStatus.CLOSED
                             and may_supervise(user, hazard)),
    }


def may(user, action: str, hazard) -> bool:
    """True when ``user``'s role and scope allow ``action`` on ``hazard`` in principle."""
    if not getattr(user, "is_authenticated", False):
        return False
    rule = _ROLE_RULES.get(action)
    return bool(rule and rule(user, hazard))


def can(user, action: str, hazard) -> bool:
    """True when ``user`` may perform ``action`` on ``hazard`` in its current state."""
    allowed_from, _to = TRANSITIONS[action]
    return hazard.status in allowed_from and may(user, action, hazard)


def available_actions(user, hazard) -> list[str]:
    """The actions ``user`` can take on ``hazard`` now, in table order."""
    return [action for action in TRANSITIONS if can(user, action, hazard)]
