"""Campaign phases (先礼后兵: guidance first, strict enforcement after; docs/domain.md §1)."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class CampaignPhaseKind(models.TextChoices):
    """The four phases of a campaign, in order (the source bulletin's 动员部署 →
    企业自查自改和部门帮扶 → 部门精准执法 → 总结提高)."""

    MOBILIZATION = "mobilization", _("动员部署")
    SELF_INSPECTION = "self_inspection", _("企业自查自改和部门帮扶")
    ENFORCEMENT = "enforcement", _("部门精准执法")
    SUMMARY = "summary", _("总结提高")


PHASE_ORDER = [CampaignPhaseKind.MOBILIZATION, CampaignPhaseKind.SELF_INSPECTION,
               CampaignPhaseKind.ENFORCEMENT, CampaignPhaseKind.SUMMARY]
