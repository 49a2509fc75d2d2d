"""Read-side queries for campaigns (scoped like every other list)."""
import datetime

from django.db.models import F, Q, QuerySet

from .enums import CampaignPhaseKind
from .models import Campaign, CampaignPhase


def campaigns_visible_to(user) -> QuerySet[Campaign]:
    """The campaigns ``user`` may see (``rules.may_view_campaign`` as a filter)."""
    if not (getattr(user, "is_authenticated", False) and user.is_active):
        return Campaign.objects.none()
    if user.is_city_official:
        return Campaign.objects.all()
    if user.district_id:
        return Campaign.objects.filter(Q(district__isnull=True) | Q(district_id=user.district_id))
    return Campaign.objects.none()


def campaign_for_filing(*, enterprise, on: datetime.date) -> Campaign | None:
    """The campaign an inspection of ``enterprise`` on CST day ``on`` belongs to: the
    running campaign (period covers ``on``) whose sectors include the enterprise's and whose
    district is the enterprise's or empty. A district's own campaign wins over a city-wide
    one; among equals the latest started. None when no campaign runs. One query."""
    return (Campaign.objects
            .filter(starts_on__lte=on, ends_on__gte=on, sectors=enterprise.sector_id)
            .filter(Q(district__isnull=True) | Q(district_id=enterprise.district_id))
            .order_by(F("district_id").asc(nulls_last=True), "-starts_on", "-id")
            .first())


def campaign_phase(campaign, kind: str) -> CampaignPhase | None:
    """The campaign's phase of ``kind`` (CampaignPhaseKind), or None."""
    return campaign.phases.filter(kind=kind).first()


def self_inspection_phase(campaign) -> CampaignPhase | None:
    """The 企业自查自改 phase, whose dates define self-inspection coverage."""
    return campaign_phase(campaign, CampaignPhaseKind.SELF_INSPECTION)
