"""The register's filters, shared by the hazard register page and ``GET /api/v1/hazards/``.

Built with django-filter from the enums. Malformed values make the FilterSet invalid; the
API answers 400 naming the parameter, the page shows the form error.

The pickers (``district``, ``township``, ``enterprise``) offer only the caller's scope, taken
from the selectors with the request's user: an id outside the scope is refused exactly like
one that does not exist ("not one of the available choices"), so a filter is never an oracle
for what exists elsewhere. Build the FilterSet with ``request=`` (django-filter's backend
does); without a request the pickers are empty.
"""
import datetime

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.clock import today_cst
from core.filters import StrictFilterSet
from enterprises.models import Sector
from enterprises.selectors import (
    districts_visible_to,
    enterprises_visible_to,
    townships_visible_to,
)
from inspections.enums import InspectionKind

from .enums import SOURCE_INSPECTION_KINDS, HazardCategory, HazardGrade, HazardSource, HazardStatus
from .models import Hazard, Supervision


def cst_day_start(day: datetime.date) -> datetime.datetime:
    """00:00 China Standard Time of ``day``, as an aware datetime (the settings' zone)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class CstDayRangeFilter(django_filters.DateFilter):
    """A CST calendar-day bound on a date-time column, inclusive of the whole day: ``_from``
    means at or after 00:00 CST of that day, ``_to`` before 00:00 CST of the next day. The
    column's index serves both bounds (no date cast on the column)."""

    def __init__(self, *args, upper: bool, **kwargs):
        self.upper = upper
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        if self.upper:
            bound = cst_day_start(value + datetime.timedelta(days=1))
            return qs.filter(**{f"{self.field_name}__lt": bound})
        return qs.filter(**{f"{self.field_name}__gte": cst_day_start(value)})


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
    source = django_filters.ChoiceFilter(
        choices=HazardSource.choices, method="filter_source", label=_("来源"),
        help_text="how it was found: self_inspection (企业自查), regulator (部门检查: every "
                  "inspection kind but self-inspection and report verification), "
                  "report_verification (举报核查)")
    inspection_kind = django_filters.ChoiceFilter(choices=InspectionKind.choices,
                                                  label=_("检查类型"))
    registered_from = CstDayRangeFilter(field_name="registered_at", upper=False,
                                        label=_("登记日期起"),
                                        help_text="CST date YYYY-MM-DD, inclusive (found on or "
                                                  "after 00:00 China Standard Time)")
    registered_to = CstDayRangeFilter(field_name="registered_at", upper=True,
                                      label=_("登记日期止"),
                                      help_text="CST date YYYY-MM-DD, inclusive (the whole day)")
    closed_from = CstDayRangeFilter(field_name="closed_at", upper=False, label=_("销号日期起"),
                                    help_text="CST date YYYY-MM-DD, inclusive")
    closed_to = CstDayRangeFilter(field_name="closed_at", upper=True, label=_("销号日期止"),
                                  help_text="CST date YYYY-MM-DD, inclusive (the whole day)")
    supervised = StrictBooleanFilter(method="filter_supervised", label=_("挂牌督办中"),
                                     help_text="true: under listed supervision (挂牌督办) now; "
                                               "false: not")
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

    def filter_source(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(inspection_kind__in=SOURCE_INSPECTION_KINDS[HazardSource(value)])

    def filter_supervised(self, queryset, name, value):
        if value is None:
            return queryset
        active = Exists(Supervision.objects.filter(hazard_id=OuterRef("pk"),
                                                   lifted_on__isnull=True))
        return queryset.filter(active if value else ~active)

    def filter_text(self, queryset, name, value):
        # A substring match, not word search: Chinese has no spaces between words, so a
        # tokenizing full-text search would miss "消防通道" inside "厂区消防通道堵塞".
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(description__icontains=value)
                               | Q(enterprise__name__icontains=value))
