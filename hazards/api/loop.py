"""Read endpoints for the rectification loop's records, and the actions on them:

- ``/api/v1/rectification-orders/`` (责令限期整改指令书) and ``/api/v1/verifications/``
  (复查 / 整改复查意见书): numbered documents with officers and items;
- ``/api/v1/extensions/`` (延期) with ``POST {id}/decide/`` (``{"approve": bool, "note"}``);
- ``/api/v1/rectification-plans/`` (五落实);
- ``/api/v1/supervisions/`` (挂牌督办) with ``POST {id}/lift/``;
- ``/api/v1/evidence-files/`` with ``GET {id}/download/``.

Every queryset is scoped through the hazard (``accounts.scoping.scope_q``): rows of hazards
outside the caller's scope are 404. Filter by ``?hazard=<id>``.
"""
from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.scoping import scope_q
from core.api import StrictQueryParamsMixin
from core.api_docs import error_responses
from core.api_fields import CstDateField, FreeTextField
from hazards import services
from hazards.models import (
    DeadlineExtension,
    EvidenceFile,
    RectificationOrder,
    RectificationPlan,
    Supervision,
    Verification,
)


def _scoped(queryset, user):
    return queryset.filter(scope_q(user, district="hazard__district_id",
                                   enterprise="hazard__enterprise_id"))


class OfficerSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="Officer's name as on the document.")
    badge_number = serializers.CharField(help_text="Enforcement badge number (执法证号).")


class _DocumentFields(serializers.ModelSerializer):
    officers = OfficerSerializer(many=True, read_only=True,
                                 help_text="The signing enforcement officers (at most two).")
    department_name = serializers.CharField(source="department.name", read_only=True,
                                            allow_null=True, default=None,
                                            help_text="Issuing department; null if none.")


class RectificationOrderSerializer(_DocumentFields):
    has_two_officers = serializers.BooleanField(
        read_only=True, help_text="True when two officers with badge numbers signed.")

    class Meta:
        model = RectificationOrder
        fields = ["id", "number", "hazard", "enterprise", "department", "department_name",
                  "issued_at", "issued_by", "rectification_deadline", "rectification_measures",
                  "items", "officers", "has_two_officers"]
        read_only_fields = fields


class EvidenceFileSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = EvidenceFile
        fields = ["id", "hazard", "evidence", "verification", "original_name", "content_type",
                  "size", "sha256", "uploaded_by", "uploaded_at", "download_url"]
        read_only_fields = fields

    def get_download_url(self, obj) -> str:
        return f"/api/v1/evidence-files/{obj.pk}/download/"


class VerificationSerializer(_DocumentFields):
    files = EvidenceFileSerializer(many=True, read_only=True)

    class Meta:
        model = Verification
        fields = ["id", "number", "hazard", "result", "verified_on", "opinion", "verified_by",
                  "department", "department_name", "issued_at", "old_deadline",
                  "new_deadline", "officers", "files"]
        read_only_fields = fields


class ExtensionSerializer(serializers.ModelSerializer):
    class Meta:
        model = DeadlineExtension
        fields = ["id", "hazard", "status", "old_deadline", "requested_deadline", "reason",
                  "requested_by", "requested_at", "decided_by", "decided_at", "decision_note"]
        read_only_fields = fields


class PlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = RectificationPlan
        fields = ["id", "hazard", "responsibility", "measures", "funds", "time_limit",
                  "contingency_plan", "submitted_by", "submitted_at"]
        read_only_fields = fields


class SupervisionSerializer(serializers.ModelSerializer):
    is_active = serializers.BooleanField(read_only=True)

    class Meta:
        model = Supervision
        fields = ["id", "hazard", "authority", "letter_number", "started_on", "lifted_on",
                  "placed_by", "lifted_by", "note", "lift_note", "is_active"]
        read_only_fields = fields


class DecideInput(serializers.Serializer):
    approve = serializers.BooleanField()
    note = FreeTextField(required=False, allow_blank=True, default="", limit_key="note")
    expected_version = serializers.IntegerField(required=False, min_value=1,
                                                max_value=2**31 - 1,
                                                help_text="The hazard's version.")


class LiftInput(serializers.Serializer):
    note = FreeTextField(required=False, allow_blank=True, default="", limit_key="note")
    lifted_on = CstDateField(required=False, allow_null=True)
    expected_version = serializers.IntegerField(required=False, min_value=1,
                                                max_value=2**31 - 1,
                                                help_text="The hazard's version.")


READ_ERRORS = error_responses(400, 401, 403, 404, 429)
ACTION_ERRORS = error_responses(400, 401, 403, 404, 409, 429)
HAZARD_PARAMETER = OpenApiParameter("hazard", OpenApiTypes.INT, required=False,
                                    description="Only rows of this hazard (id).")
FILE_TYPES = ["image/jpeg", "image/png", "image/webp", "image/heic", "image/heif",
              "application/pdf"]


def documented(serializer_class):
    """Schema of a loop viewset's list (``?hazard=``) and retrieve, with the error bodies."""
    return extend_schema_view(
        list=extend_schema(parameters=[HAZARD_PARAMETER],
                           responses={200: serializer_class(many=True), **READ_ERRORS}),
        retrieve=extend_schema(responses={200: serializer_class, **READ_ERRORS}))


class _ScopedViewSet(StrictQueryParamsMixin, viewsets.ReadOnlyModelViewSet):
    model = None
    related = ()
    extra_query_params = {"list": {"hazard"}}
    lookup_value_regex = r"[0-9]{1,18}"

    def get_queryset(self):
        queryset = _scoped(self.model.objects.select_related(*self.related), self.request.user)
        hazard = self.request.query_params.get("hazard")
        if hazard is not None and self.action == "list":
            if not (hazard.isascii() and hazard.isdigit() and len(hazard) <= 18):
                raise serializers.ValidationError({"hazard": ["须为整数（隐患编号）。"]})
            queryset = queryset.filter(hazard_id=int(hazard))
        return queryset.order_by("id")


@extend_schema(tags=["rectification loop"])
@documented(RectificationOrderSerializer)
class RectificationOrderViewSet(_ScopedViewSet):
    """责令限期整改指令书 (numbered rectification orders)."""

    model, related = RectificationOrder, ("department",)
    serializer_class = RectificationOrderSerializer


@extend_schema(tags=["rectification loop"])
@documented(VerificationSerializer)
class VerificationViewSet(_ScopedViewSet):
    """复查 and their 整改复查意见书 numbers."""

    model, related = Verification, ("department",)
    serializer_class = VerificationSerializer

    def get_queryset(self):
        return super().get_queryset().prefetch_related("files")


@extend_schema(tags=["rectification loop"])
@documented(ExtensionSerializer)
class ExtensionViewSet(_ScopedViewSet):
    """延期 requests and decisions."""

    model = DeadlineExtension
    serializer_class = ExtensionSerializer

    @extend_schema(summary="Approve or refuse a pending extension", request=DecideInput,
                   responses={200: ExtensionSerializer, **ACTION_ERRORS})
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        extension = self.get_object()
        data = DecideInput(data=request.data)
        data.is_valid(raise_exception=True)
        decided = services.extension_decide(
            extension=extension, actor=request.user, approve=data.validated_data["approve"],
            note=data.validated_data["note"],
            expected_version=data.validated_data.get("expected_version"))
        return Response(ExtensionSerializer(decided).data)


@extend_schema(tags=["rectification loop"])
@documented(PlanSerializer)
class PlanViewSet(_ScopedViewSet):
    """重大隐患整改方案 (五落实). Submit through ``POST /hazards/{id}/plan/``."""

    model = RectificationPlan
    serializer_class = PlanSerializer


@extend_schema(tags=["rectification loop"])
@documented(SupervisionSerializer)
class SupervisionViewSet(_ScopedViewSet):
    """挂牌督办 listings. Place through ``POST /hazards/{id}/place-supervision/``."""

    model = Supervision
    serializer_class = SupervisionSerializer

    @extend_schema(summary="Lift a listing (only after the hazard is closed)", request=LiftInput,
                   responses={200: SupervisionSerializer, **ACTION_ERRORS})
    @action(detail=True, methods=["post"])
    def lift(self, request, pk=None):
        supervision = self.get_object()
        data = LiftInput(data=request.data)
        data.is_valid(raise_exception=True)
        lifted = services.supervision_lift(
            supervision=supervision, actor=request.user, note=data.validated_data["note"],
            lifted_on=data.validated_data.get("lifted_on"),
            expected_version=data.validated_data.get("expected_version"))
        return Response(SupervisionSerializer(lifted).data)


@extend_schema(tags=["rectification loop"])
@documented(EvidenceFileSerializer)
class EvidenceFileViewSet(_ScopedViewSet):
    """Evidence files (metadata); the content only through ``download``, scope-checked."""

    model = EvidenceFile
    serializer_class = EvidenceFileSerializer

    @extend_schema(summary="Download the file (scope-checked; 404 outside scope)",
                   description="The body is the file; its Content-Type is the type detected "
                               "from the content at upload.",
                   responses={**{(200, media): OpenApiResponse(OpenApiTypes.BINARY)
                                 for media in FILE_TYPES}, **READ_ERRORS})
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        item = self.get_object()
        response = FileResponse(item.file.open("rb"), content_type=item.content_type,
                                as_attachment=True, filename=item.original_name)
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response
