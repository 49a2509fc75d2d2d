"""Report and reward representations. The reporter's identity appears only for the roles that
handle the report (``rules.may_see_reporter_identity``); for anyone else ``reporter`` is
null, whatever the report."""
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from enterprises.models import District
from hazards.filing.api.serializers import FindingSerializer

from .. import pii, rules
from ..enums import ReportOutcome
from ..models import PublicReport, Reward, RewardTier

VERSION_HELP = ("The version you last saw. Required on every write (or the If-Match header): "
                "missing is 428 precondition_required, stale is 409 conflict.")


class ReporterSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="Reporter's name (personal information).")
    phone = serializers.CharField(help_text="Reporter's phone (personal information).")


class ReportSerializer(serializers.ModelSerializer):
    reporter = serializers.SerializerMethodField(
        help_text="Name and phone of a named reporter, only for the roles that handle the "
                  "report (district officials of its district, city officials); null otherwise.")
    hazards = serializers.SerializerMethodField(
        help_text="Ids of the hazards its verification inspection registered.")
    duplicates = serializers.SerializerMethodField(help_text="Ids of reports linked to it.")

    class Meta:
        model = PublicReport
        fields = ["id", "district", "township", "address", "latitude", "longitude",
                  "enterprise", "enterprise_name", "sector", "description", "anonymous",
                  "reporter", "status", "outcome", "public_answer", "referred_to",
                  "referral_reason", "duplicate_of", "duplicates", "verification_inspection",
                  "hazards", "answer_due", "received_at", "answered_at", "updated_at",
                  "version"]
        read_only_fields = fields
        extra_kwargs = {
            "district": {"help_text": "6-digit code of the district handling it."},
            "answer_due": {"help_text": "CST date by which it must be answered."},
            "latitude": {"help_text": "WGS-84 degrees; null when not given."},
            "longitude": {"help_text": "WGS-84 degrees; null when not given."},
            "version": {"help_text": "Increases on every change; send it back on writes."},
        }

    @extend_schema_field(ReporterSerializer(allow_null=True))
    def get_reporter(self, obj):
        request = self.context.get("request")
        if obj.anonymous or request is None or not rules.may_see_reporter_identity(
                request.user, obj):
            return None
        return {"name": pii.decrypt(obj.reporter_name_encrypted),
                "phone": pii.decrypt(obj.reporter_phone_encrypted)}

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_hazards(self, obj):
        if not obj.verification_inspection_id:
            return []
        return sorted(h.pk for h in obj.verification_inspection.hazards.all())

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_duplicates(self, obj):
        return sorted(d.pk for d in obj.duplicates.all())


class VersionedInput(serializers.Serializer):
    expected_version = serializers.IntegerField(required=False, min_value=1,
                                                max_value=2**31 - 1, help_text=VERSION_HELP)


class AcceptInput(VersionedInput):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class RerouteInput(VersionedInput):
    district = serializers.PrimaryKeyRelatedField(queryset=District.objects.all(),
                                                  help_text="6-digit district code.")
    reason = serializers.CharField(max_length=5000)


class ReferInput(VersionedInput):
    department = serializers.CharField(max_length=100)
    reason = serializers.CharField(max_length=5000)


class DuplicateInput(VersionedInput):
    original = serializers.IntegerField(min_value=1, max_value=2**63 - 1,
                                        help_text="Id of the open report it repeats.")


class AnswerInput(VersionedInput):
    outcome = serializers.ChoiceField(choices=[ReportOutcome.SUBSTANTIATED.value,
                                               ReportOutcome.NOT_SUBSTANTIATED.value])
    answer = serializers.CharField(max_length=2000,
                                   help_text="The answer the reporter reads with the query code.")


class VerificationInput(VersionedInput):
    enterprise = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1,
                                          help_text="Enterprise id; default: the report's.")
    inspected_on = serializers.DateField(help_text="CST date of the visit.")
    notes = serializers.CharField(required=False, allow_blank=True, default="",
                                  max_length=5000)
    findings = FindingSerializer(many=True, max_length=50, required=False, default=list)


class RewardProposeInput(VersionedInput):
    tier = serializers.PrimaryKeyRelatedField(queryset=RewardTier.objects.filter(is_active=True))
    penalty_amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0,
                                              required=False, allow_null=True,
                                              help_text="Penalty in yuan (percent tiers).")
    persons = serializers.IntegerField(min_value=1, max_value=1000, required=False,
                                       allow_null=True, help_text="Persons (per-person tiers).")


class RewardDecideInput(VersionedInput):
    approve = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class RewardPayInput(VersionedInput):
    paid_on = serializers.DateField(help_text="CST date of payment.")
    payment_reference = serializers.CharField(max_length=60)


class RewardTierSerializer(serializers.ModelSerializer):
    class Meta:
        model = RewardTier
        fields = ["code", "name", "basis", "rate", "amount", "min_amount", "max_amount",
                  "source_title", "source_number", "source_article", "official", "note",
                  "is_active"]
        read_only_fields = fields


class RewardSerializer(serializers.ModelSerializer):
    class Meta:
        model = Reward
        fields = ["id", "report", "district", "tier", "penalty_amount", "persons", "amount",
                  "status", "proposed_by", "proposed_at", "decided_by", "decided_at",
                  "paid_by", "paid_on", "payment_reference", "version"]
        read_only_fields = fields
        extra_kwargs = {"amount": {"help_text": "Yuan, 2 decimal places."}}

