from django.db import models
from django.utils.translation import gettext_lazy as _


class InspectionKind(models.TextChoices):
    """Inspection kinds of docs/domain.md §3."""

    SELF_INSPECTION = "self_inspection", _("企业自查")
    ENFORCEMENT = "enforcement", _("执法检查")
    COVERT = "covert", _("“四不两直”暗查暗访")
    JOINT = "joint", _("联合检查")
    EXPERT_SERVICE = "expert_service", _("专家指导服务")
    REPORT_VERIFICATION = "report_verification", _("举报核查")


REGULATOR_KINDS = frozenset(set(InspectionKind) - {InspectionKind.SELF_INSPECTION})


class CheckResult(models.TextChoices):
    """How one criterion of a checklist was found (the source system's 符合要求 / 不符合要求，
    存在隐患 / 不适用)."""

    COMPLIANT = "compliant", _("符合要求")
    NON_COMPLIANT = "non_compliant", _("不符合要求，存在隐患")
    NOT_APPLICABLE = "not_applicable", _("不适用")
