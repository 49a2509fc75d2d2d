"""Campaign services: create a campaign with its phases, and edit it (versioned)."""
import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import ConcurrentModification, PermissionDenied, ValidationFailed
from core.text import clean_text

from . import rules
from .enums import PHASE_ORDER, CampaignPhaseKind
from .models import Campaign, CampaignPhase


@dataclass(frozen=True)
class PhaseDates:
    """One phase's CST dates, inclusive."""

    kind: str
    starts_on: datetime.date
    ends_on: datetime.date


def _validate(*, name: str, sectors, starts_on, ends_on, phases: list[PhaseDates]):
    if not name:
        raise ValidationFailed(_("请填写行动名称。"), field="name")
    if not sectors:
        raise ValidationFailed(_("请至少选择一个行业领域。"), field="sectors")
    if ends_on < starts_on:
        raise ValidationFailed(_("结束日期不能早于开始日期。"), field="ends_on")
    kinds = [phase.kind for phase in phases]
    if sorted(kinds, key=PHASE_ORDER.index) != kinds or len(set(kinds)) != len(kinds):
        raise ValidationFailed(_("各阶段须按 动员部署→自查自改→精准执法→总结提高 的顺序，"
                                 "每个阶段至多一次。"), field="phases")
    if CampaignPhaseKind.SELF_INSPECTION not in kinds:
        raise ValidationFailed(_("须设定企业自查自改阶段。"), field="phases")
    previous_end = None
    for phase in phases:
        if phase.ends_on < phase.starts_on:
            raise ValidationFailed(_("阶段结束日期不能早于开始日期。"), field="phases")
        if phase.starts_on < starts_on or phase.ends_on > ends_on:
            raise ValidationFailed(_("各阶段须在行动期间之内。"), field="phases")
        if previous_end is not None and phase.starts_on <= previous_end:
            raise ValidationFailed(_("各阶段日期不能重叠。"), field="phases")
        previous_end = phase.ends_on


def campaign_create(*, actor, name: str, district, sectors, starts_on: datetime.date,
                    ends_on: datetime.date, phases: list[PhaseDates]) -> Campaign:
    """Create a campaign over ``sectors`` (Sector instances) with its phases.

    Inputs: ``district`` None for a city-wide campaign; CST dates, inclusive; ``phases`` in
    order (动员部署 → 企业自查自改和部门帮扶 → 部门精准执法 → 总结提高), within the period, not
    overlapping; the self-inspection phase is required (coverage is measured on it).
    Output: the saved Campaign. Errors: PermissionDenied (``rules.may_create_campaign``),
    ValidationFailed (field named).
    """
    name = clean_text(name)
    if not rules.may_create_campaign(actor, getattr(district, "pk", None)):
        raise PermissionDenied(_("您无权创建该专项行动。"))
    _validate(name=name, sectors=list(sectors), starts_on=starts_on, ends_on=ends_on,
              phases=phases)
    with transaction.atomic():
        campaign = Campaign.objects.create(name=name[:120], district=district,
                                           starts_on=starts_on, ends_on=ends_on,
                                           created_by=actor)
        campaign.sectors.set(sectors)
        CampaignPhase.objects.bulk_create([
            CampaignPhase(campaign=campaign, kind=p.kind, starts_on=p.starts_on,
                          ends_on=p.ends_on) for p in phases])
    return campaign


def campaign_update(*, actor, campaign: Campaign, expected_version: int, name: str,
                    sectors, starts_on: datetime.date, ends_on: datetime.date,
                    phases: list[PhaseDates]) -> Campaign:
    """Replace a campaign's name, sectors, period and phases, under a row lock.

    Errors: ConcurrentModification when ``expected_version`` is not the stored version;
    PermissionDenied (``rules.may_manage_campaign``); ValidationFailed as for create.
    """
    name = clean_text(name)
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if locked.version != expected_version:
            raise ConcurrentModification(_("该专项行动已被他人修改，请刷新后重试。"))
        if not rules.may_manage_campaign(actor, locked):
            raise PermissionDenied(_("您无权修改该专项行动。"))
        _validate(name=name, sectors=list(sectors), starts_on=starts_on, ends_on=ends_on,
                  phases=phases)
        locked.name, locked.starts_on, locked.ends_on = name[:120], starts_on, ends_on
        locked.version += 1
        locked.save(update_fields=["name", "starts_on", "ends_on", "version", "updated_at"])
        locked.sectors.set(sectors)
        locked.phases.all().delete()
        CampaignPhase.objects.bulk_create([
            CampaignPhase(campaign=locked, kind=p.kind, starts_on=p.starts_on,
                          ends_on=p.ends_on) for p in phases])
    return locked
