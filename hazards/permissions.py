"""Who may do what to a hazard: named predicates used by services, templates and the API alike.

``may(user, action, hazard)`` answers the role question (is this the right person?);
``can(user, action, hazard)`` adds the state question (is the action possible now?). Pages show
only the actions ``available_actions`` returns; services refuse everything else. Rules follow
DOMAIN.md "People".
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
