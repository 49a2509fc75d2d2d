"""Read-side queries for enterprises, scoped through ``accounts.scoping.scope_q``."""
from django.db.models import QuerySet

from accounts.scoping import scope_q

from .models import District, Enterprise, Township


def enterprises_visible_to(user) -> QuerySet[Enterprise]:
    """The enterprises ``user`` may see: all for a city official, their district's for district
    officials and inspectors, its own for an enterprise officer, none for anyone else. With
    the joins a list row shows (district, township, sector, industry)."""
    return (Enterprise.objects
            .filter(scope_q(user, district="district_id", enterprise="pk"))
            .select_related("district", "township", "sector", "industry"))


def districts_visible_to(user) -> QuerySet[District]:
    """The districts ``user``'s scope covers, for filter pickers (``?district=``): all for a
    city official, their own for district roles, their enterprise's for an enterprise officer,
    none otherwise. A district outside the scope is then refused exactly like an unknown code,
    so a filter never tells whether something exists outside the user's scope."""
    return District.objects.filter(scope_q(user, district="code", enterprise="enterprises"))


def townships_visible_to(user) -> QuerySet[Township]:
    """The townships ``user``'s scope covers, for filter pickers (``?township=``): all for a
    city official, their district's for district roles, their enterprise's for an enterprise
    officer."""
    return Township.objects.filter(scope_q(user, district="district_id",
                                           enterprise="enterprises"))
