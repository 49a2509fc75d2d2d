"""Accident types (事故类别): GB 6441-2025 and, for older records, GB 6441-1986 with its
mapping. Read-only reference data."""
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from core.api import StrictQueryParamsMixin
from core.api_docs import error_responses
from hazards.models import AccidentType


class AccidentTypeSerializer(serializers.ModelSerializer):
    class Meta:
        model = AccidentType
        fields = ["id", "edition", "code", "full_code", "name", "maps_to", "is_current"]
        extra_kwargs = {
            "id": {"help_text": "Accident type id (use it in findings)."},
            "edition": {"help_text": "GB6441-2025 (current, since 2026-07-01) or GB6441-1986."},
            "code": {"help_text": "Code within the edition."},
            "full_code": {"help_text": "Full hierarchical code; may be empty."},
            "name": {"help_text": "Name, e.g. 火灾."},
            "maps_to": {"help_text": "For a 1986 type: id of the 2025 type it maps to."},
        }

    is_current = serializers.BooleanField(read_only=True,
                                          help_text="True for a GB 6441-2025 type.")


@extend_schema_view(
    list=extend_schema(summary="Accident types",
                       responses={200: AccidentTypeSerializer(many=True),
                                  **error_responses(400, 401, 429)}),
    retrieve=extend_schema(responses={200: AccidentTypeSerializer,
                                      **error_responses(400, 401, 404, 429)}))
@extend_schema(tags=["reference"])
class AccidentTypeViewSet(StrictQueryParamsMixin, viewsets.ReadOnlyModelViewSet):
    queryset = AccidentType.objects.order_by("-edition", "sort_order", "id")
    serializer_class = AccidentTypeSerializer
    lookup_value_regex = r"\d{1,9}"
    pagination_class = None
