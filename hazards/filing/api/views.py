"""Inspections: scoped list and detail with their hazards; filing one calls
``hazards.filing.services.inspection_file`` (the same service as the inspection form)."""
import django_filters
from django.db.models import Prefetch
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.response import Response

from core.api import StrictQueryParamsMixin
from core.api_docs import error_responses
from core.filters import StrictFilterSet
from enterprises.selectors import districts_visible_to, enterprises_visible_to
from hazards.filing.services import Finding, inspection_file
from hazards.models import Hazard
from inspections.enums import InspectionKind
from inspections.models import Inspection
from inspections.selectors import inspections_visible_to

from .serializers import InspectionCreateSerializer, InspectionSerializer


def _user(request):
    return getattr(request, "user", None)


class InspectionFilter(StrictFilterSet):
    # pickers offer only the caller's scope: an id outside it is refused exactly like an
    # unknown one (400 naming the parameter), so the filter is no oracle
    district = django_filters.ModelChoiceFilter(
        queryset=lambda request: districts_visible_to(_user(request)),
        help_text="6-digit district code (within the caller's scope)")
    enterprise = django_filters.ModelChoiceFilter(
        queryset=lambda request: enterprises_visible_to(_user(request)).select_related(None),
        help_text="enterprise id (within the caller's scope)")
    kind = django_filters.ChoiceFilter(choices=InspectionKind.choices,
                                       help_text="inspection kind")
    inspected_from = django_filters.DateFilter(field_name="inspected_on", lookup_expr="gte",
                                               help_text="CST date YYYY-MM-DD, inclusive")
    inspected_to = django_filters.DateFilter(field_name="inspected_on", lookup_expr="lte",
                                             help_text="CST date YYYY-MM-DD, inclusive")

    class Meta:
        model = Inspection
        fields: list[str] = []


_READ_ERRORS = error_responses(400, 401, 404, 429)


@extend_schema_view(
    list=extend_schema(summary="Inspections the user may see, with their hazards",
                       responses={200: InspectionSerializer(many=True), **_READ_ERRORS}),
    retrieve=extend_schema(responses={200: InspectionSerializer, **_READ_ERRORS}),
    create=extend_schema(
        summary="File an inspection with its findings",
        description="All or nothing. Inspectors and district officials file regulator "
                    "inspections of enterprises in their district; an enterprise officer files "
                    "its own enterprise's self-inspections. Each finding becomes a hazard in "
                    "state `reported`. Errors name the finding as `findings[i].field`.",
        request=InspectionCreateSerializer,
        responses={201: InspectionSerializer, **error_responses(400, 401, 403, 429)}),
)
@extend_schema(tags=["inspections"])
class InspectionViewSet(StrictQueryParamsMixin, mixins.CreateModelMixin,
                        viewsets.ReadOnlyModelViewSet):
    serializer_class = InspectionSerializer
    lookup_value_regex = r"\d{1,18}"
    filter_backends = [DjangoFilterBackend]
    filterset_class = InspectionFilter

    def get_queryset(self):
        return (inspections_visible_to(self.request.user)
                .select_related("enterprise")
                .prefetch_related("inspectors", "joint_departments", Prefetch(
                    "hazards", queryset=Hazard.objects.order_by("id")))
                .order_by("-inspected_on", "-id"))

    def get_serializer(self, *args, **kwargs):
        if self.action == "create":
            kwargs.setdefault("context", self.get_serializer_context())
            return InspectionCreateSerializer(
                *args, enterprises=enterprises_visible_to(self.request.user),
                user=self.request.user, **kwargs)
        return super().get_serializer(*args, **kwargs)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        inspection = inspection_file(
            actor=request.user, enterprise=data["enterprise"], kind=data["kind"],
            inspected_on=data["inspected_on"], department=data["department"],
            joint_departments=data["joint_departments"], inspectors=data["inspectors"],
            notes=data["notes"], findings=[Finding(**finding) for finding in data["findings"]])
        inspection = self.get_queryset().get(pk=inspection.pk)
        return Response(InspectionSerializer(inspection, context=self.get_serializer_context())
                        .data, status=status.HTTP_201_CREATED)
