"""Read-side queries for hazards. Every page and API list or detail starts here, so scoping
is decided in one place (``accounts.scoping.scope_q``)."""
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.enums import Role
from accounts.models import User
from accounts.scoping import scope_q
from core.clock import today_cst

from .enums import DEADLINE_RUNNING_STATUSES, HazardStatus
from .models import Hazard, HazardQuerySet


def hazards_visible_to(user) -> HazardQuerySet:
    """All hazards ``user`` may see (city: all; district roles: their district; enterprise
    officer: their enterprise; anyone else: none)."""
    return Hazard.objects.filter(scope_q(user, district="district_id",
                                         enterprise="enterprise_id"))


def hazards_for_list(user) -> HazardQuerySet:
    """``hazards_visible_to`` with the joins a list row shows (enterprise, township, sector,
    accident type), so a page of any size costs a constant number of queries."""
    return (hazards_visible_to(user)
            .select_related("enterprise", "enterprise__township", "enterprise__sector",
                            "district", "accident_type"))


def hazard_get_visible(user, pk) -> Hazard:
    """The hazard ``pk`` if ``user`` may see it; Http404 otherwise (never 403: strangers must
    not learn that it exists)."""
    return get_object_or_404(
        hazards_for_list(user).select_related("inspection", "criterion",
                                              "criterion__standard", "reported_by"),
        pk=pk)


def hazard_status_counts(queryset) -> dict:
    """Counts of ``queryset`` by status plus overdue and total, for the register's header.

    Output: ``{"total": int, "overdue": int, "reported": int, "rectifying": int, …}``. One
    aggregate query. It counts ``status`` (never null) rather than ``id`` so that, filtered by
    district, PostgreSQL can answer from the ``hazard_district_deadline`` index alone.
    """
    today = today_cst()
    aggregates = {status.value: Count("status", filter=Q(status=status))
                  for status in HazardStatus}
    # the same rule as HazardQuerySet.overdue (docs/domain.md "Rules and their sources":
    # overdue from the day after)
    aggregates["overdue"] = Count("status", filter=Q(
        status__in=sorted(DEADLINE_RUNNING_STATUSES), rectification_deadline__lt=today))
    aggregates["total"] = Count("status")
    return queryset.order_by().aggregate(**aggregates)


def loop_records_visible_to(user, model) -> QuerySet:
    """Rows of a loop record ``model`` hanging off a hazard (RectificationOrder, Verification,
    DeadlineExtension, RectificationPlan, Supervision, EvidenceFile, FindingPhoto) whose hazard
    ``user`` may see; the same scope as ``hazards_visible_to``, through ``hazard``."""
    return model.objects.filter(scope_q(user, district="hazard__district_id",
                                        enterprise="hazard__enterprise_id"))


def document_officers_for(hazard) -> QuerySet:
    """Enforcement officers who may sign a document for ``hazard`` (the rule of
    ``services.documents._document_officers``): active inspectors and officials of the hazard's
    district, and city officials, with badge numbers, by name. The pickers of the order and
    re-inspection forms list them and the API's ``officers`` are resolved against them, so an
    id from elsewhere is refused like an unknown one and nobody outside the scope is named."""
    return (User.objects.filter(Q(district_id=hazard.district_id,
                                  role__in=[Role.INSPECTOR, Role.DISTRICT_OFFICIAL])
                                | Q(role=Role.CITY_OFFICIAL), is_active=True)
            .exclude(badge_number="").order_by("display_name", "username"))
