"""Read-side queries of the inspector's day: an inspection with its findings."""
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

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
