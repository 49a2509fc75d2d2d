"""Read-side queries for inspections, scoped through ``accounts.scoping.scope_q`` like every
other list and detail (docs/domain.md "Roles")."""
from django.db.models import QuerySet

from accounts.scoping import scope_q
from enterprises.models import Enterprise

from .models import Inspection


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
