"""Reference data (read) and enterprises (scoped read; writes by district and city officials
through ``enterprises.services``)."""
import django_filters
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets

from core.api import StrictQueryParamsMixin
from core.api_docs import error_responses
from core.filters import StrictFilterSet
from enterprises import services
from enterprises.models import Department, District, Enterprise, Sector, Township
from enterprises.selectors import enterprises_visible_to

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


class EnterpriseFilter(StrictFilterSet):
    district = django_filters.ModelChoiceFilter(queryset=District.objects.all(),
                                                help_text="6-digit district code")
    sector = django_filters.ModelChoiceFilter(queryset=Sector.objects.all(),
                                              help_text="sector code")
    township = django_filters.ModelChoiceFilter(queryset=Township.objects.all(),
                                                help_text="9-digit township code")
    credit_code = django_filters.CharFilter(max_length=30, help_text="exact credit code")
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", max_length=100,
                                  help_text="substring of the enterprise name")

    class Meta:
        model = Enterprise
        fields: list[str] = []


_WRITE_ERRORS = error_responses(400, 401, 403, 404, 429)


@extend_schema_view(
    list=extend_schema(summary="Enterprises the user may see",
                       responses={200: EnterpriseSerializer(many=True), **_READ_ERRORS}),
    retrieve=extend_schema(responses={200: EnterpriseSerializer, **_READ_ERRORS}),
    create=extend_schema(summary="Register an enterprise (city official; district official in "
                                 "their district)",
                         responses={201: EnterpriseSerializer, **_WRITE_ERRORS}),
    update=extend_schema(responses={200: EnterpriseSerializer, **_WRITE_ERRORS}),
    partial_update=extend_schema(responses={200: EnterpriseSerializer, **_WRITE_ERRORS}),
)
@extend_schema(tags=["enterprises"])
class EnterpriseViewSet(StrictQueryParamsMixin, mixins.CreateModelMixin,
                        mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = EnterpriseSerializer
    lookup_value_regex = r"\d{1,18}"
    filter_backends = [DjangoFilterBackend]
    filterset_class = EnterpriseFilter

    def get_queryset(self):
        return enterprises_visible_to(self.request.user).order_by("name", "id")

    def perform_create(self, serializer):
        serializer.instance = services.enterprise_create(actor=self.request.user,
                                                         **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.enterprise_update(
            actor=self.request.user, enterprise=serializer.instance,
            **serializer.validated_data)
