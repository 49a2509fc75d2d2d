"""Hazard enumerations (docs/domain.md "Terms")."""
from django.db import models
from django.utils.translation import gettext_lazy as _

from inspections.enums import InspectionKind


class HazardStatus(models.TextChoices):
    """The hazard life cycle (docs/domain.md "Hazard life cycle"). Overdue is derived, not a
    state."""

    REPORTED = "reported", _("已登记")
    RECTIFYING = "rectifying", _("整改中")
    PENDING_VERIFICATION = "pending_verification", _("待复查")
    CLOSED = "closed", _("已销号")


OPEN_STATUSES = frozenset({HazardStatus.REPORTED, HazardStatus.RECTIFYING,
                           HazardStatus.PENDING_VERIFICATION})
# Overdue is a condition on these two states only (docs/domain.md "Hazard life cycle"): a
# reported hazard has no ordered deadline yet, a closed one is done.
DEADLINE_RUNNING_STATUSES = frozenset({HazardStatus.RECTIFYING,
                                       HazardStatus.PENDING_VERIFICATION})


class HazardGrade(models.TextChoices):
    GENERAL = "general", _("一般隐患")
    MAJOR = "major", _("重大隐患")


class HazardSource(models.TextChoices):
    """来源: how a hazard came to light, derived from the kind of inspection that found it.

    The national campaign reports hazards found by the enterprise itself (自查) apart from those
    found by regulators (部门检查); a verified public report (举报核查) is kept apart because
    it is rewarded and followed up differently (docs/domain.md §7). Rule: ``SOURCE_INSPECTION_KINDS``.
    """

    SELF_INSPECTION = "self_inspection", _("企业自查")
    REGULATOR = "regulator", _("部门检查")
    REPORT_VERIFICATION = "report_verification", _("举报核查")


# source -> the inspection kinds it covers (product rule from the integrator's design notes:
# self-inspection is 自查, report verification 举报核查, every other kind a regulator's visit)
SOURCE_INSPECTION_KINDS = {
    HazardSource.SELF_INSPECTION: (InspectionKind.SELF_INSPECTION,),
    HazardSource.REPORT_VERIFICATION: (InspectionKind.REPORT_VERIFICATION,),
    HazardSource.REGULATOR: tuple(kind for kind in InspectionKind
                                  if kind not in (InspectionKind.SELF_INSPECTION,
                                                  InspectionKind.REPORT_VERIFICATION)),
}


def source_of(inspection_kind: str) -> str:
    """The ``HazardSource`` value of an inspection kind (``InspectionKind`` value)."""
    for source, kinds in SOURCE_INSPECTION_KINDS.items():
        if inspection_kind in kinds:
            return source.value
    raise ValueError(f"unknown inspection kind {inspection_kind!r}")


class HazardCategory(models.TextChoices):
    """隐患类别 (docs/domain.md "Terms"): 设施设备故障、违法违规行为、安全管理缺陷."""

    EQUIPMENT_DEFECT = "equipment_defect", _("设施设备故障")
    UNLAWFUL_ACT = "unlawful_act", _("违法违规行为")
    MANAGEMENT_DEFICIENCY = "management_deficiency", _("安全管理缺陷")


class AccidentTypeEdition(models.TextChoices):
    GB6441_2025 = "GB6441-2025", _("GB 6441-2025")
    GB6441_1986 = "GB6441-1986", _("GB 6441-1986")


class HazardAction(models.TextChoices):
    """What happened in one history row. Names are dotted into audit action names."""

    REGISTERED = "registered", _("登记隐患")
    RECTIFICATION_ORDERED = "rectification_ordered", _("责令限期整改")
    SELF_RECTIFICATION_STARTED = "self_rectification_started", _("企业自行整改")
    EVIDENCE_SUBMITTED = "evidence_submitted", _("提交整改材料")
    VERIFICATION_PASSED = "verification_passed", _("复查合格，销号")
    VERIFICATION_FAILED = "verification_failed", _("复查不合格，退回整改")
    CLOSED_ON_SPOT = "closed_on_spot", _("现场整改完毕，销号")
    DEADLINE_EXTENDED = "deadline_extended", _("批准延期")
    # Events that do not change the state (from_status == to_status in the history row).
    EXTENSION_REQUESTED = "extension_requested", _("申请延期")
    EXTENSION_REFUSED = "extension_refused", _("不予延期")
    # a pending request closed by the system: rectification ended or its deadline changed
    EXTENSION_LAPSED = "extension_lapsed", _("延期申请失效")
    PLAN_SUBMITTED = "plan_submitted", _("提交重大隐患整改方案")
    SUPERVISION_PLACED = "supervision_placed", _("挂牌督办")
    SUPERVISION_LIFTED = "supervision_lifted", _("解除挂牌督办")
    PARTICULARS_CHANGED = "particulars_changed", _("修改隐患信息")


class VerificationResult(models.TextChoices):
    PASSED = "passed", _("合格")
    FAILED = "failed", _("不合格")


class ExtensionStatus(models.TextChoices):
    """A request applies only to the deadline it was made against: when rectification ends
    (the hazard leaves ``rectifying``) or that deadline changes, a pending request ``lapsed``
    (closed by the system, no decider; ``decision_note`` says why)."""

    REQUESTED = "requested", _("待审批")
    APPROVED = "approved", _("已批准")
    REFUSED = "refused", _("不予批准")
    LAPSED = "lapsed", _("已失效")


class DocumentKind(models.TextChoices):
    """Numbered enforcement documents (文书) issued in the rectification loop."""

    RECTIFICATION_ORDER = "rectification_order", _("责令限期整改指令书")
    VERIFICATION_OPINION = "verification_opinion", _("整改复查意见书")
