"""Hazard representations of the API. Read-only: every change goes through an action endpoint
(``hazards.api.actions``) that calls a service. Every field carries a description with its
unit (dates: China Standard Time calendar dates; money: yuan)."""
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.clock import today_cst
from enterprises.privacy import mask_name, may_see_personal_data
from hazards.enums import HazardSource, source_of
from hazards.models import Hazard, HazardTransition

CST_DATE = "China Standard Time (UTC+8) calendar date, YYYY-MM-DD"
INSTANT = "ISO 8601 date-time with offset (server renders Asia/Shanghai, +08:00)"


class HazardTransitionSerializer(serializers.ModelSerializer):
    actor_name = serializers.SerializerMethodField(
        help_text="Display name of the person who acted; null for a system action.")

    class Meta:
        model = HazardTransition
        fields = ["id", "action", "from_status", "to_status", "actor", "actor_name", "at",
                  "note", "data"]
        extra_kwargs = {
            "id": {"help_text": "History row id."},
            "action": {"help_text": "What happened (HazardAction), e.g. rectification_ordered."},
            "from_status": {"help_text": "Status before; empty string for the registration."},
            "to_status": {"help_text": "Status after."},
            "actor": {"help_text": "User id of the actor; null for a system action."},
            "at": {"help_text": f"When it happened: {INSTANT}."},
            "note": {"help_text": "Free-text reason or remark."},
            "data": {"help_text": "What changed, as JSON (old/new deadline as CST dates, "
                                  "document numbers, …)."},
        }

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_actor_name(self, obj) -> str | None:
        return str(obj.actor) if obj.actor_id else None


class HazardSerializer(serializers.ModelSerializer):
    """One hazard as a list row. Uses only the joins of ``hazards_for_list``."""

    district_name = serializers.CharField(source="district.name", read_only=True,
                                          help_text="District (区县) name.")
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True,
                                            help_text="Enterprise (企业) name.")
    enterprise_credit_code = serializers.CharField(
        source="enterprise.credit_code", read_only=True,
        help_text="The enterprise's 18-character unified social credit code (GB 32100).")
    township = serializers.CharField(source="enterprise.township_id", read_only=True,
                                     allow_null=True,
                                     help_text="9-digit township (镇街) code; null if unknown.")
    township_name = serializers.CharField(source="enterprise.township.name", read_only=True,
                                          allow_null=True, default=None,
                                          help_text="Township (镇街) name; null if unknown.")
    sector = serializers.CharField(source="enterprise.sector_id", read_only=True,
                                   help_text="Sector (行业领域) code of the enterprise.")
    sector_name = serializers.CharField(source="enterprise.sector.name", read_only=True,
                                        help_text="Sector (行业领域) name.")
    accident_type_name = serializers.CharField(source="accident_type.name", read_only=True,
                                               allow_null=True, default=None,
                                               help_text="Accident type (事故类别) name.")
    status_display = serializers.CharField(source="get_status_display", read_only=True,
                                           help_text="Status label in the request language.")
    grade_display = serializers.CharField(source="get_grade_display", read_only=True,
                                          help_text="Grade label (一般隐患 / 重大隐患).")
    source = serializers.SerializerMethodField(
        help_text="How it was found (来源), from the inspection kind: self_inspection (企业自查), "
                  "regulator (部门检查) or report_verification (举报核查).")
    is_overdue = serializers.SerializerMethodField(
        help_text="True when today (CST) is after the rectification deadline and the hazard "
                  "is rectifying or pending verification (derived, never stored).")
    days_overdue = serializers.SerializerMethodField(
        help_text="Whole CST calendar days past the deadline; 0 when not overdue.")

    class Meta:
        model = Hazard
        fields = [
            "id", "district", "district_name", "enterprise", "enterprise_name",
            "enterprise_credit_code", "township", "township_name", "sector", "sector_name",
            "inspection", "inspection_kind", "source", "grade", "grade_display", "category", "accident_type",
            "accident_type_name", "criterion", "description", "location",
            "rectification_measures", "responsible_person", "rectification_funds",
            "rectification_deadline", "interim_safety_measures", "status", "status_display",
            "is_overdue", "days_overdue", "version", "registered_at", "created_at", "updated_at",
            "closed_at",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "id": {"help_text": "Hazard id."},
            "district": {"help_text": "6-digit GB/T 2260 district code, e.g. 500102."},
            "enterprise": {"help_text": "Enterprise id."},
            "inspection": {"help_text": "Id of the inspection that found it."},
            "grade": {"help_text": "general (一般隐患) or major (重大隐患)."},
            "category": {"help_text": "equipment_defect / unlawful_act / "
                                      "management_deficiency (隐患类别)."},
            "accident_type": {"help_text": "Accident type id (GB 6441-2025, or GB 6441-1986 "
                                           "for older records); null if not given."},
            "criterion": {"help_text": "Id of the determination criterion (判定依据) a major "
                                       "hazard rests on; null if none."},
            "description": {"help_text": "What was found (隐患描述)."},
            "location": {"help_text": "Where on the site (隐患部位)."},
            "rectification_measures": {"help_text": "Required measures (整改措施)."},
            "responsible_person": {"help_text": "Person responsible for rectification."},
            "rectification_funds": {"help_text": "Rectification funds in yuan (元), decimal "
                                                 "string with 2 places; null if not given."},
            "rectification_deadline": {"help_text": f"Rectification deadline: {CST_DATE}. "
                                                    "Overdue from 00:00 CST the day after."},
            "interim_safety_measures": {"help_text": "Interim safety measures while open "
                                                     "(major hazards)."},
            "status": {"help_text": "reported / rectifying / pending_verification / closed."},
            "version": {"help_text": "Increases on every transition and loop event; it is the "
                                     "detail's ETag. Every action needs it back (If-Match or "
                                     "expected_version): stale is 409, missing 428."},
            "inspection_kind": {"help_text": "Kind of the inspection that found it."},
            "registered_at": {"help_text": f"Found (登记) at: {INSTANT}; for an imported hazard "
                                           "the ledger's date. The statistics count a hazard "
                                           "in the period of this time."},
            "created_at": {"help_text": f"Row written at: {INSTANT}."},
            "updated_at": {"help_text": f"Last changed at: {INSTANT}; the sync key."},
            "closed_at": {"help_text": f"Closed (销号) at: {INSTANT}; null while open."},
        }

    def to_representation(self, instance):
        """The person responsible is masked for a reader who does not need it
        (``enterprises.privacy.may_see_personal_data``)."""
        data = super().to_representation(instance)
        user = getattr(self.context.get("request"), "user", None)
        if data.get("responsible_person") and not may_see_personal_data(
                user, district_id=instance.district_id, enterprise_id=instance.enterprise_id):
            data["responsible_person"] = mask_name(data["responsible_person"])
        return data

    def _today(self):
        if "today" not in self.context:
            self.context["today"] = today_cst()
        return self.context["today"]

    @extend_schema_field(serializers.ChoiceField(choices=HazardSource.choices))
    def get_source(self, obj) -> str:
        return source_of(obj.inspection_kind)

    def get_is_overdue(self, obj) -> bool:
        return obj.is_overdue(self._today())

    def get_days_overdue(self, obj) -> int:
        return obj.days_overdue(self._today())


class HazardDetailSerializer(HazardSerializer):
    """A hazard with its history (oldest first)."""

    history = HazardTransitionSerializer(source="transitions", many=True, read_only=True,
                                         help_text="Every transition, oldest first.")

    class Meta(HazardSerializer.Meta):
        fields = [*HazardSerializer.Meta.fields, "history"]
        read_only_fields = fields
