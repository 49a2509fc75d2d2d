"""The API's hazard filters: the register's ``HazardFilter`` plus a whitelisted ``ordering``."""
import django_filters
from drf_spectacular.utils import extend_schema_field

from hazards.filters import HazardFilter

ORDERING_FIELDS = (
    ("created_at", "created_at"),
    ("updated_at", "updated_at"),
    ("rectification_deadline", "rectification_deadline"),
    ("id", "id"),
)


class StrictBooleanFilter(django_filters.TypedChoiceFilter):
    """``true``/``false`` (also ``1``/``0``); anything else is a 400 naming the parameter.
    django-filter's BooleanFilter would quietly read ``overdue=maybe`` as "no filter"."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", [("true", "true"), ("false", "false"), ("1", "1"),
                                      ("0", "0")])
        kwargs.setdefault("coerce", lambda value: value in ("true", "1", True))
        kwargs.setdefault("empty_value", None)
        super().__init__(*args, **kwargs)


class HazardApiFilter(HazardFilter):
    overdue = extend_schema_field({
        "type": "string", "enum": ["true", "false", "1", "0"],
        "description": "true: overdue today (China Standard Time: the rectification deadline "
                       "has passed and the hazard is rectifying or pending verification); "
                       "false: not overdue"})(StrictBooleanFilter(method="filter_overdue"))
    ordering = django_filters.OrderingFilter(
        fields=ORDERING_FIELDS,
        help_text="pagination=page and exports only. Comma-separated, `-` for descending: "
                  "created_at, updated_at, rectification_deadline, id. Default -created_at.")

    class Meta(HazardFilter.Meta):
        pass
