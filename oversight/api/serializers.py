"""Response documents of ``GET /api/v1/statistics/…`` (for the schema; the views build plain
dicts with ``oversight.figures.jsonable``)."""
from rest_framework import serializers

from inspections.enums import InspectionKind
from oversight.figures import FIGURES

_HELP = {
    "count": "integer",
    "rate": "percent with one decimal place, rounded half up, as a decimal string "
            "(\"60.0\"); null when the denominator is 0",
    "days": "China Standard Time days, one decimal place (p90: whole days), decimal string; "
            "null when none closed",
}


def _figure_fields(*, change: bool) -> dict:
    fields = {}
    for key, label, kind in FIGURES:
        if change:
            fields[key] = serializers.CharField(
                allow_null=True, help_text=f"{label}: change as a decimal string; counts in "
                                           "percent, rates in percentage points, days in days; "
                                           "\"new\" when the earlier value was 0; null when "
                                           "undefined")
        elif kind == "count":
            fields[key] = serializers.IntegerField(help_text=f"{label} ({_HELP[kind]})")
        else:
            fields[key] = serializers.CharField(allow_null=True,
                                                help_text=f"{label} ({_HELP[kind]})")
    if not change:
        for kind in InspectionKind:
            fields[f"inspections_{kind.value}"] = serializers.IntegerField(
                help_text=f"inspections of kind {kind.value} ({kind.label})")
    return fields


FiguresSerializer = type("StatisticsFigures", (serializers.Serializer,),
                         _figure_fields(change=False))
ChangesSerializer = type("StatisticsChanges", (serializers.Serializer,),
                         _figure_fields(change=True))


class PeriodSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="day, week (ISO, Monday–Sunday), month, quarter, "
                                           "year or custom")
    start = serializers.DateField(help_text="first day, China Standard Time")
    end = serializers.DateField(help_text="last day (inclusive), China Standard Time")
    key = serializers.CharField(help_text="2025-06, 2025-Q2, 2025-W27, 2025, …")
    label = serializers.CharField(help_text="label in the request language")


class ScopeSerializer(serializers.Serializer):
    district = serializers.CharField(allow_null=True)
    township = serializers.CharField(allow_null=True)
    sector = serializers.CharField(allow_null=True)
    department = serializers.CharField(allow_null=True)
    enterprise = serializers.IntegerField(allow_null=True)


class FiguresDocumentSerializer(serializers.Serializer):
    scope = ScopeSerializer()
    period = PeriodSerializer()
    previous = PeriodSerializer(help_text="the previous period (环比)")
    year_earlier = PeriodSerializer(help_text="the same period a year earlier (同比)")
    figures = FiguresSerializer()
    previous_figures = FiguresSerializer()
    year_earlier_figures = FiguresSerializer()
    mom = ChangesSerializer(help_text="环比: change from the previous period")
    yoy = ChangesSerializer(help_text="同比: change from a year earlier")


class GroupRowSerializer(serializers.Serializer):
    key = serializers.CharField(allow_null=True, help_text="district/township/sector code; "
                                                           "null for hazards with none")
    figures = FiguresSerializer()


class BreakdownDocumentSerializer(serializers.Serializer):
    scope = ScopeSerializer()
    period = PeriodSerializer()
    group_by = serializers.CharField()
    rows = GroupRowSerializer(many=True)


class CurrentSerializer(serializers.Serializer):
    key = serializers.CharField(allow_null=True, help_text="group code; null without group_by")
    open_now = serializers.IntegerField(help_text="not closed")
    overdue_now = serializers.IntegerField(help_text="overdue today (CST)")
    due_this_week_now = serializers.IntegerField(help_text="due from today to Sunday")
    not_yet_due_now = serializers.IntegerField()
    majors_open_now = serializers.IntegerField()
    supervised_now = serializers.IntegerField(help_text="under listed supervision (挂牌督办)")


class WeekSerializer(serializers.Serializer):
    start = serializers.DateField(help_text="Monday, CST")
    end = serializers.DateField(help_text="Sunday, CST")
    key = serializers.CharField()
    found = serializers.IntegerField(help_text="registered in the week")
    closed = serializers.IntegerField(help_text="closed in the week")


class RankingRowSerializer(serializers.Serializer):
    rank = serializers.IntegerField(allow_null=True, help_text="null: listed, not ranked")
    district = serializers.CharField()
    name = serializers.CharField()
    bottom = serializers.BooleanField(help_text="among the bottom three (点名曝光)")
    reason = serializers.CharField(help_text="why not ranked; empty when ranked")
    figures = FiguresSerializer()
