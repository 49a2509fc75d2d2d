"""``GET /api/v1/statistics/…``: the measures for any scope and period, the state now, the
weekly series and the city ranking. Scoped like everything else (``scope.scope_for``): a
district official asking for another district's figures gets 404, never the numbers."""
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from core.api import StrictQueryParamsMixin
from core.api_docs import error_responses
from core.errors import ValidationFailed
from oversight import dashboards, measures
from oversight.figures import compare, figures, jsonable
from oversight.periods import PERIOD_KINDS, Period
from oversight.ranking import RANK_KEYS, ranking
from oversight.scope import GROUPS, scope_for
from oversight.spans import spans_ensure_fresh

from . import serializers as docs

SCOPE_PARAMS = ("district", "township", "sector", "department", "enterprise")
PERIOD_PARAMS = ("period", "date", "from", "to")
GROUP_BY = tuple(GROUPS)


def _parameters(*, period=True, group_by=True, scope=True, extra=()):
    params = []
    if scope:
        params += [
            OpenApiParameter("district", OpenApiTypes.STR,
                             description="6-digit district code; district staff: their own"),
            OpenApiParameter("township", OpenApiTypes.STR, description="9-digit township code"),
            OpenApiParameter("sector", OpenApiTypes.STR, description="sector code"),
            OpenApiParameter("department", OpenApiTypes.STR,
                             description="inspecting department code"),
            OpenApiParameter("enterprise", OpenApiTypes.INT, description="enterprise id"),
        ]
    if period:
        params += [
            OpenApiParameter("period", OpenApiTypes.STR, enum=list(PERIOD_KINDS),
                             description="default month"),
            OpenApiParameter("date", OpenApiTypes.DATE,
                             description="any CST date inside the period; default today"),
            OpenApiParameter("from", OpenApiTypes.DATE, description="period=custom: first day"),
            OpenApiParameter("to", OpenApiTypes.DATE,
                             description="period=custom: last day, inclusive"),
        ]
    if group_by:
        params.append(OpenApiParameter("group_by", OpenApiTypes.STR, enum=list(GROUP_BY),
                                       description="one row per district/township/sector"))
    return params + list(extra)


@extend_schema(tags=["statistics"])
class StatisticsViewSet(StrictQueryParamsMixin, viewsets.ViewSet):
    """Statistics (统计). Figures' rules: ``oversight.measures`` and the API guide."""

    extra_query_params = {
        "figures": {*SCOPE_PARAMS, *PERIOD_PARAMS},
        "breakdown": {*SCOPE_PARAMS, *PERIOD_PARAMS, "group_by"},
        "current": {*SCOPE_PARAMS, "group_by"},
        "weekly": {*SCOPE_PARAMS, "weeks"},
        "ranking": {*PERIOD_PARAMS, "key"},
    }

    def _scope(self):
        params = self.request.query_params
        return scope_for(self.request.user, **{name: params.get(name) or None
                                               for name in SCOPE_PARAMS})

    def _period(self) -> Period:
        params = self.request.query_params
        return Period.parse(params.get("period") or None, date=params.get("date"),
                            start=params.get("from"), end=params.get("to"))

    def _group_by(self, required=False):
        value = self.request.query_params.get("group_by")
        if value is None and not required:
            return None
        if value not in GROUP_BY:
            raise ValidationFailed(f"one of {', '.join(GROUP_BY)}", field="group_by")
        return value

    @extend_schema(summary="Every figure of a scope and period, with 环比 and 同比",
                   parameters=_parameters(group_by=False),
                   responses={200: docs.FiguresDocumentSerializer,
                              **error_responses(400, 401, 404, 429)})
    @action(detail=False, methods=["get"])
    def figures(self, request):
        scope, period = self._scope(), self._period()
        spans_ensure_fresh()
        result = compare(scope=scope, period=period)
        return Response(jsonable({
            "scope": scope.as_dict(), "period": period.as_dict(),
            "previous": period.previous().as_dict(),
            "year_earlier": period.year_earlier().as_dict(), "figures": result.current,
            "previous_figures": result.previous, "year_earlier_figures": result.year_earlier,
            "mom": result.mom, "yoy": result.yoy}))

    @extend_schema(summary="The figures of a period, one row per district, township or sector",
                   parameters=_parameters(),
                   responses={200: docs.BreakdownDocumentSerializer,
                              **error_responses(400, 401, 404, 429)})
    @action(detail=False, methods=["get"])
    def breakdown(self, request):
        scope, period, group_by = self._scope(), self._period(), self._group_by(required=True)
        spans_ensure_fresh()
        rows = figures(scope=scope, period=period, group_by=group_by)
        return Response(jsonable({
            "scope": scope.as_dict(), "period": period.as_dict(), "group_by": group_by,
            "rows": [{"key": key, "figures": row} for key, row in sorted(
                rows.items(), key=lambda item: (item[0] is None, item[0] or ""))]}))

    @extend_schema(summary="The state now (open, overdue, due this week, majors, supervised)",
                   parameters=_parameters(period=False),
                   responses={200: docs.CurrentSerializer(many=True),
                              **error_responses(400, 401, 404, 429)})
    @action(detail=False, methods=["get"])
    def current(self, request):
        scope, group_by = self._scope(), self._group_by()
        rows = measures.current_state(scope=scope, group_by=group_by)
        return Response([{"key": key, **row} for key, row in rows.items()])

    @extend_schema(summary="Found and closed per ISO week (default the last 26 weeks)",
                   parameters=_parameters(period=False, group_by=False, extra=[
                       OpenApiParameter("weeks", OpenApiTypes.INT,
                                        description="1–104, default 26")]),
                   responses={200: docs.WeekSerializer(many=True),
                              **error_responses(400, 401, 404, 429)})
    @action(detail=False, methods=["get"])
    def weekly(self, request):
        scope = self._scope()
        weeks = request.query_params.get("weeks", "26")
        if not weeks.isdigit() or not 1 <= int(weeks) <= 104:
            raise ValidationFailed("1–104", field="weeks")
        series = dashboards.weekly_found_closed(scope=scope, weeks=int(weeks))
        return Response([{**{k: v for k, v in item["week"].as_dict().items()
                             if k in ("start", "end", "key")},
                          "found": item["found"], "closed": item["closed"]} for item in series])

    @extend_schema(summary="动态晾晒: districts ranked for a period (city officials only)",
                   parameters=_parameters(scope=False, group_by=False, extra=[
                       OpenApiParameter("key", OpenApiTypes.STR, enum=list(RANK_KEYS),
                                        description="default rectification_rate")]),
                   responses={200: docs.RankingRowSerializer(many=True),
                              **error_responses(400, 401, 404, 429)})
    @action(detail=False, methods=["get"])
    def ranking(self, request):
        if not request.user.is_city_official:
            raise NotFound()
        period = self._period()
        spans_ensure_fresh()
        entries = ranking(period=period,
                          key=request.query_params.get("key") or "rectification_rate")
        return Response([{"rank": e.rank, "district": e.code, "name": e.name,
                          "bottom": e.bottom, "reason": e.reason,
                          "figures": jsonable(e.figures)} for e in entries])

