"""Scoping in one place: which rows a user may see.

Every selector (hazards, inspections, enterprises, evidence, notifications) builds its filter
with ``scope_q``, so pages and API share one rule (docs/domain.md "Roles").
"""
from django.db.models import Q

from .enums import DISTRICT_ROLES, Role


def scope_q(user, *, district: str, enterprise: str) -> Q:
    """Return a Q object that limits a queryset to what ``user`` may see.

    Inputs: the user, and the lookup paths from the queried model to its district code
    (``district``) and to its enterprise id (``enterprise``), e.g. ``district="district"``,
    ``enterprise="enterprise"`` for Hazard.
    Output: ``Q()`` for a city official, a district filter for district roles, an enterprise
    filter for enterprise officers, and a filter matching nothing for anyone else.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Q(pk__in=[])
    if user.role == Role.CITY_OFFICIAL:
        return Q()
    if user.role in DISTRICT_ROLES and user.district_id:
        return Q(**{district: user.district_id})
    if user.role == Role.ENTERPRISE_OFFICER and user.enterprise_id:
        return Q(**{enterprise: user.enterprise_id})
    return Q(pk__in=[])


def user_sees(user, *, district_id: str | None, enterprise_id: int | None) -> bool:
    """The same rule as ``scope_q``, for one object already in memory: True when ``user`` may
    see an object of district ``district_id`` (6-digit code) and enterprise ``enterprise_id``.
    Used by named predicates (``hazards.rules``) that must not query to know the scope."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.role == Role.CITY_OFFICIAL:
        return True
    if user.role in DISTRICT_ROLES and user.district_id:
        return user.district_id == district_id
    if user.role == Role.ENTERPRISE_OFFICER and user.enterprise_id:
        return user.enterprise_id == enterprise_id
    return False
