"""Life-cycle actions of the hazard API: one @action per transition or loop event, each
calling the same service the page's form calls. The hazard viewset inherits this mixin; its
``get_object()`` is scoped, so a hazard outside the caller's scope is a 404.

Every action edits the hazard and must name the hazard's version it is based on: the
``If-Match: "<version>"`` header (the ``ETag`` of ``GET /hazards/{id}/``) or the body's
``expected_version``. Without either: 428 ``precondition_required``; a stale one: 409
``conflict`` with the hazard as it is now in ``current`` — never a silent overwrite.
Errors use the ``{"code","detail","fields"}`` body (``core.api``): 400 invalid input,
403 not the right person, 409 wrong state or stale version, 428 no version. The predicate of
each action (``hazards.rules``) is checked by its service, so the refusal is the page's.
Responses carry an ``ETag``: the hazard's version, or for a plan or a listing its own (the body
then also has ``hazard_version``).
"""
import json

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import EXPECTED_VERSION_HELP, required_version
from core.api_docs import ETAG, IF_MATCH
from core.api_fields import AmountField, CstDateField, FreeTextField, IdentifierField
from hazards import services
from hazards.enums import VerificationResult
from hazards.selectors import document_officers_for, hazard_get_visible

from .loop import (
    ACTION_ERRORS,
    ExtensionSerializer,
    PlanSerializer,
    SupervisionSerializer,
)
from .serializers import HazardDetailSerializer

MAX_ID = 2**63 - 1  # bigint: larger numbers cannot name a row (and would overflow the query)


class OfficerInput(serializers.Serializer):
    officer_id = serializers.IntegerField(min_value=1, max_value=MAX_ID,
                                          help_text="User id of an enforcement officer with a "
                                                    "badge number (执法证号).")
    password = serializers.CharField(write_only=True, trim_whitespace=False, max_length=128,
                                     style={"input_type": "password"},
                                     help_text="That officer's own login password: each named "
                                               "officer confirms the document (谁检查、谁签名).")


def _officers_field():
    return serializers.ListField(
        child=OfficerInput(), required=False, max_length=2,
        help_text="The two enforcement officers who sign the document, each with their own "
                  "password: `[{\"officer_id\": 12, \"password\": \"…\"}, …]`. In a "
                  "multipart body, send the list as one JSON-encoded `officers` value.")


class _VersionedInput(serializers.Serializer):
    expected_version = serializers.IntegerField(
        required=False, min_value=1, max_value=2**31 - 1,
        help_text="The hazard's `version`. " + EXPECTED_VERSION_HELP)


class OrderRectificationInput(_VersionedInput):
    rectification_deadline = CstDateField()
    rectification_measures = FreeTextField(required=False, allow_blank=True,
                                           limit_key="hazard.rectification_measures")
    interim_safety_measures = FreeTextField(required=False, allow_blank=True,
                                            limit_key="hazard.interim_safety_measures")
    officers = _officers_field()
    note = FreeTextField(required=False, allow_blank=True, default="", limit_key="note")


class SelfRectificationInput(_VersionedInput):
    rectification_deadline = CstDateField()
    interim_safety_measures = FreeTextField(required=False, allow_blank=True,
                                            limit_key="hazard.interim_safety_measures")
    note = FreeTextField(required=False, allow_blank=True, default="", limit_key="note")


class EvidenceInput(_VersionedInput):
    description = FreeTextField(limit_key="evidence.description")
    files = serializers.ListField(child=serializers.FileField(), required=False,
                                  help_text="Photos (JPEG/PNG/WebP/HEIC) or PDF, multipart.")


class VerifyInput(_VersionedInput):
    result = serializers.ChoiceField(choices=VerificationResult.choices)
    opinion = FreeTextField(required=False, allow_blank=True, default="",
                            limit_key="verification.opinion")
    new_deadline = CstDateField(required=False, allow_null=True)
    verified_on = CstDateField(required=False, allow_null=True)
    officers = _officers_field()
    files = serializers.ListField(child=serializers.FileField(), required=False)


class CloseOnSpotInput(_VersionedInput):
    note = FreeTextField(limit_key="note")


class ExtensionRequestInput(_VersionedInput):
    new_deadline = CstDateField()
    reason = FreeTextField(limit_key="extension.reason")


class PlanInput(_VersionedInput):
    responsibility = FreeTextField(limit_key="plan.responsibility")
    measures = FreeTextField(limit_key="plan.measures")
    funds = AmountField(max_digits=14, decimal_places=2, min_value=0, help_text="Yuan.")
    time_limit = CstDateField()
    contingency_plan = FreeTextField(limit_key="plan.contingency_plan")


class SupervisionInput(_VersionedInput):
    authority = FreeTextField(limit_key="supervision.authority")
    letter_number = IdentifierField(limit_key="supervision.letter_number")
    started_on = CstDateField(required=False, allow_null=True)
    note = FreeTextField(required=False, allow_blank=True, default="", limit_key="note")


_HAZARD_RESPONSES = {200: HazardDetailSerializer, **ACTION_ERRORS}
_VERSIONED = {"parameters": [IF_MATCH, ETAG]}


def _json_list(raw: str, name: str) -> list:
    try:
        value = json.loads(raw)
    except ValueError as exc:
        raise serializers.ValidationError({name: [_("须为 JSON 列表。")]}) from exc
    if not isinstance(value, list):
        raise serializers.ValidationError({name: [_("须为 JSON 列表。")]})
    return value


def _files(request):
    return request.FILES.getlist("files") if hasattr(request, "FILES") else []


class HazardActionsMixin:
    """@actions for the hazard viewset (``/api/v1/hazards/{id}/<action>/``)."""

    def _input(self, serializer_class):
        data = self.request.data
        if hasattr(data, "getlist"):  # multipart: keep lists (files) as lists
            data = {key: (data.getlist(key) if key == "files" else data.get(key))
                    for key in data}
            if isinstance(data.get("officers"), str):
                data["officers"] = _json_list(data["officers"], "officers")
        if "officer_ids" in data:
            # officers named without their own passwords: the old shape, refused rather than
            # silently ignored (an unknown key would otherwise be dropped)
            raise serializers.ValidationError({"officer_ids": [
                _("不再支持：请改用 officers，每位执法人员附本人密码（officer_id、password）。")]})
        serializer = serializer_class(data=data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def _version(self, data) -> int:
        """The hazard version this edit is based on (If-Match or expected_version); 428
        without one."""
        return required_version(self.request, data.get("expected_version"))

    def current_representation(self):
        """For a 409 ``conflict``: the hazard as the detail endpoint shows it now."""
        fresh = hazard_get_visible(self.request.user, self.kwargs["pk"])
        data = HazardDetailSerializer(fresh, context=self.get_serializer_context()).data
        return data, fresh.version

    def _hazard_response(self, hazard, code=status.HTTP_200_OK):
        """The hazard as the detail endpoint shows it (re-read, scoped), with its ETag."""
        fresh = hazard_get_visible(self.request.user, hazard.pk)
        return self.with_etag(Response(
            HazardDetailSerializer(fresh, context=self.get_serializer_context()).data,
            status=code))

    def _officers(self, hazard, entries):
        """``[{"officer_id", "password"}]`` → ``OfficerSignature`` list. Ids are looked up
        among the officers who may sign for this hazard only, so an officer of another
        district reads exactly like an id that does not exist."""
        entries = entries or []
        ids = [entry["officer_id"] for entry in entries]
        by_id = {u.pk: u for u in document_officers_for(hazard).filter(pk__in=ids)}
        for index, officer_id in enumerate(ids):
            if officer_id not in by_id:
                raise serializers.ValidationError(
                    {"officers": {index: {"officer_id": [_("未知的执法人员。")]}}})
        return [services.OfficerSignature(officer=by_id[entry["officer_id"]],
                                          password=entry["password"],
                                          field=f"officers[{index}].password")
                for index, entry in enumerate(entries)]

    @extend_schema(summary="Order rectification (责令限期整改; issues the numbered order)",
                   request=OrderRectificationInput,
                   responses=_HAZARD_RESPONSES, **_VERSIONED)
    @action(detail=True, methods=["post"], url_path="order-rectification")
    def order_rectification(self, request, pk=None):
        hazard = self.get_object()
        data = self._input(OrderRectificationInput)
        updated = services.hazard_order_rectification(
            hazard=hazard, actor=request.user,
            rectification_deadline=data["rectification_deadline"],
            rectification_measures=data.get("rectification_measures"),
            interim_safety_measures=data.get("interim_safety_measures"),
            officers=self._officers(hazard, data.get("officers")),
            note=data.get("note", ""), expected_version=self._version(data))
        return self._hazard_response(updated)

    @extend_schema(summary="Start self-rectification (自查自改)", request=SelfRectificationInput,
                   responses=_HAZARD_RESPONSES, **_VERSIONED)
    @action(detail=True, methods=["post"], url_path="start-self-rectification")
    def start_self_rectification(self, request, pk=None):
        hazard = self.get_object()
        data = self._input(SelfRectificationInput)
        updated = services.hazard_start_self_rectification(
            hazard=hazard, actor=request.user,
            rectification_deadline=data["rectification_deadline"],
            interim_safety_measures=data.get("interim_safety_measures"),
            note=data.get("note", ""), expected_version=self._version(data))
        return self._hazard_response(updated)

    @extend_schema(summary="Submit rectification evidence (text + files, multipart)",
                   request={"multipart/form-data": EvidenceInput,
                            "application/json": EvidenceInput},
                   responses=_HAZARD_RESPONSES, **_VERSIONED)
    @action(detail=True, methods=["post"], url_path="submit-evidence")
    def submit_evidence(self, request, pk=None):
        hazard = self.get_object()
        data = self._input(EvidenceInput)
        updated = services.hazard_submit_evidence(
            hazard=hazard, actor=request.user, description=data["description"],
            files=data.get("files") or _files(request),
            expected_version=self._version(data))
        return self._hazard_response(updated)

    @extend_schema(summary="Record a re-inspection (复查; passed closes, failed needs "
                           "new_deadline)",
                   request={"multipart/form-data": VerifyInput, "application/json": VerifyInput},
                   responses=_HAZARD_RESPONSES, **_VERSIONED)
    @action(detail=True, methods=["post"], url_path="verify")
    def verify(self, request, pk=None):
        hazard = self.get_object()
        data = self._input(VerifyInput)
        updated = services.hazard_verify(
            hazard=hazard, actor=request.user,
            passed=data["result"] == VerificationResult.PASSED, opinion=data.get("opinion", ""),
            new_deadline=data.get("new_deadline"), verified_on=data.get("verified_on"),
            files=data.get("files") or _files(request),
            officers=self._officers(hazard, data.get("officers")),
            expected_version=self._version(data))
        return self._hazard_response(updated)

    @extend_schema(summary="Close a hazard fixed on the spot (现场整改)", request=CloseOnSpotInput,
                   responses=_HAZARD_RESPONSES, **_VERSIONED)
    @action(detail=True, methods=["post"], url_path="close-on-spot")
    def close_on_spot(self, request, pk=None):
        hazard = self.get_object()
        data = self._input(CloseOnSpotInput)
        updated = services.hazard_close_on_spot(hazard=hazard, actor=request.user,
                                                note=data["note"],
                                                expected_version=self._version(data))
        return self._hazard_response(updated)

    @extend_schema(summary="Request a deadline extension (延期申请)",
                   request=ExtensionRequestInput,
                   responses={201: ExtensionSerializer, **ACTION_ERRORS}, **_VERSIONED)
    @action(detail=True, methods=["post"], url_path="request-extension")
    def request_extension(self, request, pk=None):
        hazard = self.get_object()
        data = self._input(ExtensionRequestInput)
        extension = services.hazard_request_extension(
            hazard=hazard, actor=request.user, new_deadline=data["new_deadline"],
            reason=data["reason"], expected_version=self._version(data))
        extension = hazard.extensions.select_related("hazard").get(pk=extension.pk)
        return self.with_etag(Response(ExtensionSerializer(extension).data,
                                       status=status.HTTP_201_CREATED))

    @extend_schema(summary="Submit or revise the major-hazard plan (五落实)", request=PlanInput,
                   responses={200: PlanSerializer, **ACTION_ERRORS}, **_VERSIONED)
    @action(detail=True, methods=["post"], url_path="plan")
    def submit_plan(self, request, pk=None):
        hazard = self.get_object()
        data = self._input(PlanInput)
        plan = services.hazard_submit_plan(
            hazard=hazard, actor=request.user, responsibility=data["responsibility"],
            measures=data["measures"], funds=data["funds"], time_limit=data["time_limit"],
            contingency_plan=data["contingency_plan"],
            expected_version=self._version(data))
        plan = type(plan).objects.select_related("hazard").get(pk=plan.pk)
        return self.with_etag(Response(PlanSerializer(plan).data))

    @extend_schema(summary="Place under listed supervision (挂牌督办)", request=SupervisionInput,
                   responses={201: SupervisionSerializer, **ACTION_ERRORS}, **_VERSIONED)
    @action(detail=True, methods=["post"], url_path="place-supervision")
    def place_supervision(self, request, pk=None):
        hazard = self.get_object()
        data = self._input(SupervisionInput)
        supervision = services.hazard_place_supervision(
            hazard=hazard, actor=request.user, authority=data["authority"],
            letter_number=data["letter_number"], started_on=data.get("started_on"),
            note=data.get("note", ""), expected_version=self._version(data))
        supervision = type(supervision).objects.select_related("hazard").get(pk=supervision.pk)
        return self.with_etag(Response(SupervisionSerializer(supervision).data,
                                       status=status.HTTP_201_CREATED))
