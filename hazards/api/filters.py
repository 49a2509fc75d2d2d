"""The API's hazard filters: the register's ``HazardFilter`` plus a whitelisted ``ordering``."""
import django_filters
from drf_spectacular.utils import extend_schema_field

from hazards.filters import HazardFilter, StrictBooleanFilter

ORDERING_FIELDS = (
    ("created_at", "created_at"),
    ("updated_at", "updated_at"),
    ("rectification_deadline", "rectification_deadline"),
    ("id", "id"),
)


class HazardApiFilter(HazardFilter):
    overdue = extend_schema_field({
        "type": "string", "enum": ["true", "false", "1", "0"],
        "description": "true: overdue today (China Standard Time: the rectification deadline "
                       "has passed and the hazard is rectifying or pending verification); "
                       "false: not overdue"})(StrictBooleanFilter(method="filter_overdue"))
    supervised = extend_schema_field({
        "type": "string", "enum": ["true", "false", "1", "0"],
        "description": "true: under listed supervision (挂牌督办) now; false: not"})(
        StrictBooleanFilter(method="filter_supervised"))
    ordering = django_filters.OrderingFilter(
        fields=ORDERING_FIELDS,
        help_text="pagination=page and exports only. Comma-separated, `-` for descending: "
                  "created_at, updated_at, rectification_deadline, id. Default -created_at.")

    class Meta(HazardFilter.Meta):
        pass
