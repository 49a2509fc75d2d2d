"""Read-side queries of the inspector's day: an inspection with its findings."""
from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.enums import Role
from accounts.models import User
from enterprises.models import Department
from hazards.models import Hazard
from inspections.models import Inspection
from inspections.selectors import inspections_visible_to


def inspection_get_visible(user, pk) -> Inspection:
    """The inspection ``pk`` with its enterprise, inspectors and hazards, if ``user`` may see
    it; Http404 otherwise (never 403)."""
    return get_object_or_404(
        inspections_visible_to(user)
        .select_related("enterprise", "enterprise__sector", "enterprise__township", "district",
                        "department", "created_by")
        .prefetch_related("inspectors",
                          Prefetch("hazards", queryset=Hazard.objects.select_related(
                              "accident_type").order_by("id"))),
        pk=pk)


def fellow_inspectors(user) -> QuerySet[User]:
    """The pickers' "other inspectors" of ``user``'s district: active inspectors of the same
    district, by name, without ``user`` (who is always on their own inspection)."""
    return (User.objects.filter(role=Role.INSPECTOR, district_id=user.district_id,
                                is_active=True)
            .exclude(pk=user.pk).order_by("display_name", "username"))


def departments_for_filing(user) -> QuerySet[Department]:
    """The departments an inspection of ``user``'s district may be filed under: the
    district's own and the city-level ones (the rule ``inspection_file`` checks), by code."""
    return Department.objects.filter(Q(district_id=user.district_id)
                                     | Q(district__isnull=True)).order_by("code")
