"""Plan, task, conflict and campaign representations (ids, codes, CST dates)."""
from rest_framework import serializers

from campaigns.enums import CampaignPhaseKind
from campaigns.models import Campaign, CampaignPhase
from enterprises.models import Sector

from ..models import ConflictOfInterest, InspectionTask, RandomPlan

VERSION_HELP = ("The version you last saw. Required on every write (or the If-Match header): "
                "missing is 428 precondition_required, stale is 409 conflict.")


class VersionedInput(serializers.Serializer):
    expected_version = serializers.IntegerField(required=False, min_value=1,
                                                max_value=2**31 - 1, help_text=VERSION_HELP)


class PhaseSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=CampaignPhaseKind.choices)

    class Meta:
        model = CampaignPhase
        fields = ["kind", "starts_on", "ends_on"]


class CampaignSerializer(serializers.ModelSerializer):
    phases = PhaseSerializer(many=True, read_only=True)

    class Meta:
        model = Campaign
        fields = ["id", "name", "district", "sectors", "starts_on", "ends_on", "phases",
                  "created_at", "version"]
        read_only_fields = fields


class CampaignInput(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    district = serializers.CharField(required=False, allow_null=True, default=None,
                                     max_length=6, help_text="6-digit code; null = city-wide.")
    sectors = serializers.PrimaryKeyRelatedField(queryset=Sector.objects.all(), many=True,
                                                 allow_empty=False)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    phases = PhaseSerializer(many=True, allow_empty=False, max_length=4)


class CampaignUpdateInput(CampaignInput):
    district = None  # a campaign keeps its level (city-wide or one district's)
    expected_version = serializers.IntegerField(required=False, min_value=1,
                                                max_value=2**31 - 1, help_text=VERSION_HELP)


class CoverageRowSerializer(serializers.Serializer):
    township_id = serializers.CharField(allow_null=True)
    township = serializers.CharField(allow_null=True)
    sector_id = serializers.CharField()
    sector = serializers.CharField()
    expected = serializers.IntegerField()
    filed = serializers.IntegerField()
    missing = serializers.IntegerField()


class FigureRowSerializer(serializers.Serializer):
    phase = serializers.CharField(help_text="Phase kind, or empty outside every phase.")
    source = serializers.CharField(help_text="self_inspection, report_verification, regulator.")
    found = serializers.IntegerField()
    closed = serializers.IntegerField()
    major = serializers.IntegerField()


class RandomPlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = RandomPlan
        fields = ["id", "name", "district", "campaign", "criteria", "enterprise_count",
                  "team_count", "due_on", "status", "seed", "snapshot_sha256", "result",
                  "drawn_at", "published_at", "version"]
        read_only_fields = fields


class PlanCriteriaSerializer(serializers.Serializer):
    sectors = serializers.ListField(child=serializers.CharField(max_length=40), required=False,
                                    max_length=100)
    risk_grades = serializers.ListField(child=serializers.CharField(max_length=10),
                                        required=False, max_length=4)
    exclude_inspected_within_months = serializers.IntegerField(required=False, min_value=0,
                                                               max_value=60)
    excluded_enterprises = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1), required=False,
        max_length=10000)
    districts = serializers.ListField(child=serializers.CharField(max_length=6),
                                      required=False, max_length=38,
                                      help_text="District codes (city-wide plans only).")
    department = serializers.CharField(required=False, allow_blank=True, max_length=40,
                                       help_text="Department code of the officers drawn.")


class RandomPlanInput(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    criteria = PlanCriteriaSerializer(required=False, default=dict)
    enterprise_count = serializers.IntegerField(min_value=1, max_value=10000)
    team_count = serializers.IntegerField(min_value=1, max_value=1000)
    due_on = serializers.DateField()


class RandomPlanAuditSerializer(serializers.Serializer):
    snapshot_matches = serializers.BooleanField()
    result_matches = serializers.BooleanField()
    tasks_match = serializers.BooleanField()
    result = serializers.DictField()
    snapshot = serializers.DictField(help_text="The pools the draw used (canonical form).")
    seed = serializers.CharField()


class TaskSerializer(serializers.ModelSerializer):
    is_overdue = serializers.SerializerMethodField()

    class Meta:
        model = InspectionTask
        fields = ["id", "kind", "plan", "enterprise", "district", "assignees", "due_on", "note",
                  "status", "is_overdue", "inspection", "created_at", "completed_at", "version"]
        read_only_fields = fields

    def get_is_overdue(self, obj) -> bool:
        from core.clock import today_cst

        return obj.status == "assigned" and obj.due_on < today_cst()


class TaskInput(serializers.Serializer):
    enterprise = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    assignees = serializers.ListField(child=serializers.IntegerField(min_value=1,
                                                                     max_value=2**63 - 1),
                                      min_length=1, max_length=2)
    due_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class ConflictSerializer(serializers.ModelSerializer):
    class Meta:
        model = ConflictOfInterest
        fields = ["id", "inspector", "enterprise", "reason", "declared_on"]
        read_only_fields = fields


class ConflictInput(serializers.Serializer):
    inspector = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    enterprise = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    reason = serializers.CharField(max_length=200)
