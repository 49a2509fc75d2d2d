"""Inspection representations: read with nested hazards; create with findings (validated
here for shape only; the rules are ``hazards.filing.services.inspection_file``'s)."""
from rest_framework import serializers

from accounts.enums import DISTRICT_ROLES
from accounts.models import User
from core.api_fields import AmountField, CstDateField, FreeTextField
from core.clock import today_cst
from enterprises.models import Department, Enterprise
from hazards.enums import HazardCategory, HazardGrade
from hazards.filing.services import MAX_FINDINGS
from hazards.models import AccidentType, Hazard
from inspections.enums import InspectionKind
from inspections.models import HazardCriterion, Inspection

CST_DATE = "China Standard Time calendar date, YYYY-MM-DD"


class InspectionHazardSerializer(serializers.ModelSerializer):
    """A hazard as nested in its inspection (no enterprise fields: the inspection has them)."""

    is_overdue = serializers.SerializerMethodField(
        help_text="True when today (CST) is after the deadline and the hazard is rectifying or "
                  "pending verification.")

    class Meta:
        model = Hazard
        fields = ["id", "grade", "category", "accident_type", "criterion", "description",
                  "location", "rectification_measures", "responsible_person",
                  "rectification_funds", "rectification_deadline", "status", "is_overdue",
                  "updated_at"]
        read_only_fields = fields
        extra_kwargs = {
            "id": {"help_text": "Hazard id (GET /api/v1/hazards/{id}/ for its history)."},
            "grade": {"help_text": "general or major."},
            "category": {"help_text": "Hazard category (隐患类别)."},
            "accident_type": {"help_text": "Accident type id; null if not given."},
            "criterion": {"help_text": "Determination criterion id; null if none."},
            "description": {"help_text": "What was found."},
            "location": {"help_text": "Where on the site."},
            "rectification_measures": {"help_text": "Required measures."},
            "responsible_person": {"help_text": "Person responsible for rectification."},
            "rectification_funds": {"help_text": "Funds in yuan (元), 2 decimal places."},
            "rectification_deadline": {"help_text": f"Deadline: {CST_DATE}."},
            "status": {"help_text": "Life-cycle state."},
            "updated_at": {"help_text": "Last change, ISO 8601 date-time."},
        }

    def get_is_overdue(self, obj) -> bool:
        if "today" not in self.context:
            self.context["today"] = today_cst()
        return obj.is_overdue(self.context["today"])


class InspectionSerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True,
                                            help_text="Inspected enterprise's name.")
    inspectors = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, help_text="User ids of the inspectors who signed.")
    hazards = InspectionHazardSerializer(many=True, read_only=True,
                                         help_text="The findings registered as hazards.")

    class Meta:
        model = Inspection
        fields = ["id", "kind", "enterprise", "enterprise_name", "district", "department",
                  "joint_departments", "inspected_on", "inspectors", "reference_number",
                  "notes", "signed_at", "created_at", "updated_at", "hazards"]
        read_only_fields = fields
        extra_kwargs = {
            "id": {"help_text": "Inspection id."},
            "kind": {"help_text": "Inspection kind: self_inspection, enforcement, covert, joint, "
                                  "expert_service, report_verification."},
            "enterprise": {"help_text": "Enterprise id."},
            "district": {"help_text": "6-digit district code (the enterprise's at the time)."},
            "department": {"help_text": "Regulator department code (the lead of a joint "
                                        "inspection); null for a self-inspection."},
            "joint_departments": {"help_text": "Codes of the other departments of a joint "
                                               "inspection (联合检查); empty otherwise."},
            "inspected_on": {"help_text": f"Date of the visit: {CST_DATE}."},
            "reference_number": {"help_text": "Inspection record number; may be empty."},
            "notes": {"help_text": "Inspection notes (检查情况)."},
            "signed_at": {"help_text": "When the record was signed (ISO 8601); null if not "
                                       "signed."},
            "created_at": {"help_text": "Filed at, ISO 8601 date-time."},
            "updated_at": {"help_text": "Last change, ISO 8601 date-time."},
        }


class FindingSerializer(serializers.Serializer):
    grade = serializers.ChoiceField(choices=HazardGrade.choices,
                                    help_text="general or major (a cited criterion makes it "
                                              "major by rule).")
    category = serializers.ChoiceField(choices=HazardCategory.choices,
                                       help_text="Hazard category.")
    description = FreeTextField(limit_key="hazard.description", help_text="What was found.")
    location = FreeTextField(limit_key="hazard.location", required=False, allow_blank=True,
                             default="", help_text="Where on the site.")
    rectification_measures = FreeTextField(limit_key="hazard.rectification_measures",
                                           required=False, allow_blank=True, default="",
                                           help_text="Required measures.")
    responsible_person = FreeTextField(limit_key="hazard.responsible_person", required=False,
                                       allow_blank=True, default="",
                                       help_text="Person responsible.")
    rectification_deadline = CstDateField(
        required=False, allow_null=True, default=None,
        help_text=f"Deadline, {CST_DATE}; today or later. Full-width digits are accepted.")
    accident_type = serializers.PrimaryKeyRelatedField(
        queryset=AccidentType.objects.all(), required=False, allow_null=True, default=None,
        help_text="Accident type id (GET /api/v1/accident-types/).")
    criterion = serializers.PrimaryKeyRelatedField(
        queryset=HazardCriterion.objects.all(), required=False, allow_null=True, default=None,
        help_text="Determination criterion id; makes the hazard major.")
    rectification_funds = AmountField(
        max_digits=14, decimal_places=2, min_value=0, required=False, allow_null=True,
        default=None, help_text="Rectification funds in yuan (元).")


class InspectionCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=InspectionKind.choices, help_text="Inspection kind.")
    enterprise = serializers.PrimaryKeyRelatedField(
        queryset=Enterprise.objects.none(), pk_field=serializers.IntegerField(), help_text="Id of an enterprise the user may see and inspect.")
    inspected_on = CstDateField(help_text=f"Date of the visit, {CST_DATE}; not in the "
                                          "future. Full-width digits are accepted.")
    department = serializers.CharField(required=False, allow_null=True, default=None,
                                       max_length=40,
                                       help_text="Regulator department code.")
    joint_departments = serializers.PrimaryKeyRelatedField(
        many=True, required=False, default=list, queryset=Department.objects.all(),
        pk_field=serializers.CharField(max_length=40),
        help_text="Joint inspection (联合检查): the codes of the other departments; the lead is "
                  "`department`. At least one other department is required for kind `joint`.")
    inspectors = serializers.PrimaryKeyRelatedField(
        many=True, required=False, default=list, queryset=User.objects.none(),
        pk_field=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
        help_text="User ids of the other officers of the team (active district staff of the "
                  "enterprise's district); the caller is always on the team. Enforcement "
                  "(执法检查) needs two officers with badge numbers (执法证号), the caller "
                  "included, or the record could never be signed.")
    notes = FreeTextField(required=False, allow_blank=True, default="",
                          limit_key="inspection.notes", help_text="Inspection notes.")
    findings = FindingSerializer(many=True, max_length=MAX_FINDINGS, help_text="The findings (may be empty: an "
                                                      "inspection that found nothing).")

    def __init__(self, *args, enterprises=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises
        if user is not None and user.district_id:
            # a colleague from elsewhere reads as "no such user", like an unknown id
            self.fields["inspectors"].child_relation.queryset = User.objects.filter(
                role__in=sorted(DISTRICT_ROLES), district_id=user.district_id,
                is_active=True)

    def validate_department(self, value):
        from enterprises.models import Department

        if value in (None, ""):
            return None
        department = Department.objects.filter(pk=value).first()
        if department is None:
            raise serializers.ValidationError("unknown department")
        return department
