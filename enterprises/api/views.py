"""Reference data (read) and enterprises (scoped read; writes by district and city officials
through ``enterprises.services``)."""
import django_filters
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets

from core.api import StrictQueryParamsMixin, VersionedViewMixin, required_version
from core.api_docs import ETAG, IF_MATCH, error_responses
from core.filters import StrictFilterSet
from enterprises import services
from enterprises.models import Department, District, Enterprise, Sector, Township
from enterprises.selectors import (
    districts_visible_to,
    enterprises_visible_to,
    townships_visible_to,
)

from .serializers import (
    DepartmentSerializer,
    DistrictSerializer,
    EnterpriseSerializer,
    SectorSerializer,
    TownshipSerializer,
)

_READ_ERRORS = error_responses(400, 401, 404, 429)


@extend_schema_view(list=extend_schema(summary="Chongqing's districts and counties (区县)",
                                       responses={200: DistrictSerializer(many=True),
                                                  **_READ_ERRORS}),
                    retrieve=extend_schema(responses={200: DistrictSerializer, **_READ_ERRORS}))
@extend_schema(tags=["reference"])
class DistrictViewSet(StrictQueryParamsMixin, viewsets.ReadOnlyModelViewSet):
    queryset = District.objects.order_by("code")
    serializer_class = DistrictSerializer
    lookup_value_regex = r"\d{6}"
    pagination_class = None


class TownshipFilter(StrictFilterSet):
    district = django_filters.ModelChoiceFilter(queryset=District.objects.all(),
                                                help_text="6-digit district code")

    class Meta:
        model = Township
        fields: list[str] = []


@extend_schema_view(list=extend_schema(summary="Townships and subdistricts (镇街)",
                                       responses={200: TownshipSerializer(many=True),
                                                  **_READ_ERRORS}),
                    retrieve=extend_schema(responses={200: TownshipSerializer, **_READ_ERRORS}))
@extend_schema(tags=["reference"])
class TownshipViewSet(StrictQueryParamsMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Township.objects.order_by("code")
    serializer_class = TownshipSerializer
    lookup_value_regex = r"\d{9}"
    filter_backends = [DjangoFilterBackend]
    filterset_class = TownshipFilter


@extend_schema_view(list=extend_schema(summary="Sectors (行业领域)",
                                       responses={200: SectorSerializer(many=True),
                                                  **_READ_ERRORS}),
                    retrieve=extend_schema(responses={200: SectorSerializer, **_READ_ERRORS}))
@extend_schema(tags=["reference"])
class SectorViewSet(StrictQueryParamsMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Sector.objects.order_by("sort_order", "code")
    serializer_class = SectorSerializer
    lookup_value_regex = r"[-a-z0-9_]{1,40}"
    pagination_class = None


@extend_schema_view(list=extend_schema(summary="Regulator departments (监管部门)",
                                       responses={200: DepartmentSerializer(many=True),
                                                  **_READ_ERRORS}),
                    retrieve=extend_schema(responses={200: DepartmentSerializer,
                                                      **_READ_ERRORS}))
@extend_schema(tags=["reference"])
class DepartmentViewSet(StrictQueryParamsMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Department.objects.order_by("code")
    serializer_class = DepartmentSerializer
    lookup_value_regex = r"[-a-z0-9_]{1,40}"
    pagination_class = None


def _user(request):
    return getattr(request, "user", None)


class EnterpriseFilter(StrictFilterSet):
    # the pickers offer only the caller's scope: a district or township outside it is refused
    # exactly like an unknown code (400 naming the parameter), never an empty-list oracle
    district = django_filters.ModelChoiceFilter(
        queryset=lambda request: districts_visible_to(_user(request)),
        help_text="6-digit district code (within the caller's scope)")
    sector = django_filters.ModelChoiceFilter(queryset=Sector.objects.all(),
                                              help_text="sector code")
    township = django_filters.ModelChoiceFilter(
        queryset=lambda request: townships_visible_to(_user(request)),
        help_text="9-digit township code (within the caller's scope)")
    credit_code = django_filters.CharFilter(max_length=30, help_text="exact credit code")
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", max_length=100,
                                  help_text="substring of the enterprise name")

    class Meta:
        model = Enterprise
        fields: list[str] = []


_WRITE_ERRORS = error_responses(400, 401, 403, 404, 429)
_EDIT_ERRORS = error_responses(400, 401, 403, 404, 409, 428, 429)


@extend_schema_view(
    list=extend_schema(summary="Enterprises the user may see",
                       responses={200: EnterpriseSerializer(many=True), **_READ_ERRORS}),
    retrieve=extend_schema(parameters=[ETAG],
                           responses={200: EnterpriseSerializer, **_READ_ERRORS}),
    create=extend_schema(summary="Register an enterprise (city official; district official in "
                                 "their district)", parameters=[ETAG],
                         responses={201: EnterpriseSerializer, **_WRITE_ERRORS}),
    update=extend_schema(summary="Edit an enterprise (needs its version)",
                         parameters=[IF_MATCH, ETAG],
                         responses={200: EnterpriseSerializer, **_EDIT_ERRORS}),
    partial_update=extend_schema(summary="Edit some fields of an enterprise (needs its "
                                         "version)", parameters=[IF_MATCH, ETAG],
                                 responses={200: EnterpriseSerializer, **_EDIT_ERRORS}),
)
@extend_schema(tags=["enterprises"])
class EnterpriseViewSet(VersionedViewMixin, StrictQueryParamsMixin, mixins.CreateModelMixin,
                        mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Enterprises of the caller's scope. Edits name the version they are based on
    (``If-Match`` or ``expected_version``): 428 without, 409 (with ``current``) when stale."""

    serializer_class = EnterpriseSerializer
    lookup_value_regex = r"\d{1,18}"
    filter_backends = [DjangoFilterBackend]
    filterset_class = EnterpriseFilter

    def get_queryset(self):
        return enterprises_visible_to(self.request.user).order_by("name", "id")

    def current_representation(self):
        fresh = self.get_queryset().get(pk=self.kwargs["pk"])
        return self.get_serializer(fresh).data, fresh.version

    def create(self, request, *args, **kwargs):
        return self.with_etag(super().create(request, *args, **kwargs))

    def update(self, request, *args, **kwargs):
        return self.with_etag(super().update(request, *args, **kwargs))

    def perform_create(self, serializer):
        fields = dict(serializer.validated_data)
        fields.pop("expected_version", None)
        serializer.instance = services.enterprise_create(actor=self.request.user, **fields)

    def perform_update(self, serializer):
        changes = dict(serializer.validated_data)
        version = required_version(self.request, changes.pop("expected_version", None))
        serializer.instance = services.enterprise_update(
            actor=self.request.user, enterprise=serializer.instance,
            expected_version=version, **changes)
