"""Read-side queries for inspections, scoped through ``accounts.scoping.scope_q`` like every
other list and detail (docs/domain.md "Roles")."""
import datetime

from django.db.models import Q, QuerySet

from accounts.scoping import scope_q
from enterprises.models import Enterprise

from .models import HazardCriterion, Inspection
from .standards import standards_current_for_sector


def inspections_visible_to(user) -> QuerySet[Inspection]:
    """All inspections ``user`` may see (city: all; district roles: their district; enterprise
    officer: its enterprise's inspections; anyone else: none)."""
    return Inspection.objects.filter(scope_q(user, district="district_id",
                                             enterprise="enterprise_id"))


def enterprises_for_filing(user) -> QuerySet[Enterprise]:
    """The enterprises ``user`` may pick when filing an inspection: their district's for
    district roles, its own for an enterprise officer, none for anyone else.

    A city official sees every enterprise but files no inspections (``may_file_inspection``),
    so the picker is empty for them.
    """
    if user.is_city_official:
        return Enterprise.objects.none()
    return (Enterprise.objects.filter(scope_q(user, district="district_id", enterprise="pk"))
            .order_by("name", "id"))


def criteria_applicable(*, enterprise: Enterprise, on: datetime.date) -> QuerySet[HazardCriterion]:
    """The criteria an inspection of ``enterprise`` dated ``on`` (CST) would check: those of
    the editions in force that day for its sector and for all sectors whose text is loaded,
    less the special-area clauses for activities it does not carry on; with their standard,
    in standard and clause order. (Visibility of the enterprise is the caller's check.)"""
    standards = standards_current_for_sector(enterprise.sector_id, on=on)
    return (HazardCriterion.objects.select_related("standard")
            .filter(Q(activity="") | Q(activity__in=enterprise.activities),
                    standard__in=standards)
            .order_by("standard__code", "sort_order", "id"))


def criteria_search(*, enterprise: Enterprise, on: datetime.date,
                    query: str) -> QuerySet[HazardCriterion]:
    """``criteria_applicable`` narrowed to the criteria whose text, group, clause number or
    standard title contain every word of ``query`` (split on spaces, case-insensitive). A plain
    ``icontains`` scan: the applicable criteria of one enterprise are a few hundred rows at
    most, so no trigram index is needed (see docs/standards.md)."""
    queryset = criteria_applicable(enterprise=enterprise, on=on)
    for word in (query or "").split():
        queryset = queryset.filter(Q(text__icontains=word) | Q(group_name__icontains=word)
                                   | Q(number__icontains=word)
                                   | Q(standard__title__icontains=word))
    return queryset
