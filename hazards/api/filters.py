"""The API's hazard filters: the register's ``HazardFilter`` plus a whitelisted ``ordering``."""
import django_filters

from hazards.filters import HazardFilter

ORDERING_FIELDS = (
    ("created_at", "created_at"),
    ("updated_at", "updated_at"),
    ("rectification_deadline", "rectification_deadline"),
    ("id", "id"),
)


class HazardApiFilter(HazardFilter):
    ordering = django_filters.OrderingFilter(
        fields=ORDERING_FIELDS,
        help_text="pagination=page and exports only. Comma-separated, `-` for descending: "
                  "created_at, updated_at, rectification_deadline, id. Default -created_at.")

    class Meta(HazardFilter.Meta):
        pass
