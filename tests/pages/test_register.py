"""The hazard register: filters, counts, pages, and a constant number of queries."""
import datetime

import pytest
import time_machine
from django.urls import reverse

from core.clock import today_cst
from hazards.enums import HazardGrade, HazardStatus
from tests import factories

pytestmark = pytest.mark.django_db

REGISTER = reverse("hazards:register")


def _listed(response):
    return [hazard.pk for hazard in response.context["page_obj"].object_list]


def test_register_lists_only_the_officials_district(client, enterprise, other_enterprise,
                                                    district_official):
    own = factories.hazard(enterprise=enterprise)
    factories.hazard(enterprise=other_enterprise)
    client.force_login(district_official)

    response = client.get(REGISTER)

    assert _listed(response) == [own.pk]


def test_register_filters_by_status(client, enterprise, district_official):
    factories.hazard(enterprise=enterprise)
    rectifying = factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise)
    client.force_login(district_official)

    response = client.get(REGISTER, {"status": "rectifying"})

    assert _listed(response) == [rectifying.pk]


def test_register_filters_by_grade(client, enterprise, district_official):
    factories.hazard(enterprise=enterprise)
    major = factories.hazard(enterprise=enterprise, grade=HazardGrade.MAJOR)
    client.force_login(district_official)

    response = client.get(REGISTER, {"grade": "major"})

    assert _listed(response) == [major.pk]


def test_register_filters_by_enterprise(client, enterprise, fuling, district_official):
    neighbour = factories.EnterpriseFactory(district=fuling)
    factories.hazard(enterprise=neighbour)
    own = factories.hazard(enterprise=enterprise)
    client.force_login(district_official)

    response = client.get(REGISTER, {"enterprise": enterprise.pk})

    assert _listed(response) == [own.pk]


def test_register_filters_overdue_and_shows_days_overdue(client, enterprise, district_official):
    with time_machine.travel(datetime.datetime(2026, 3, 1, 9, 0, tzinfo=datetime.UTC)):
        late = factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise,
                                   deadline=datetime.date(2026, 3, 5))
    factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise)
    client.force_login(district_official)

    response = client.get(REGISTER, {"overdue": "true"})

    assert _listed(response) == [late.pk]
    days = (today_cst() - datetime.date(2026, 3, 5)).days
    assert f"逾期 {days} 天" in response.content.decode()
    assert response.context["counts"]["overdue"] == 1


def test_register_filters_by_deadline_range(client, enterprise, district_official):
    soon = factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise,
                               deadline=today_cst() + datetime.timedelta(days=3))
    factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise,
                        deadline=today_cst() + datetime.timedelta(days=30))
    client.force_login(district_official)

    response = client.get(REGISTER, {
        "deadline_from": today_cst().isoformat(),
        "deadline_to": (today_cst() + datetime.timedelta(days=7)).isoformat()})

    assert _listed(response) == [soon.pk]


def test_register_township_choices_are_the_officials_district(client, district_official):
    from enterprises.models import Township
    own = Township.objects.create(code="500102001", name="敦仁街道",
                                  district=factories.district("500102"))
    Township.objects.create(code="500101001", name="高笋塘街道",
                            district=factories.district("500101", "万州区"))
    client.force_login(district_official)

    response = client.get(REGISTER)

    assert list(response.context["filter"].form.fields["township"].queryset) == [own]


@pytest.mark.parametrize("params", [
    {"status": "nonsense"},
    {"grade": "huge"},
    {"deadline_from": "2024-13-45"},
    {"enterprise": "abc"},
    {"township": "999999999"},
    {"page": "x"},
])
def test_register_bad_filter_values_give_form_errors_not_500(client, enterprise,
                                                            district_official, params):
    factories.hazard(enterprise=enterprise)
    client.force_login(district_official)

    response = client.get(REGISTER, params)

    assert response.status_code == 200
    if "page" not in params:
        name = next(iter(params))
        assert name in response.context["filter"].errors
        assert _listed(response) == []
        assert "筛选条件有误" in response.content.decode()


def test_register_rejects_an_enterprise_of_another_district(client, other_enterprise,
                                                           district_official):
    factories.hazard(enterprise=other_enterprise)
    client.force_login(district_official)

    response = client.get(REGISTER, {"enterprise": other_enterprise.pk})

    assert response.status_code == 200
    assert "enterprise" in response.context["filter"].errors


def test_register_counts_by_status_and_overdue(client, enterprise, district_official):
    factories.hazard(enterprise=enterprise)
    factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise)
    factories.hazard_in(HazardStatus.CLOSED, enterprise=enterprise)
    client.force_login(district_official)

    response = client.get(REGISTER, {"status": "closed"})

    counts = response.context["counts"]
    assert (counts["total"], counts["reported"], counts["rectifying"], counts["closed"],
            counts["overdue"]) == (3, 1, 1, 1, 0)
    assert len(_listed(response)) == 1


def test_register_paginates(client, enterprise, district_official):
    for _ in range(21):
        factories.hazard(enterprise=enterprise)
    client.force_login(district_official)

    first = client.get(REGISTER)
    second = client.get(REGISTER, {"page": 2})

    assert len(_listed(first)) == 20
    assert len(_listed(second)) == 1


def test_register_query_count_does_not_grow_with_page_size(client, fuling, district_official,
                                                           django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(district_official)
    factories.hazard_in(HazardStatus.RECTIFYING,
                        enterprise=factories.EnterpriseFactory(district=fuling))
    with CaptureQueriesContext(connection) as with_one:
        assert len(_listed(client.get(REGISTER))) == 1
    for index in range(19):
        status = [HazardStatus.REPORTED, HazardStatus.RECTIFYING, HazardStatus.CLOSED][index % 3]
        factories.hazard_in(status, enterprise=factories.EnterpriseFactory(district=fuling))

    with django_assert_num_queries(len(with_one.captured_queries)):
        assert len(_listed(client.get(REGISTER))) == 20


@pytest.mark.parametrize("query", [
    "enterprise=99999999999999999999999", "township=%00", "q=a%00b", "deadline_from=0000-00-00",
    "sector=%F0%9F%98%80", "district=abc", "page=-1", "page=99999999999999999999",
    "status=closed&status=bogus", "overdue=%00", "q=" + "x" * 500,
])
def test_register_survives_hostile_query_strings(client, district_official, query):
    client.force_login(district_official)

    response = client.get(f"{REGISTER}?{query}")

    assert response.status_code == 200


def test_register_export_link_carries_the_filters_to_the_api(client, enterprise,
                                                              other_enterprise,
                                                              district_official):
    rectifying = factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise,
                                     description="导出这一条")
    factories.hazard(enterprise=enterprise, description="不导出已登记的")
    factories.hazard_in(HazardStatus.RECTIFYING, enterprise=other_enterprise,
                        description="别的区县不导出")
    client.force_login(district_official)
    # exactly what the filter form submits: every field, most of them blank
    form = {"q": "", "status": "rectifying", "grade": "", "overdue": "", "sector": "",
            "township": "", "enterprise": "", "deadline_from": "", "deadline_to": ""}

    export_url = client.get(REGISTER, form).context["export_csv"]
    exported = b"".join(client.get(export_url).streaming_content).decode("utf-8-sig")

    assert "导出这一条" in exported
    assert "不导出已登记的" not in exported
    assert "别的区县不导出" not in exported
    assert str(rectifying.pk) in exported


def test_malformed_overdue_value_is_a_form_error_not_ignored(client, district_official):
    client.force_login(district_official)

    response = client.get(reverse("hazards:register"), {"overdue": "maybe"})

    assert response.status_code == 200
    assert response.context["filter"].errors["overdue"]
