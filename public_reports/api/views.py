"""Reports and rewards in the API (/api/v1/public-reports/, /api/v1/rewards/,
/api/v1/reward-tiers/). Scoped like the pages: a report outside the caller's scope is 404.
Each action calls the service the page calls; writes require the version (428 missing, 409
stale)."""
from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import ErrorSerializer, StrictQueryParamsMixin, required_version
from core.api_docs import error_responses
from enterprises.models import Enterprise
from hazards.filing.services import Finding
from hazards.models import Hazard

from .. import services
from ..models import RewardTier
from ..selectors import reports_for_list, reports_visible_to, rewards_visible_to
from .serializers import (
    AcceptInput,
    AnswerInput,
    DuplicateInput,
    ReferInput,
    ReportSerializer,
    RerouteInput,
    RewardDecideInput,
    RewardPayInput,
    RewardProposeInput,
    RewardSerializer,
    RewardTierSerializer,
    VerificationInput,
)

PRECONDITION = {428: OpenApiResponse(ErrorSerializer, description="No version given "
                                     "(`version_required`): send expected_version or If-Match.")}
_READ = error_responses(400, 401, 404, 429)
_WRITE = {**error_responses(400, 401, 403, 404, 409, 429), **PRECONDITION}


def _input(request, serializer_class):
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


@extend_schema_view(list=extend_schema(summary="Public reports (举报) the caller may see",
                                       responses={200: ReportSerializer(many=True), **_READ}),
                    retrieve=extend_schema(responses={200: ReportSerializer, **_READ}))
@extend_schema(tags=["public reports"])
class ReportViewSet(StrictQueryParamsMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = ReportSerializer
    lookup_value_regex = r"\d{1,18}"

    def get_queryset(self):
        return (reports_for_list(self.request.user)
                .select_related("verification_inspection")
                .prefetch_related("duplicates", Prefetch(
                    "verification_inspection__hazards", queryset=Hazard.objects.only("pk",
                                                                                   "inspection")))
                .order_by("-received_at", "-id"))

    def _done(self, report):
        fresh = self.get_queryset().get(pk=report.pk)
        return Response(ReportSerializer(fresh, context=self.get_serializer_context()).data)

    @extend_schema(summary="Accept (受理)", request=AcceptInput,
                   responses={200: ReportSerializer, **_WRITE})
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        report = self.get_object()
        data = _input(request, AcceptInput)
        return self._done(services.report_accept(
            report=report, actor=request.user,
            expected_version=required_version(request, data.get("expected_version")), note=data["note"]))

    @extend_schema(summary="Re-route to another district (city staff)", request=RerouteInput,
                   responses={200: ReportSerializer, **_WRITE})
    @action(detail=True, methods=["post"])
    def reroute(self, request, pk=None):
        report = self.get_object()
        data = _input(request, RerouteInput)
        return self._done(services.report_reroute(
            report=report, actor=request.user, expected_version=required_version(request, data.get("expected_version")),
            district=data["district"], reason=data["reason"]))

    @extend_schema(summary="Refer to another department (移交)", request=ReferInput,
                   responses={200: ReportSerializer, **_WRITE})
    @action(detail=True, methods=["post"])
    def refer(self, request, pk=None):
        report = self.get_object()
        data = _input(request, ReferInput)
        return self._done(services.report_refer(
            report=report, actor=request.user, expected_version=required_version(request, data.get("expected_version")),
            department=data["department"], reason=data["reason"]))

    @extend_schema(summary="Link as a duplicate of an open report (并案)",
                   request=DuplicateInput, responses={200: ReportSerializer, **_WRITE})
    @action(detail=True, methods=["post"], url_path="link-duplicate")
    def link_duplicate(self, request, pk=None):
        report = self.get_object()
        data = _input(request, DuplicateInput)
        original = reports_visible_to(request.user).filter(pk=data["original"]).first()
        if original is None:  # missing and invisible answer alike
            raise serializers.ValidationError({"original": ["没有这件举报。"]})
        return self._done(services.report_link_duplicate(
            report=report, actor=request.user, expected_version=required_version(request, data.get("expected_version")),
            original=original))

    @extend_schema(summary="File the verification inspection (举报核查) with its findings",
                   request=VerificationInput, responses={200: ReportSerializer, **_WRITE})
    @action(detail=True, methods=["post"], url_path="file-verification")
    def file_verification(self, request, pk=None):
        report = self.get_object()
        data = _input(request, VerificationInput)
        enterprise = None
        if data.get("enterprise"):
            enterprise = Enterprise.objects.filter(pk=data["enterprise"],
                                                   district_id=report.district_id).first()
            if enterprise is None:
                raise serializers.ValidationError({"enterprise": ["该企业不在举报所在区县。"]})
        services.report_file_verification(
            report=report, actor=request.user, expected_version=required_version(request, data.get("expected_version")),
            inspected_on=data["inspected_on"], enterprise=enterprise, notes=data["notes"],
            findings=[Finding(**finding) for finding in data["findings"]])
        return self._done(report)

    @extend_schema(summary="Answer (答复办结) with the outcome", request=AnswerInput,
                   responses={200: ReportSerializer, **_WRITE})
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        report = self.get_object()
        data = _input(request, AnswerInput)
        return self._done(services.report_answer(
            report=report, actor=request.user, expected_version=required_version(request, data.get("expected_version")),
            outcome=data["outcome"], answer=data["answer"]))

    @extend_schema(summary="Propose the reward (举报奖励) by tier", request=RewardProposeInput,
                   responses={201: RewardSerializer, **_WRITE})
    @action(detail=True, methods=["post"], url_path="propose-reward")
    def propose_reward(self, request, pk=None):
        report = self.get_object()
        data = _input(request, RewardProposeInput)
        reward = services.reward_propose(
            report=report, actor=request.user, tier=data["tier"],
            penalty_amount=data.get("penalty_amount"), persons=data.get("persons"),
            expected_version=required_version(request, data.get("expected_version")))
        return Response(RewardSerializer(reward).data, status=201)


@extend_schema_view(list=extend_schema(summary="Rewards of the reports the caller handles",
                                       responses={200: RewardSerializer(many=True), **_READ}),
                    retrieve=extend_schema(responses={200: RewardSerializer, **_READ}))
@extend_schema(tags=["public reports"])
class RewardViewSet(StrictQueryParamsMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = RewardSerializer
    lookup_value_regex = r"\d{1,18}"

    def get_queryset(self):
        return rewards_visible_to(self.request.user).select_related("report").order_by(
            "-proposed_at", "-id")

    @extend_schema(summary="Approve or refuse (a person other than the proposer)",
                   request=RewardDecideInput, responses={200: RewardSerializer, **_WRITE})
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        reward = self.get_object()
        data = _input(request, RewardDecideInput)
        reward = services.reward_decide(reward=reward, actor=request.user,
                                        approve=data["approve"], note=data["note"],
                                        expected_version=required_version(request, data.get("expected_version")))
        return Response(RewardSerializer(reward).data)

    @extend_schema(summary="Record the payment", request=RewardPayInput,
                   responses={200: RewardSerializer, **_WRITE})
    @action(detail=True, methods=["post"])
    def pay(self, request, pk=None):
        reward = self.get_object()
        data = _input(request, RewardPayInput)
        reward = services.reward_pay(reward=reward, actor=request.user, paid_on=data["paid_on"],
                                     payment_reference=data["payment_reference"],
                                     expected_version=required_version(request, data.get("expected_version")))
        return Response(RewardSerializer(reward).data)


@extend_schema_view(list=extend_schema(summary="The reward tier table, with sources",
                                       responses={200: RewardTierSerializer(many=True), **_READ}),
                    retrieve=extend_schema(responses={200: RewardTierSerializer, **_READ}))
@extend_schema(tags=["public reports"])
class RewardTierViewSet(StrictQueryParamsMixin, viewsets.ReadOnlyModelViewSet):
    queryset = RewardTier.objects.order_by("sort_order", "code")
    serializer_class = RewardTierSerializer
    pagination_class = None
    lookup_value_regex = r"[-a-zA-Z0-9_]{1,60}"

