"""Following a campaign (专项行动) up: self-inspection coverage of its enterprises per
township and sector, reminders to those that have not filed, and its figures split by phase
and by source. Here rather than in ``campaigns`` because it reads inspections and hazards."""
from django.db import transaction
from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.utils.translation import gettext as _

from accounts.enums import Role
from accounts.models import User
from campaigns import rules as campaign_rules
from campaigns.selectors import self_inspection_phase
from core.clock import today_cst
from core.errors import PermissionDenied, ValidationFailed
from enterprises.models import Enterprise
from hazards.enums import HazardStatus
from hazards.models import Hazard
from inspections.enums import InspectionKind
from inspections.models import Inspection
from notifications.models import Notification

from .enums import CampaignReminderRung
from .models import CampaignReminder

BATCH = 1000


def campaign_enterprises(campaign, *, viewer) -> QuerySet[Enterprise]:
    """The enterprises the campaign expects a self-inspection from: of its sectors, in its
    district (city-wide: every district), narrowed to the viewer's district for district
    staff."""
    queryset = Enterprise.objects.filter(sector__in=campaign.sectors.all())
    if campaign.district_id:
        queryset = queryset.filter(district_id=campaign.district_id)
    if not viewer.is_city_official:
        queryset = queryset.filter(district_id=viewer.district_id)
    return queryset


def with_self_inspection_flag(queryset, campaign) -> QuerySet[Enterprise]:
    """``queryset`` annotated with ``filed`` (bool): a self-inspection dated within the
    campaign's self-inspection phase (CST dates, inclusive)."""
    phase = self_inspection_phase(campaign)
    if phase is None:
        return queryset.annotate(filed=Value(False))
    filed = Inspection.objects.filter(enterprise=OuterRef("pk"),
                                      kind=InspectionKind.SELF_INSPECTION,
                                      inspected_on__gte=phase.starts_on,
                                      inspected_on__lte=phase.ends_on)
    return queryset.annotate(filed=Exists(filed))


def coverage_by_township(campaign, *, viewer) -> list[dict]:
    """Per township (and sector): enterprises expected, filed, not filed. One grouped query.
    Rows: ``{"township_id", "township", "sector_id", "sector", "expected", "filed",
    "missing"}``, ordered by township code then sector."""
    rows = (with_self_inspection_flag(campaign_enterprises(campaign, viewer=viewer), campaign)
            .order_by().values("township_id", "sector_id")
            .annotate(township=F("township__name"), sector=F("sector__name"),
                      expected=Count("pk"), filed_count=Count("pk", filter=Q(filed=True)))
            .order_by(F("township_id").asc(nulls_last=True), "sector_id"))
    return [{"township_id": row["township_id"], "township": row["township"],
             "sector_id": row["sector_id"], "sector": row["sector"],
             "expected": row["expected"], "filed": row["filed_count"],
             "missing": row["expected"] - row["filed_count"]} for row in rows]


def campaign_remind_missing(*, actor, campaign, township_id: str | None = None) -> int:
    """Send the enterprises that have not filed their self-inspection (in the actor's scope,
    optionally one township) an inbox reminder: one per campaign, enterprise and CST day
    (``CampaignReminder`` is unique on it), to each active officer of the enterprise.
    Output: how many enterprises were reminded now. Errors: PermissionDenied
    (``campaigns.rules.may_follow_campaign``), ValidationFailed outside the phase."""
    if not campaign_rules.may_follow_campaign(actor, campaign):
        raise PermissionDenied(_("您无权督促该专项行动。"))
    phase = self_inspection_phase(campaign)
    today = today_cst()
    if phase is None or not phase.starts_on <= today <= phase.ends_on:
        raise ValidationFailed(_("只能在企业自查自改阶段督促未报送的企业。"))
    missing = with_self_inspection_flag(campaign_enterprises(campaign, viewer=actor),
                                        campaign).filter(filed=False)
    if township_id:
        missing = missing.filter(township_id=township_id)
    reminded, last_pk = 0, 0
    while True:
        batch = list(missing.filter(pk__gt=last_pk).order_by("pk").values_list("pk", "name")
                     [:BATCH])
        if not batch:
            return reminded
        last_pk = batch[-1][0]
        ids = [pk for pk, _name in batch]
        with transaction.atomic():
            already = set(CampaignReminder.objects.filter(
                campaign=campaign, enterprise_id__in=ids, period=today,
                rung=CampaignReminderRung.SELF_INSPECTION_MISSING)
                .values_list("enterprise_id", flat=True))
            fresh = [(pk, name) for pk, name in batch if pk not in already]
            CampaignReminder.objects.bulk_create(
                [CampaignReminder(campaign=campaign, enterprise_id=pk, period=today,
                                  rung=CampaignReminderRung.SELF_INSPECTION_MISSING,
                                  sent_by=actor) for pk, _name in fresh],
                ignore_conflicts=True)
            names = dict(fresh)
            officers = User.objects.filter(role=Role.ENTERPRISE_OFFICER, is_active=True,
                                           enterprise_id__in=list(names))
            Notification.objects.bulk_create([
                Notification(recipient=officer, subject=_("【专项行动】请报送企业自查") [:200],
                             body=_("%(campaign)s：请 %(enterprise)s 在 %(until)s 前录入企业自查"
                                    "（自查自改阶段）。") % {
                                 "campaign": campaign.name, "enterprise": names[officer.enterprise_id],
                                 "until": phase.ends_on.isoformat()})
                for officer in officers])
            reminded += len(fresh)


def campaign_figures(campaign, *, viewer) -> list[dict]:
    """The campaign's hazards split by phase (the phase whose dates hold the inspection's
    date) and by source (self-inspection, public report verification, regulator): found and
    closed. One grouped query. Rows: ``{"phase", "source", "found", "closed", "major"}``."""
    phases = list(campaign.phases.all())
    phase_case = Case(*[When(inspection__inspected_on__gte=p.starts_on,
                             inspection__inspected_on__lte=p.ends_on, then=Value(p.kind))
                        for p in phases], default=Value(""), output_field=CharField())
    source_case = Case(
        When(inspection__kind=InspectionKind.SELF_INSPECTION, then=Value("self_inspection")),
        When(inspection__kind=InspectionKind.REPORT_VERIFICATION,
             then=Value("report_verification")),
        default=Value("regulator"), output_field=CharField())
    queryset = Hazard.objects.filter(campaign=campaign)
    if not viewer.is_city_official:
        queryset = queryset.filter(district_id=viewer.district_id)
    return list(queryset.order_by().annotate(phase=phase_case, source=source_case)
                .values("phase", "source")
                .annotate(found=Count("pk"),
                          closed=Count("pk", filter=Q(status=HazardStatus.CLOSED)),
                          major=Count("pk", filter=Q(grade="major")))
                .order_by("phase", "source"))


SOURCE_LABELS = {"self_inspection": InspectionKind.SELF_INSPECTION.label,
                 "report_verification": InspectionKind.REPORT_VERIFICATION.label}

