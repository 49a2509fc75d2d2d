"""Read endpoints for the rectification loop's records, and the actions on them:

- ``/api/v1/rectification-orders/`` (责令限期整改指令书) and ``/api/v1/verifications/``
  (复查 / 整改复查意见书): numbered documents with officers and items;
- ``/api/v1/extensions/`` (延期) with ``POST {id}/decide/`` (``{"approve": bool, "note"}``);
- ``/api/v1/rectification-plans/`` (五落实) with ``PUT {id}/`` (a revision);
- ``/api/v1/supervisions/`` (挂牌督办) with ``POST {id}/lift/``;
- ``/api/v1/evidence-files/`` with ``GET {id}/download/``.

Every queryset comes from ``hazards.selectors.loop_records_visible_to`` (scoped through the
hazard): rows of hazards outside the caller's scope are 404. Filter by ``?hazard=<id>``: an id
outside the scope answers exactly like an unknown one (an empty list).

Versions: a plan and a listing carry their own ``version`` (ETag on GET; ``If-Match`` or
``expected_version`` on ``PUT``/``lift``); an extension decision acts on its hazard, so an
extension's ETag is its hazard's version (``hazard_version``) and ``decide`` needs that one.
Without a version: 428; stale: 409 with ``current``.
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

from core.api import (
    EXPECTED_VERSION_HELP,
    StrictQueryParamsMixin,
    VersionedViewMixin,
    required_version,
)
from core.api_docs import ETAG, IF_MATCH, error_responses
from core.api_fields import CstDateField, FreeTextField
from core.downloads import name_download
from hazards import rules, services
from hazards.models import (
    DeadlineExtension,
    EvidenceFile,
    RectificationOrder,
    RectificationPlan,
    Supervision,
    Verification,
)
from hazards.selectors import loop_records_visible_to

HAZARD_VERSION_HELP = ("The hazard's current `version` (its ETag), after this record was "
                       "written.")


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
    hazard_version = serializers.IntegerField(
        source="hazard.version", read_only=True,
        help_text="The hazard's `version`: an extension is decided against its hazard, so this "
                  "is the extension's ETag and the version `decide` needs.")

    class Meta:
        model = DeadlineExtension
        fields = ["id", "hazard", "status", "old_deadline", "requested_deadline", "reason",
                  "requested_by", "requested_at", "decided_by", "decided_at", "decision_note",
                  "hazard_version"]
        read_only_fields = fields
        extra_kwargs = {
            "status": {"help_text": "requested / approved / refused / lapsed (closed by the "
                                    "system: rectification ended, or the deadline it was "
                                    "requested against changed; `decision_note` says why)."},
            "old_deadline": {"help_text": "The deadline the request was made against (CST "
                                          "date); it can only ever move that one."},
            "decided_by": {"help_text": "Who decided; null while pending and for a lapse."},
        }


class PlanSerializer(serializers.ModelSerializer):
    hazard_version = serializers.IntegerField(source="hazard.version", read_only=True,
                                              help_text=HAZARD_VERSION_HELP)

    class Meta:
        model = RectificationPlan
        fields = ["id", "hazard", "responsibility", "measures", "funds", "time_limit",
                  "contingency_plan", "submitted_by", "submitted_at", "version",
                  "hazard_version"]
        read_only_fields = fields
        extra_kwargs = {"version": {"help_text": "The plan's own version: 1, then +1 per "
                                                 "revision; its ETag."}}


class SupervisionSerializer(serializers.ModelSerializer):
    is_active = serializers.BooleanField(read_only=True)
    hazard_version = serializers.IntegerField(source="hazard.version", read_only=True,
                                              help_text=HAZARD_VERSION_HELP)

    class Meta:
        model = Supervision
        fields = ["id", "hazard", "authority", "letter_number", "started_on", "lifted_on",
                  "placed_by", "lifted_by", "note", "lift_note", "is_active", "version",
                  "hazard_version"]
        read_only_fields = fields
        extra_kwargs = {"version": {"help_text": "The listing's own version (+1 when it is "
                                                 "lifted); its ETag."}}


def _expected_version(help_text):
    return serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1,
                                    help_text=help_text + " " + EXPECTED_VERSION_HELP)


class DecideInput(serializers.Serializer):
    approve = serializers.BooleanField()
    note = FreeTextField(required=False, allow_blank=True, default="", limit_key="note")
    expected_version = _expected_version("The hazard's `version` (the extension's "
                                         "`hazard_version`).")


class LiftInput(serializers.Serializer):
    note = FreeTextField(required=False, allow_blank=True, default="", limit_key="note")
    lifted_on = CstDateField(required=False, allow_null=True)
    expected_version = _expected_version("The listing's own `version`.")


class PlanRevisionInput(serializers.Serializer):
    responsibility = FreeTextField(limit_key="plan.responsibility")
    measures = FreeTextField(limit_key="plan.measures")
    funds = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0,
                                     help_text="Yuan.")
    time_limit = CstDateField(help_text="CST date, not in the past.")
    contingency_plan = FreeTextField(limit_key="plan.contingency_plan")
    expected_version = _expected_version("The plan's own `version`.")


READ_ERRORS = error_responses(400, 401, 403, 404, 429)
ACTION_ERRORS = error_responses(400, 401, 403, 404, 409, 428, 429)
HAZARD_PARAMETER = OpenApiParameter("hazard", OpenApiTypes.INT, required=False,
                                    description="Only rows of this hazard (id).")
FILE_TYPES = ["image/jpeg", "image/png", "image/webp", "image/heic", "image/heif",
              "application/pdf"]


def documented(serializer_class, *, versioned=False):
    """Schema of a loop viewset's list (``?hazard=``) and retrieve, with the error bodies (and
    the ETag header of a versioned record)."""
    return extend_schema_view(
        list=extend_schema(parameters=[HAZARD_PARAMETER],
                           responses={200: serializer_class(many=True), **READ_ERRORS}),
        retrieve=extend_schema(parameters=[ETAG] if versioned else [],
                               responses={200: serializer_class, **READ_ERRORS}))


class _ScopedViewSet(StrictQueryParamsMixin, viewsets.ReadOnlyModelViewSet):
    model = None
    related = ()
    extra_query_params = {"list": {"hazard"}}
    lookup_value_regex = r"[0-9]{1,18}"

    def get_queryset(self):
        queryset = loop_records_visible_to(self.request.user, self.model).select_related(
            *self.related)
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


class _VersionedRecordViewSet(VersionedViewMixin, _ScopedViewSet):
    """A loop record with a version: ETag on GET, ``current`` on a 409."""

    def current_representation(self):
        fresh = self.get_queryset().get(pk=self.kwargs["pk"])
        data = self.get_serializer(fresh).data
        return data, self.etag_version(data)


@extend_schema(tags=["rectification loop"])
@documented(ExtensionSerializer, versioned=True)
class ExtensionViewSet(_VersionedRecordViewSet):
    """延期 requests and decisions."""

    model, related = DeadlineExtension, ("hazard",)
    serializer_class = ExtensionSerializer

    def etag_version(self, data):
        return data.get("hazard_version") if isinstance(data, dict) else None

    @extend_schema(summary="Approve or refuse a pending extension",
                   description="Needs the hazard's version (`If-Match` with the extension's "
                               "ETag, or `expected_version` = its `hazard_version`). A request "
                               "decides only the deadline it was made against: if that deadline "
                               "has changed (e.g. a failed re-inspection set a new one) or "
                               "rectification has ended, the request is closed as `lapsed` and "
                               "the answer is 409 `extension_lapsed` naming the dates.",
                   request=DecideInput, parameters=[IF_MATCH, ETAG],
                   responses={200: ExtensionSerializer, **ACTION_ERRORS})
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        extension = self.get_object()
        data = DecideInput(data=request.data)
        data.is_valid(raise_exception=True)
        version = required_version(request, data.validated_data.get("expected_version"))
        services.extension_decide(
            extension=extension, actor=request.user, approve=data.validated_data["approve"],
            note=data.validated_data["note"], expected_version=version)
        return self.with_etag(Response(ExtensionSerializer(self.get_object()).data))


@extend_schema(tags=["rectification loop"])
@documented(PlanSerializer, versioned=True)
class PlanViewSet(_VersionedRecordViewSet):
    """重大隐患整改方案 (五落实). The first version through ``POST /hazards/{id}/plan/``;
    revisions there (with the hazard's version) or through ``PUT`` here (with the plan's)."""

    model, related = RectificationPlan, ("hazard",)
    serializer_class = PlanSerializer

    @extend_schema(summary="Revise the plan (all five parts)",
                   description="Needs the plan's version (`If-Match` with its ETag, or "
                               "`expected_version`). Same rules as `POST /hazards/{id}/plan/`.",
                   request=PlanRevisionInput, parameters=[IF_MATCH, ETAG],
                   responses={200: PlanSerializer, **ACTION_ERRORS})
    def update(self, request, pk=None):
        plan = self.get_object()
        data = PlanRevisionInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        version = required_version(request, values.pop("expected_version", None))
        services.hazard_submit_plan(hazard=plan.hazard, actor=request.user,
                                    expected_plan_version=version, **values)
        return self.with_etag(Response(PlanSerializer(self.get_object()).data))


@extend_schema(tags=["rectification loop"])
@documented(SupervisionSerializer, versioned=True)
class SupervisionViewSet(_VersionedRecordViewSet):
    """挂牌督办 listings. Place through ``POST /hazards/{id}/place-supervision/``."""

    model, related = Supervision, ("hazard",)
    serializer_class = SupervisionSerializer

    @extend_schema(summary="Lift a listing (only after the hazard is closed)",
                   description="Needs the listing's version (`If-Match` with its ETag, or "
                               "`expected_version`).",
                   request=LiftInput, parameters=[IF_MATCH, ETAG],
                   responses={200: SupervisionSerializer, **ACTION_ERRORS})
    @action(detail=True, methods=["post"])
    def lift(self, request, pk=None):
        supervision = self.get_object()
        data = LiftInput(data=request.data)
        data.is_valid(raise_exception=True)
        version = required_version(request, data.validated_data.get("expected_version"))
        services.supervision_lift(
            supervision=supervision, actor=request.user, note=data.validated_data["note"],
            lifted_on=data.validated_data.get("lifted_on"), expected_version=version)
        return self.with_etag(Response(SupervisionSerializer(self.get_object()).data))


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
        rules.can_download_document.check(request.user, item)
        response = FileResponse(item.file.open("rb"), content_type=item.content_type)
        name_download(response, item.original_name, fallback=f"evidence-{item.pk}")
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response
