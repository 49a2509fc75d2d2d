"""Hazard endpoints: scoped list (cursor or page pagination), detail with history, export.

Life-cycle actions (order-rectification, submit-evidence, verify, …) come from
``HazardActionsMixin`` (``hazards.api.actions``); they call ``self.get_object()``, which is
scoped here, so a hazard outside the user's scope is a 404 for them too.
"""
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from accounts.audit import security_event_record
from accounts.enums import SecurityEventKind
from core.api import StrictQueryParamsMixin, VersionedViewMixin
from core.api_docs import ETAG, error_responses
from enterprises.privacy import sees_all_in_clear
from hazards.models import HazardTransition
from hazards.selectors import hazards_for_list

from . import export
from .actions import HazardActionsMixin
from .filters import HazardApiFilter
from .pagination import HazardPagination
from .serializers import HazardDetailSerializer, HazardSerializer


@extend_schema(tags=["hazards"])
class HazardViewSet(HazardActionsMixin, VersionedViewMixin, StrictQueryParamsMixin,
                    viewsets.ReadOnlyModelViewSet):
    """Hazards the user may see (city: all; district staff: their district; enterprise
    officer: their enterprise). Objects outside that scope are 404. The detail's ``ETag`` is
    the hazard's version, which every action needs (``If-Match`` or ``expected_version``)."""

    filter_backends = [DjangoFilterBackend]
    filterset_class = HazardApiFilter
    # digits only, and short enough for a 64-bit id: "abc" or 10**30 is a 404, not a 500
    lookup_value_regex = r"\d{1,18}"
    pagination_class = HazardPagination

    def get_queryset(self):
        queryset = hazards_for_list(self.request.user)
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(Prefetch(
                "transitions",
                queryset=HazardTransition.objects.select_related("actor").order_by("at", "id")))
        return queryset

    def get_serializer_class(self):
        if self.action == "retrieve":
            return HazardDetailSerializer
        return HazardSerializer

    @extend_schema(
        summary="List hazards",
        description="Default `pagination=cursor`: keyset pages ordered by (updated_at, id), no "
                    "count, stable while the table changes; for incremental sync pass the "
                    "previous pass's `sync_until` as `updated_after` and follow `next` until "
                    "null. `pagination=page`: numbered pages with `count`, default order "
                    "-created_at, `ordering` allowed. Unknown or malformed query parameters "
                    "are a 400 naming the parameter.",
        responses={200: HazardSerializer(many=True), **error_responses(400, 401, 403, 429)})
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="A hazard with its history", parameters=[ETAG],
                   responses={200: HazardDetailSerializer, **error_responses(400, 401, 404, 429)})
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        summary="Export hazards (CSV or XLSX)",
        description="The list's filters (and `ordering`), streamed. `format=csv`: UTF-8 with a "
                    "BOM; `format=xlsx`: one sheet. Chinese column headers; the file name is "
                    "given as RFC 5987 `filename*=UTF-8''…` (Chinese) with an ASCII fallback. "
                    "Text cells beginning with = + - @ tab or CR are prefixed with a single "
                    "quote so a spreadsheet shows them as text.",
        parameters=[OpenApiParameter("format", OpenApiTypes.STR, enum=["csv", "xlsx"],
                                     required=True, description="File format.")],
        responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY,
                                                      description="CSV file"),
                   (200, export.XLSXRenderer.media_type):
                       OpenApiResponse(OpenApiTypes.BINARY, description="XLSX workbook"),
                   **error_responses(400, 401, 403, 429)})
    @action(detail=False, methods=["get"], url_path="export", pagination_class=None,
            renderer_classes=[JSONRenderer, export.CSVRenderer, export.XLSXRenderer])
    def export(self, request, *args, **kwargs):
        if request.query_params.get("format") not in ("csv", "xlsx"):
            raise ValidationError({"format": [_("请指定导出格式：csv 或 xlsx。")]})
        queryset = self.filter_queryset(self.get_queryset())
        fmt = request.accepted_renderer.format
        security_event_record(kind=SecurityEventKind.PERSONAL_DATA_EXPORTED, actor=request.user,
                              request=request._request, detail={
                                  "what": "hazards", "format": fmt,
                                  "masked": not sees_all_in_clear(request.user),
                                  "filters": request.query_params.urlencode()[:300]})
        if fmt == "xlsx":
            return export.xlsx_response(queryset, user=request.user)
        return export.csv_response(queryset, user=request.user)

    def finalize_response(self, request, response, *args, **kwargs):
        # An export that fails (bad filter, no permission) answers in JSON like every other
        # error, not in the file format the client asked for.
        if isinstance(response, Response) and response.status_code >= 400 and getattr(
                getattr(request, "accepted_renderer", None), "format", None) in ("csv", "xlsx"):
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)
