"""The register's filters added for the statistics (issue 10 §6): registration date (登记日期)
in whole CST days, closure date (销号日期), source (来源), inspection kind, category and listed
supervision, on the page and in the API alike."""
import datetime
import zoneinfo

import pytest
from django.urls import reverse

from hazards import services
from hazards.enums import HazardCategory, HazardGrade, HazardStatus
from inspections.enums import InspectionKind
from tests import factories

pytestmark = pytest.mark.django_db

CST = zoneinfo.ZoneInfo("Asia/Shanghai")
REGISTER = reverse("hazards:register")
API = "/api/v1/hazards/"


def _listed(response):
    return sorted(hazard.pk for hazard in response.context["page_obj"].object_list)


def _api_ids(client, params):
    response = client.get(API, {**params, "pagination": "page"})
    assert response.status_code == 200, response.json()
    return sorted(row["id"] for row in response.json()["results"])


def _at(*args):
    return datetime.datetime(*args, tzinfo=CST)


def test_registration_date_filter_counts_whole_cst_days(client, enterprise, district_official):
    last_evening = factories.hazard(enterprise=enterprise,
                                    registered_at=_at(2024, 3, 31, 23, 30))
    next_morning = factories.hazard(enterprise=enterprise,
                                    registered_at=_at(2024, 4, 1, 0, 10))
    client.force_login(district_official)

    march = {"registered_from": "2024-03-01", "registered_to": "2024-03-31"}
    april = {"registered_from": "2024-04-01", "registered_to": "2024-04-30"}

    assert _listed(client.get(REGISTER, march)) == [last_evening.pk]
    assert _listed(client.get(REGISTER, april)) == [next_morning.pk]
    assert _api_ids(client, march) == [last_evening.pk]
    assert _api_ids(client, april) == [next_morning.pk]


def test_registered_at_is_copied_to_the_registration_history_row(enterprise):
    found = _at(2023, 6, 1, 9, 0)
    hazard = factories.hazard(enterprise=enterprise, registered_at=found)

    assert hazard.registered_at == found
    assert hazard.transitions.get().at == found


def test_source_filter_follows_the_inspection_kind(client, enterprise, district_official):
    own = factories.hazard(enterprise=enterprise, kind=InspectionKind.SELF_INSPECTION)
    covert = factories.hazard(enterprise=enterprise, kind=InspectionKind.COVERT)
    enforcement = factories.hazard(enterprise=enterprise, kind=InspectionKind.ENFORCEMENT)
    report = factories.hazard(enterprise=enterprise, kind=InspectionKind.REPORT_VERIFICATION)
    client.force_login(district_official)

    expected = {"self_inspection": [own.pk], "regulator": sorted([covert.pk, enforcement.pk]),
                "report_verification": [report.pk]}
    for source, ids in expected.items():
        assert _listed(client.get(REGISTER, {"source": source})) == ids, source
        assert _api_ids(client, {"source": source}) == ids, source
    assert _api_ids(client, {"inspection_kind": "covert"}) == [covert.pk]
    assert _listed(client.get(REGISTER, {"inspection_kind": "covert"})) == [covert.pk]


def test_category_filter_on_page_and_api(client, enterprise, district_official):
    factories.hazard(enterprise=enterprise)  # equipment_defect
    insp = factories.inspection(enterprise=enterprise, actor=factories.inspector("500102"))
    unlawful = services.hazard_register(inspection=insp, actor=district_official,
                                        grade=HazardGrade.GENERAL,
                                        category=HazardCategory.UNLAWFUL_ACT,
                                        description="无证作业")
    client.force_login(district_official)

    assert _listed(client.get(REGISTER, {"category": "unlawful_act"})) == [unlawful.pk]
    assert _api_ids(client, {"category": "unlawful_act"}) == [unlawful.pk]
    assert 'name="category"' in client.get(REGISTER).content.decode()


def test_closed_date_and_supervised_filters(client, enterprise, district_official):
    closed = factories.hazard_in(HazardStatus.CLOSED, enterprise=enterprise)
    major = factories.hazard(enterprise=enterprise, grade=HazardGrade.MAJOR)
    services.hazard_place_supervision(hazard=major, actor=district_official, authority="区安委办",
                                      letter_number="督〔2024〕1号")
    client.force_login(district_official)
    day = closed.closed_at.astimezone(CST).date().isoformat()

    assert _listed(client.get(REGISTER, {"closed_from": day, "closed_to": day})) == [closed.pk]
    assert _api_ids(client, {"closed_from": day, "closed_to": day}) == [closed.pk]
    assert _listed(client.get(REGISTER, {"supervised": "true"})) == [major.pk]
    assert _api_ids(client, {"supervised": "true"}) == [major.pk]
    assert major.pk not in _api_ids(client, {"supervised": "false"})


def test_malformed_registration_date_is_a_400_naming_it(client, district_official):
    client.force_login(district_official)

    response = client.get(API, {"registered_from": "2024-13-01"})

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["registered_from"]
