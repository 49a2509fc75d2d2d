"""Campaigns: filing assigns the running campaign; the coverage page lists exactly the
enterprises of the campaign's sectors that have and have not filed a self-inspection in the
self-inspection phase, per township; reminders go once per enterprise and day; the figures
split by phase and source."""
import datetime

import pytest
from django.urls import reverse

from campaigns.enums import CampaignPhaseKind
from campaigns.services import PhaseDates, campaign_create
from core.clock import today_cst
from enterprises.models import Township
from hazards.enums import HazardCategory, HazardGrade
from hazards.filing.services import Finding, inspection_file
from inspections.enums import InspectionKind
from notifications.models import Notification
from plans.campaign_follow import campaign_figures, campaign_remind_missing
from tests import factories

pytestmark = pytest.mark.django_db

D = datetime.timedelta


@pytest.fixture
def world(fuling, wanzhou, city_official):
    today = today_cst()
    chemicals = factories.sector()
    fireworks = factories.sector("fireworks", "烟花爆竹")
    mining = factories.sector("non_coal_mine", "非煤矿山")
    t1 = Township.objects.create(code="500102001", name="敦仁街道", district=fuling)
    t2 = Township.objects.create(code="500102002", name="崇义街道", district=fuling)
    campaign = campaign_create(
        actor=city_official, name="危化品烟花爆竹专项行动", district=None,
        sectors=[chemicals, fireworks], starts_on=today - D(20), ends_on=today + D(40),
        phases=[PhaseDates(CampaignPhaseKind.MOBILIZATION, today - D(20), today - D(11)),
                PhaseDates(CampaignPhaseKind.SELF_INSPECTION, today - D(10), today + D(5)),
                PhaseDates(CampaignPhaseKind.ENFORCEMENT, today + D(6), today + D(30))])
    make = factories.EnterpriseFactory
    enterprises = {
        "filed_t1": make(district=fuling, township=t1, sector=chemicals),
        "missing_t1": make(district=fuling, township=t1, sector=fireworks),
        "filed_before_phase_t2": make(district=fuling, township=t2, sector=chemicals),
        "missing_t2": make(district=fuling, township=t2, sector=chemicals),
        "other_sector_t1": make(district=fuling, township=t1, sector=mining),
        "wanzhou": make(district=wanzhou, sector=chemicals),
    }
    for key, on in (("filed_t1", today - D(2)), ("filed_before_phase_t2", today - D(15)),
                    ("other_sector_t1", today)):
        officer = factories.enterprise_officer(enterprises[key])
        inspection_file(actor=officer, enterprise=enterprises[key],
                        kind=InspectionKind.SELF_INSPECTION, inspected_on=on, findings=[])
    for key in ("missing_t1", "missing_t2"):
        factories.enterprise_officer(enterprises[key])
    return campaign, enterprises


def test_filing_assigns_the_running_campaign_of_the_enterprise_sector(world):
    campaign, enterprises = world

    assert enterprises["filed_t1"].inspections.get().campaign == campaign
    assert enterprises["other_sector_t1"].inspections.get().campaign is None


def test_coverage_page_lists_exactly_who_has_and_has_not_filed_per_township(
        client, world, district_official):
    campaign, enterprises = world
    client.force_login(district_official)
    url = reverse("plans:campaign", args=[campaign.pk])

    def listed(**query):
        page = client.get(url, query)
        assert page.status_code == 200
        return {e.pk: e.filed for e in page.context["page"].object_list}

    rows = client.get(url).context["rows"]
    by_township = {(r["township_id"], r["sector_id"]): (r["expected"], r["filed"], r["missing"])
                   for r in rows}
    assert by_township == {("500102001", "fireworks"): (1, 0, 1),
                           ("500102001", "hazardous_chemicals"): (1, 1, 0),
                           ("500102002", "hazardous_chemicals"): (2, 0, 2)}
    assert listed(township="500102001") == {enterprises["filed_t1"].pk: True,
                                            enterprises["missing_t1"].pk: False}
    assert listed(township="500102002", filed="0") == {
        enterprises["filed_before_phase_t2"].pk: False, enterprises["missing_t2"].pk: False}
    assert listed(filed="1") == {enterprises["filed_t1"].pk: True}


def test_coverage_page_of_another_district_official_shows_only_their_district(
        client, world, other_district_official):
    campaign, enterprises = world
    client.force_login(other_district_official)

    page = client.get(reverse("plans:campaign", args=[campaign.pk]))

    assert {e.pk for e in page.context["page"].object_list} == {enterprises["wanzhou"].pk}


def test_coverage_page_is_forbidden_to_inspectors_and_hidden_from_enterprises(
        client, world, inspector, enterprise_officer):
    campaign, _enterprises = world
    url = reverse("plans:campaign", args=[campaign.pk])
    client.force_login(inspector)
    assert client.get(url).status_code == 403
    client.force_login(enterprise_officer)
    assert client.get(url).status_code == 404


def test_remind_missing_sends_once_per_enterprise_and_day(world, district_official):
    campaign, enterprises = world

    first = campaign_remind_missing(actor=district_official, campaign=campaign)
    again = campaign_remind_missing(actor=district_official, campaign=campaign)

    assert (first, again) == (3, 0)
    reminded = set(Notification.objects.values_list("recipient__enterprise_id", flat=True))
    # a self-inspection before the phase does not count
    assert reminded == {enterprises["missing_t1"].pk, enterprises["missing_t2"].pk,
                        enterprises["filed_before_phase_t2"].pk}


def test_campaign_figures_split_by_phase_and_source(world, district_official):
    campaign, enterprises = world
    inspector = factories.inspector("500102")
    inspection_file(actor=inspector, enterprise=enterprises["missing_t2"],
                    kind=InspectionKind.ENFORCEMENT, inspected_on=today_cst(),
                    inspectors=[factories.inspector("500102")],  # two badge holders
                    findings=[Finding(grade=HazardGrade.MAJOR,
                                      category=HazardCategory.UNLAWFUL_ACT, description="a"),
                              Finding(grade=HazardGrade.GENERAL,
                                      category=HazardCategory.UNLAWFUL_ACT, description="b")])
    officer = enterprises["filed_t1"].officers.get()
    inspection_file(actor=officer, enterprise=enterprises["filed_t1"],
                    kind=InspectionKind.SELF_INSPECTION, inspected_on=today_cst(),
                    findings=[Finding(grade=HazardGrade.GENERAL,
                                      category=HazardCategory.UNLAWFUL_ACT, description="c")])

    figures = campaign_figures(campaign, viewer=district_official)

    assert figures == [
        {"phase": "self_inspection", "source": "regulator", "found": 2, "closed": 0, "major": 1},
        {"phase": "self_inspection", "source": "self_inspection", "found": 1, "closed": 0,
         "major": 0}]
