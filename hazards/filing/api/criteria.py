"""Search in the determination standards that apply to one enterprise
(/api/v1/criteria/?enterprise=<id>&q=有限空间): the inspector's "which clause is this?" on a
phone, with the same rules as the checklist (``inspections.selectors.criteria_applicable``)."""
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from core.api import StrictQueryParamsMixin
from core.api_docs import error_responses
from core.clock import today_cst
from enterprises.selectors import enterprises_visible_to
from inspections.models import HazardCriterion, HazardStandard
from inspections.selectors import criteria_search
from inspections.standards import standard_missing_text_notice, standards_not_loaded


class CriteriaQuerySerializer(serializers.Serializer):
    """The query parameters, validated (a bad one is a 400 naming it)."""

    enterprise = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    q = serializers.CharField(required=False, allow_blank=True, max_length=100, default="")
    on = serializers.DateField(required=False, allow_null=True, default=None)


class CriterionSerializer(serializers.ModelSerializer):
    standard = serializers.CharField(source="standard.code", read_only=True,
                                     help_text="Edition code, e.g. hazardous-chemicals-2017.")
    standard_title = serializers.CharField(source="standard.title", read_only=True,
                                           help_text="Title of the standard.")
    document_number = serializers.CharField(source="standard.document_number", read_only=True,
                                            help_text="Document number (文号), may be empty.")
    clause = serializers.CharField(read_only=True, help_text=(
        "How a finding cites it (判定依据), e.g. 工贸企业重大事故隐患判定标准 第十条第（一）项."))

    class Meta:
        model = HazardCriterion
        fields = ["id", "standard", "standard_title", "document_number", "number", "clause",
                  "group_name", "activity", "text"]
        extra_kwargs = {
            "id": {"help_text": "Criterion id (cite it as a finding's `criterion`)."},
            "number": {"help_text": "Published clause number, e.g. 第十条第（一）项 or 二、（一）2."},
            "group_name": {"help_text": "Heading it sits under, as published; may be empty."},
            "activity": {"help_text": "Empty, or the enterprise activity it is limited to "
                                      "(has_dust_explosion_risk, uses_ammonia_refrigeration, "
                                      "has_confined_space_work)."},
            "text": {"help_text": "Text of the criterion as published."},
        }


class NotLoadedSerializer(serializers.ModelSerializer):
    notice = serializers.SerializerMethodField(help_text="The sentence the checklist shows.")

    class Meta:
        model = HazardStandard
        fields = ["code", "title", "document_number", "effective_date", "notice"]
        extra_kwargs = {"effective_date": {"help_text": "施行 date (CST), null if unknown."}}

    def get_notice(self, standard) -> str:
        return standard_missing_text_notice(standard)


class CriteriaSearchResultSerializer(serializers.Serializer):
    enterprise = serializers.IntegerField(help_text="The enterprise id asked about.")
    on = serializers.DateField(help_text="The date (CST) the editions are in force on.")
    q = serializers.CharField(help_text="The words searched (all must occur).")
    criteria = CriterionSerializer(many=True)
    not_loaded = NotLoadedSerializer(many=True, help_text=(
        "Editions in force for the enterprise whose text the product does not hold; their "
        "clauses cannot be found here."))


@extend_schema(tags=["inspections"])
class CriteriaSearchViewSet(StrictQueryParamsMixin, viewsets.ViewSet):
    """Criteria of the standards that apply to an enterprise, found by words."""

    extra_query_params = {"list": {"enterprise", "q", "on"}}

    @extend_schema(
        summary="Find a criterion by words in the standards that apply to an enterprise",
        description="The editions in force on `on` (default today, CST) for the enterprise's "
                    "sector and for all sectors whose text is loaded; special-area clauses "
                    "only for the activities the enterprise carries on. Every word of `q` "
                    "must occur in the clause text, heading, number or standard title; an "
                    "empty `q` lists every applicable clause. An enterprise the user may not "
                    "see is a 404.",
        parameters=[
            OpenApiParameter("enterprise", int, required=True, description="Enterprise id."),
            OpenApiParameter("q", str, description="Words, e.g. 有限空间 or 液氨."),
            OpenApiParameter("on", str, description="CST date YYYY-MM-DD; default today."),
        ],
        responses={200: CriteriaSearchResultSerializer,
                   **error_responses(400, 401, 404, 429)})
    def list(self, request):
        params = CriteriaQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        enterprise = (enterprises_visible_to(request.user).select_related(None)
                      .filter(pk=data["enterprise"]).first())
        if enterprise is None:
            raise NotFound()
        on = data["on"] or today_cst()
        result = {
            "enterprise": enterprise.pk, "on": on, "q": data["q"],
            "criteria": criteria_search(enterprise=enterprise, on=on, query=data["q"]),
            "not_loaded": standards_not_loaded(enterprise.sector_id, on),
        }
        return Response(CriteriaSearchResultSerializer(result).data)
