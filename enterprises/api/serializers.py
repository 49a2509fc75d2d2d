"""Enterprise and reference-data representations. Every field has a description."""
from django.core.validators import EmailValidator
from rest_framework import serializers

from core.api_fields import (
    CreditCodeField,
    IdentifierField,
    NormalizingModelSerializer,
    PhoneField,
)
from enterprises.models import (
    Department,
    District,
    Enterprise,
    Industry,
    Sector,
    Township,
)
from enterprises.privacy import mask_email, mask_name, mask_phone, may_see_personal_data
from enterprises.validators import validate_credit_code

INSTANT = "ISO 8601 date-time with offset (+08:00)"


class DistrictSerializer(serializers.ModelSerializer):
    class Meta:
        model = District
        fields = ["code", "name"]
        extra_kwargs = {"code": {"help_text": "6-digit GB/T 2260 district (区县) code."},
                        "name": {"help_text": "District name, e.g. 涪陵区."}}


class TownshipSerializer(serializers.ModelSerializer):
    class Meta:
        model = Township
        fields = ["code", "name", "district"]
        extra_kwargs = {"code": {"help_text": "9-digit township (镇街) code."},
                        "name": {"help_text": "Township or subdistrict name."},
                        "district": {"help_text": "6-digit code of its district."}}


class SectorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Sector
        fields = ["code", "name"]
        extra_kwargs = {"code": {"help_text": "Sector (行业领域) code, e.g. "
                                              "hazardous_chemicals."},
                        "name": {"help_text": "Sector name."}}


class DepartmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["code", "name", "kind", "district"]
        extra_kwargs = {"code": {"help_text": "Regulator (监管部门) code."},
                        "name": {"help_text": "Regulator name."},
                        "kind": {"help_text": "Regulator kind (emergency_management, …)."},
                        "district": {"help_text": "6-digit district code; null for a "
                                                  "city-level department."}}


class EnterpriseSerializer(NormalizingModelSerializer):
    """Read and write. Writes go through ``enterprises.services`` (see the view). An edit
    (PUT/PATCH) needs the version it is based on: ``If-Match`` with the GET's ETag, or
    ``expected_version``. Input is normalised by ``core.text``'s rules: text fields cleaned,
    the credit code, phone and e-mail stored half-width (full-width input typed with a Chinese
    input method accepted)."""

    district = serializers.PrimaryKeyRelatedField(
        queryset=District.objects.all(), help_text="6-digit GB/T 2260 district code.")
    township = serializers.PrimaryKeyRelatedField(
        queryset=Township.objects.all(), allow_null=True, required=False,
        help_text="9-digit township code inside the district; null if unknown.")
    sector = serializers.PrimaryKeyRelatedField(queryset=Sector.objects.all(),
                                                help_text="Sector (行业领域) code.")
    industry = serializers.PrimaryKeyRelatedField(
        queryset=Industry.objects.all(), allow_null=True, required=False,
        help_text="GB/T 4754-2017 industry code; null if unknown.")
    district_name = serializers.CharField(source="district.name", read_only=True,
                                          help_text="District name.")
    # allow_null without a default: DRF drops a field whose default applies in a PATCH
    township_name = serializers.CharField(source="township.name", read_only=True,
                                          allow_null=True,
                                          help_text="Township name; null if unknown.")
    sector_name = serializers.CharField(source="sector.name", read_only=True,
                                        help_text="Sector name.")
    credit_code = CreditCodeField(
        max_length=30, help_text="18-character unified social credit code (统一社会信用代码); "
                                 "the GB 32100 check digit is verified. Spaces and full-width "
                                 "characters are normalised.")
    expected_version = serializers.IntegerField(
        write_only=True, required=False, min_value=1, max_value=2**31 - 1,
        help_text="Edits only: the enterprise's `version` the edit is based on. "
                  "Required unless the `If-Match` header carries it; a stale one is 409 "
                  "`conflict`, none at all 428 `precondition_required`. Ignored on create.")
    safety_contact_phone = PhoneField(
        limit_key="enterprise.safety_contact_phone", required=False, allow_blank=True,
        help_text="Safety contact's phone; full-width digits are stored half-width.")
    safety_contact_email = IdentifierField(
        required=False, allow_blank=True, max_length=254,
        validators=[EmailValidator()],
        help_text="Safety contact's e-mail (reminders); full-width characters are stored "
                  "half-width.")

    class Meta:
        model = Enterprise
        fields = ["id", "credit_code", "name", "district", "district_name", "township",
                  "township_name", "sector", "sector_name", "industry", "address",
                  "legal_representative", "safety_contact_name", "safety_contact_phone",
                  "safety_contact_email", "has_dust_explosion_risk",
                  "uses_ammonia_refrigeration", "has_confined_space_work", "version",
                  "expected_version", "created_at", "updated_at"]
        read_only_fields = ["id", "version", "created_at", "updated_at"]
        extra_kwargs = {
            "id": {"help_text": "Enterprise id."},
            "name": {"help_text": "Registered name (企业名称)."},
            "address": {"help_text": "Address of the site."},
            "legal_representative": {"help_text": "Legal representative (法定代表人)."},
            "safety_contact_name": {"help_text": "Safety contact (安全联系人)."},
            "has_dust_explosion_risk": {
                "help_text": "存在粉尘爆炸危险: the dust-explosion criteria of the 工贸 standard "
                             "apply. Default false."},
            "uses_ammonia_refrigeration": {
                "help_text": "使用液氨制冷: the ammonia-refrigeration criteria apply. "
                             "Default false."},
            "has_confined_space_work": {
                "help_text": "有限空间作业 (with poisoning risk such as H2S, CO): the confined-space "
                             "criteria apply. Default false."},
            "version": {"help_text": "Increases with every edit; the detail's ETag."},
            "created_at": {"help_text": f"Registered at: {INSTANT}."},
            "updated_at": {"help_text": f"Last changed at: {INSTANT}."},
        }

    def to_representation(self, instance):
        """The contact's name, phone and e-mail are masked for a reader who does not need them
        (``enterprises.privacy.may_see_personal_data``)."""
        data = super().to_representation(instance)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if not may_see_personal_data(user, district_id=instance.district_id,
                                     enterprise_id=instance.pk):
            data["safety_contact_name"] = mask_name(data.get("safety_contact_name", ""))
            data["safety_contact_phone"] = mask_phone(data.get("safety_contact_phone", ""))
            data["safety_contact_email"] = mask_email(data.get("safety_contact_email", ""))
        return data

    def validate_credit_code(self, value):
        from django.core.exceptions import ValidationError as DjangoValidationError

        try:
            validate_credit_code(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc
        return value
