"""The register's filters, shared by the hazard register page and ``GET /api/v1/hazards/``.

Built with django-filter from the enums. Malformed values make the FilterSet invalid; the
API answers 400 naming the parameter, the page shows the form error.

The pickers (``district``, ``township``, ``enterprise``) offer only the caller's scope, taken
from the selectors with the request's user: an id outside the scope is refused exactly like
one that does not exist ("not one of the available choices"), so a filter is never an oracle
for what exists elsewhere. Build the FilterSet with ``request=`` (django-filter's backend
does); without a request the pickers are empty.
"""
import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.clock import today_cst
from core.filters import StrictFilterSet
from enterprises.models import Sector
from enterprises.selectors import (
    districts_visible_to,
    enterprises_visible_to,
    townships_visible_to,
)

from .enums import HazardCategory, HazardGrade, HazardStatus
from .models import Hazard


class StrictBooleanFilter(django_filters.TypedChoiceFilter):
    """``true``/``false`` (also ``1``/``0``), blank for "any"; anything else is invalid, so the
    API answers 400 naming the parameter and the page shows a form error. django-filter's
    BooleanFilter would quietly read ``overdue=maybe`` as "no filter"."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", [("true", "true"), ("false", "false"), ("1", "1"),
                                      ("0", "0")])
        kwargs.setdefault("coerce", lambda value: value in ("true", "1", True))
        kwargs.setdefault("empty_value", None)
        super().__init__(*args, **kwargs)


def _user(request):
    return getattr(request, "user", None)


def _districts(request):
    return districts_visible_to(_user(request))


def _townships(request):
    return townships_visible_to(_user(request)).order_by("code")


def _enterprises(request):
    # no joins: the picker needs only id and name
    return enterprises_visible_to(_user(request)).select_related(None).order_by("name", "id")


class HazardFilter(StrictFilterSet):
    district = django_filters.ModelChoiceFilter(
        queryset=_districts, label=_("区县"),
        help_text="6-digit GB/T 2260 district code, e.g. 500102 (within the caller's scope)")
    # distinct=False: status is a column of this table, so no join can duplicate rows, and a
    # DISTINCT would stop PostgreSQL from reading the register index in order (bench/).
    status = django_filters.MultipleChoiceFilter(choices=HazardStatus.choices, label=_("状态"),
                                                 distinct=False)
    grade = django_filters.ChoiceFilter(choices=HazardGrade.choices, label=_("隐患等级"))
    category = django_filters.ChoiceFilter(choices=HazardCategory.choices, label=_("隐患类别"))
    sector = django_filters.ModelChoiceFilter(field_name="enterprise__sector",
                                              queryset=Sector.objects.all(), label=_("行业领域"))
    township = django_filters.ModelChoiceFilter(
        field_name="enterprise__township", queryset=_townships, label=_("镇街"),
        help_text="9-digit township code (within the caller's scope)")
    enterprise = django_filters.ModelChoiceFilter(
        queryset=_enterprises, label=_("企业"),
        help_text="enterprise id (within the caller's scope)")
    overdue = StrictBooleanFilter(method="filter_overdue", label=_("是否逾期"),
                                           help_text="true: overdue today (CST); false: not")
    deadline_from = django_filters.DateFilter(field_name="rectification_deadline",
                                              lookup_expr="gte", label=_("整改期限起"),
                                              help_text="CST date YYYY-MM-DD, inclusive")
    deadline_to = django_filters.DateFilter(field_name="rectification_deadline",
                                            lookup_expr="lte", label=_("整改期限止"),
                                            help_text="CST date YYYY-MM-DD, inclusive")
    updated_after = django_filters.IsoDateTimeFilter(
        field_name="updated_at", lookup_expr="gt", label=_("更新晚于"),
        help_text="ISO 8601 date-time; returns hazards changed strictly after it")
    q = django_filters.CharFilter(
        method="filter_text", max_length=100, label=_("关键词"),
        help_text="free text (Chinese or other), matched as a substring of the hazard "
                  "description or the enterprise name, case-insensitive; at most 100 characters")

    class Meta:
        model = Hazard
        fields: list[str] = []

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        today = today_cst()
        return queryset.overdue(on=today) if value else queryset.not_overdue(on=today)

    def filter_text(self, queryset, name, value):
        # A substring match, not word search: Chinese has no spaces between words, so a
        # tokenizing full-text search would miss "消防通道" inside "厂区消防通道堵塞".
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(description__icontains=value)
                               | Q(enterprise__name__icontains=value))
