"""Read-side queries for enterprises, scoped through ``accounts.scoping.scope_q``."""
from django.db.models import QuerySet

from accounts.scoping import scope_q

from .models import Enterprise


def enterprises_visible_to(user) -> QuerySet[Enterprise]:
    """The enterprises ``user`` may see: all for a city official, their district's for district
    officials and inspectors, its own for an enterprise officer, none for anyone else. With
    the joins a list row shows (district, township, sector, industry)."""
    return (Enterprise.objects
            .filter(scope_q(user, district="district_id", enterprise="pk"))
            .select_related("district", "township", "sector", "industry"))
