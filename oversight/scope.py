"""The scope of a statistic (统计范围): the city, or a district, a township, a sector, a
department or an enterprise (any combination narrows further), always within what the asking
user may see.

``scope_for(user, …)`` is the one place that turns request parameters into a Scope: it applies
``accounts.scoping`` (district staff are held to their district, an enterprise officer to its
enterprise) and answers Http404 — never a message that tells "exists but not yours" apart from
"does not exist" — for a district, township or enterprise outside the user's scope.
Campaign tags (专项行动) do not exist in the product yet; a ``campaign`` field would be one
more lookup here and in ``lookups``.
"""
import dataclasses

from django.db.models import Q
from django.http import Http404

from accounts.enums import DISTRICT_ROLES, Role
from enterprises.models import Department, District, Enterprise, Sector, Township

# Where each scope field is found from each table the measures read.
LOOKUPS = {
    "hazard": {"district": "district_id", "township": "enterprise__township_id",
               "sector": "enterprise__sector_id", "department": "inspection__department_id",
               "enterprise": "enterprise_id"},
    "inspection": {"district": "district_id", "township": "enterprise__township_id",
                   "sector": "enterprise__sector_id", "department": "department_id",
                   "enterprise": "enterprise_id"},
    # oversight.models.StateSpan copies district; the rest through its hazard
    "span": {"district": "district_id", "township": "hazard__enterprise__township_id",
             "sector": "hazard__enterprise__sector_id",
             "department": "hazard__inspection__department_id",
             "enterprise": "hazard__enterprise_id"},
}
# Breakdowns (one row per …) the measures can group by, per table.
GROUPS = {
    "district": {"hazard": "district_id", "inspection": "district_id", "span": "district_id"},
    "township": {"hazard": "enterprise__township_id", "inspection": "enterprise__township_id",
                 "span": "hazard__enterprise__township_id"},
    "sector": {"hazard": "enterprise__sector_id", "inspection": "enterprise__sector_id",
               "span": "hazard__enterprise__sector_id"},
}


@dataclasses.dataclass(frozen=True)
class Scope:
    """Codes/ids of the narrowing objects; all None is the whole city. ``district`` is a
    6-digit code, ``township`` 9 digits, ``sector``/``department`` codes, ``enterprise`` an
    id."""

    district: str | None = None
    township: str | None = None
    sector: str | None = None
    department: str | None = None
    enterprise: int | None = None

    def q(self, table: str) -> Q:
        """The filter for ``table`` (``hazard``, ``inspection`` or ``span``)."""
        q = Q()
        for name, path in LOOKUPS[table].items():
            value = getattr(self, name)
            if value is not None:
                q &= Q(**{path: value})
        return q

    @property
    def is_city(self) -> bool:
        return all(getattr(self, f.name) is None for f in dataclasses.fields(self))

    def as_dict(self) -> dict:
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}

    def label(self) -> str:
        """Names of the narrowing objects (one query per part; for headings only)."""
        from django.utils.translation import gettext as _

        parts = []
        if self.district:
            parts.append(District.objects.get(pk=self.district).name)
        if self.township:
            parts.append(Township.objects.get(pk=self.township).name)
        if self.sector:
            parts.append(Sector.objects.get(pk=self.sector).name)
        if self.department:
            parts.append(Department.objects.get(pk=self.department).name)
        if self.enterprise:
            parts.append(Enterprise.objects.get(pk=self.enterprise).name)
        return " · ".join(parts) or _("全市")


def scope_for(user, *, district=None, township=None, sector=None, department=None,
              enterprise=None) -> Scope:
    """The Scope a user asks for, within what they may see.

    Inputs: the user and the requested codes/ids (strings from a query, or None). Output: a
    Scope whose district (district staff) or enterprise (enterprise officer) is forced to the
    user's own. Errors: Http404 for any requested object that does not exist or lies outside
    the user's scope, and for users with no scope at all.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        raise Http404
    if user.role in DISTRICT_ROLES and user.district_id:
        if district not in (None, "", user.district_id):
            raise Http404
        district = user.district_id
    elif user.role == Role.ENTERPRISE_OFFICER and user.enterprise_id:
        if enterprise not in (None, "") and str(enterprise) != str(user.enterprise_id):
            raise Http404
        enterprise = user.enterprise_id
        district = district or None
    elif user.role != Role.CITY_OFFICIAL:
        raise Http404
    district = district or None
    if district is not None and not District.objects.filter(pk=district).exists():
        raise Http404
    if township:
        if not Township.objects.filter(pk=township, **(
                {"district_id": district} if district else {})).exists():
            raise Http404
    if sector and not Sector.objects.filter(pk=sector).exists():
        raise Http404
    if department and not Department.objects.filter(pk=department).exists():
        raise Http404
    if enterprise not in (None, ""):
        if not str(enterprise).isdigit() or not Enterprise.objects.filter(
                pk=int(enterprise), **({"district_id": district} if district else {})).exists():
            raise Http404
        enterprise = int(enterprise)
    if user.role == Role.ENTERPRISE_OFFICER:
        district = None
    return Scope(district=district, township=township or None, sector=sector or None,
                 department=department or None, enterprise=enterprise or None)
