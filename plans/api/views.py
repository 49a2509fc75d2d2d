"""Campaigns, random plans, inspection tasks and conflicts of interest in the API
(/api/v1/campaigns/, /api/v1/random-plans/, /api/v1/inspection-tasks/,
/api/v1/conflicts-of-interest/). Scoped like the pages; writes call the services the pages
call; edits of existing objects require the version (428 missing, 409 stale)."""
import django_filters
from django.shortcuts import get_object_or_404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.models import User
from campaigns import rules as campaign_rules
from campaigns import services as campaign_services
from campaigns.selectors import campaigns_visible_to
from core.api import ErrorSerializer, StrictQueryParamsMixin, required_version
from core.api_docs import error_responses
from core.clock import today_cst
from core.errors import PermissionDenied
from enterprises.models import District, Enterprise

from .. import services
from ..campaign_follow import campaign_figures, coverage_by_township
from ..enums import TaskStatus
from ..models import ConflictOfInterest, InspectionTask
from ..selectors import plans_visible_to, tasks_visible_to
from .serializers import (
    CampaignInput,
    CampaignSerializer,
    CampaignUpdateInput,
    ConflictInput,
    ConflictSerializer,
    CoverageRowSerializer,
    FigureRowSerializer,
    RandomPlanAuditSerializer,
    RandomPlanInput,
    RandomPlanSerializer,
    TaskInput,
    TaskSerializer,
    VersionedInput,
)

PRECONDITION = {428: OpenApiResponse(ErrorSerializer, description="No version given "
                                     "(`precondition_required`): send expected_version or If-Match.")}
_READ = error_responses(400, 401, 404, 429)
_CREATE = error_responses(400, 401, 403, 429)
_WRITE = {**error_responses(400, 401, 403, 404, 409, 429), **PRECONDITION}


def _input(request, serializer_class):
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _district(code):
    if code in (None, ""):
        return None
    district = District.objects.filter(pk=code).first()
    if district is None:
        raise serializers.ValidationError({"district": ["未知的区县代码。"]})
    return district


@extend_schema_view(
    list=extend_schema(summary="Campaigns (专项行动) the caller may see",
                       responses={200: CampaignSerializer(many=True), **_READ}),
    retrieve=extend_schema(responses={200: CampaignSerializer, **_READ}),
    create=extend_schema(summary="Create a campaign with its phases", request=CampaignInput,
                         responses={201: CampaignSerializer, **_CREATE}),
    update=extend_schema(summary="Replace a campaign's name, sectors, period and phases "
                                 "(versioned)", request=CampaignUpdateInput,
                         responses={200: CampaignSerializer, **_WRITE}))
@extend_schema(tags=["campaigns and plans"])
class CampaignViewSet(StrictQueryParamsMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
                      viewsets.ReadOnlyModelViewSet):
    http_method_names = ["get", "post", "put", "head", "options"]
    serializer_class = CampaignSerializer
    lookup_value_regex = r"\d{1,18}"

    def get_queryset(self):
        return (campaigns_visible_to(self.request.user).prefetch_related("phases", "sectors")
                .order_by("-starts_on", "-id"))

    def create(self, request, *args, **kwargs):
        data = _input(request, CampaignInput)
        campaign = campaign_services.campaign_create(
            actor=request.user, name=data["name"], district=_district(data["district"]),
            sectors=data["sectors"], starts_on=data["starts_on"], ends_on=data["ends_on"],
            phases=[campaign_services.PhaseDates(**phase) for phase in data["phases"]])
        return Response(CampaignSerializer(self.get_queryset().get(pk=campaign.pk)).data,
                        status=201)

    def update(self, request, *args, **kwargs):
        campaign = self.get_object()
        data = _input(request, CampaignUpdateInput)
        campaign = campaign_services.campaign_update(
            actor=request.user, campaign=campaign,
            expected_version=required_version(request, data.get("expected_version")), name=data["name"],
            sectors=data["sectors"], starts_on=data["starts_on"], ends_on=data["ends_on"],
            phases=[campaign_services.PhaseDates(**phase) for phase in data["phases"]])
        return Response(CampaignSerializer(self.get_queryset().get(pk=campaign.pk)).data)

    def _followed(self):
        campaign = self.get_object()
        if not campaign_rules.may_follow_campaign(self.request.user, campaign):
            raise PermissionDenied("您无权查看该专项行动的覆盖情况。")
        return campaign

    @extend_schema(summary="Self-inspection coverage per township and sector",
                   responses={200: CoverageRowSerializer(many=True),
                              **error_responses(400, 401, 403, 404, 429)})
    @action(detail=True, methods=["get"], pagination_class=None)
    def coverage(self, request, pk=None):
        campaign = self._followed()
        return Response(CoverageRowSerializer(
            coverage_by_township(campaign, viewer=request.user), many=True).data)

    @extend_schema(summary="Hazards by phase and source",
                   responses={200: FigureRowSerializer(many=True),
                              **error_responses(400, 401, 403, 404, 429)})
    @action(detail=True, methods=["get"], pagination_class=None)
    def figures(self, request, pk=None):
        campaign = self._followed()
        return Response(FigureRowSerializer(campaign_figures(campaign, viewer=request.user),
                                            many=True).data)


@extend_schema_view(
    list=extend_schema(summary="Random inspection plans (双随机)",
                       responses={200: RandomPlanSerializer(many=True), **_READ}),
    retrieve=extend_schema(responses={200: RandomPlanSerializer, **_READ}),
    create=extend_schema(summary="Define a plan (the caller's district; city: city-wide)",
                         request=RandomPlanInput, responses={201: RandomPlanSerializer, **_CREATE}))
@extend_schema(tags=["campaigns and plans"])
class PlanViewSet(StrictQueryParamsMixin, mixins.CreateModelMixin,
                  viewsets.ReadOnlyModelViewSet):
    serializer_class = RandomPlanSerializer
    lookup_value_regex = r"\d{1,18}"

    def get_queryset(self):
        return plans_visible_to(self.request.user).order_by("-created_at", "-id")

    def create(self, request, *args, **kwargs):
        data = _input(request, RandomPlanInput)
        plan = services.plan_create(actor=request.user, name=data["name"],
                                    district=request.user.district, criteria=data["criteria"],
                                    enterprise_count=data["enterprise_count"],
                                    team_count=data["team_count"], due_on=data["due_on"])
        return Response(RandomPlanSerializer(plan).data, status=201)

    @extend_schema(summary="Draw: seed from secrets, pools snapshot, tasks for the teams",
                   request=VersionedInput, responses={200: RandomPlanSerializer, **_WRITE})
    @action(detail=True, methods=["post"])
    def draw(self, request, pk=None):
        plan = self.get_object()
        data = _input(request, VersionedInput)
        plan = services.plan_draw(actor=request.user, plan=plan,
                                  expected_version=required_version(request, data.get("expected_version")))
        return Response(RandomPlanSerializer(plan).data)

    @extend_schema(summary="Publish the results on the public page", request=VersionedInput,
                   responses={200: RandomPlanSerializer, **_WRITE})
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        plan = self.get_object()
        data = _input(request, VersionedInput)
        plan = services.plan_publish(actor=request.user, plan=plan,
                                     expected_version=required_version(request, data.get("expected_version")))
        return Response(RandomPlanSerializer(plan).data)

    @extend_schema(summary="Audit: re-run the draw from the recorded seed and snapshot",
                   responses={200: RandomPlanAuditSerializer, **error_responses(400, 401, 404, 409,
                                                                            429)})
    @action(detail=True, methods=["get"])
    def audit(self, request, pk=None):
        plan = self.get_object()
        return Response({**services.plan_reproduce(plan), "snapshot": plan.snapshot,
                         "seed": plan.seed})


class TaskFilter(django_filters.FilterSet):
    mine = django_filters.BooleanFilter(method="filter_mine",
                                        help_text="true: only tasks assigned to the caller")
    status = django_filters.ChoiceFilter(choices=TaskStatus.choices)
    overdue = django_filters.BooleanFilter(method="filter_overdue",
                                           help_text="true: open and past the due date (CST)")

    class Meta:
        model = InspectionTask
        fields: list[str] = []

    def filter_mine(self, queryset, name, value):
        return queryset.filter(assignees=self.request.user) if value else queryset

    def filter_overdue(self, queryset, name, value):
        late = {"status": TaskStatus.ASSIGNED, "due_on__lt": today_cst()}
        return queryset.filter(**late) if value else queryset.exclude(**late)


@extend_schema_view(
    list=extend_schema(summary="Inspection tasks (`mine=true`: the caller's)",
                       responses={200: TaskSerializer(many=True), **_READ}),
    retrieve=extend_schema(responses={200: TaskSerializer, **_READ}),
    create=extend_schema(summary="Assign a targeted task (定向检查)", request=TaskInput,
                         responses={201: TaskSerializer, **_CREATE}))
@extend_schema(tags=["campaigns and plans"])
class TaskViewSet(StrictQueryParamsMixin, mixins.CreateModelMixin,
                  viewsets.ReadOnlyModelViewSet):
    serializer_class = TaskSerializer
    lookup_value_regex = r"\d{1,18}"
    filter_backends = [DjangoFilterBackend]
    filterset_class = TaskFilter

    def get_queryset(self):
        return (tasks_visible_to(self.request.user).prefetch_related("assignees")
                .order_by("due_on", "id"))

    def create(self, request, *args, **kwargs):
        data = _input(request, TaskInput)
        enterprise = get_object_or_404(Enterprise, pk=data["enterprise"])
        if not (request.user.is_city_official
                or request.user.works_in_district(enterprise.district_id)):
            raise serializers.ValidationError({"enterprise": ["没有该企业，或不在您的辖区。"]})
        assignees = list(User.objects.filter(pk__in=data["assignees"]))
        if len(assignees) != len(set(data["assignees"])):
            raise serializers.ValidationError({"assignees": ["未知的执法人员。"]})
        task = services.task_assign(actor=request.user, enterprise=enterprise,
                                    assignees=assignees, due_on=data["due_on"],
                                    note=data["note"])
        return Response(TaskSerializer(task).data, status=201)


@extend_schema_view(
    list=extend_schema(summary="Declared conflicts of interest the caller may see",
                       responses={200: ConflictSerializer(many=True), **_READ}),
    retrieve=extend_schema(responses={200: ConflictSerializer, **_READ}),
    create=extend_schema(summary="Declare a conflict of interest", request=ConflictInput,
                         responses={201: ConflictSerializer, **_CREATE}))
@extend_schema(tags=["campaigns and plans"])
class ConflictViewSet(StrictQueryParamsMixin, mixins.CreateModelMixin,
                      viewsets.ReadOnlyModelViewSet):
    serializer_class = ConflictSerializer
    lookup_value_regex = r"\d{1,18}"

    def get_queryset(self):
        user = self.request.user
        queryset = ConflictOfInterest.objects.order_by("id")
        if not getattr(user, "is_authenticated", False):
            return queryset.none()
        if user.is_city_official:
            return queryset
        if user.is_district_official:
            return queryset.filter(inspector__district_id=user.district_id)
        return queryset.filter(inspector=user)

    def create(self, request, *args, **kwargs):
        data = _input(request, ConflictInput)
        inspector = User.objects.filter(pk=data["inspector"]).first()
        enterprise = Enterprise.objects.filter(pk=data["enterprise"]).first()
        if inspector is None:
            raise serializers.ValidationError({"inspector": ["未知的执法人员。"]})
        if enterprise is None:
            raise serializers.ValidationError({"enterprise": ["未知的企业。"]})
        conflict = services.conflict_declare(actor=request.user, inspector=inspector,
                                             enterprise=enterprise, reason=data["reason"])
        return Response(ConflictSerializer(conflict).data, status=201)
