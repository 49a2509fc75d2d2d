"""The register page applies the API's rule for query parameters: an unknown parameter or a
malformed value is named in a message, never ignored, and the list is not shown until it is
fixed (one click drops the faulty parameters). Filters the page does not display are no
exception."""
import pytest
from django.urls import reverse

from tests import factories

from ..api.conftest import token_client

pytestmark = pytest.mark.django_db
REGISTER = reverse("hazards:register")


def _listed(response):
    return [hazard.pk for hazard in response.context["page_obj"].object_list]


def _problems(response):
    return [name for name, _message in response.context["query_problems"]]


@pytest.fixture
def listed(enterprise):
    return factories.hazard(enterprise=enterprise)


def test_unknown_parameter_is_named_and_the_list_withheld(client, district_official, listed):
    client.force_login(district_official)

    response = client.get(REGISTER, {"stauts": "closed", "grade": "general"})

    body = response.content.decode()
    assert response.status_code == 200
    assert _problems(response) == ["stauts"]
    assert "stauts" in body and "不支持的查询参数" in body
    assert _listed(response) == []
    assert response.context["query_without_problems"] == "grade=general"


def test_malformed_value_of_a_filter_the_page_does_not_show_is_named(client, district_official,
                                                                     listed):
    client.force_login(district_official)

    response = client.get(REGISTER, {"updated_after": "yesterday"})

    assert _problems(response) == ["updated_after"]
    assert "updated_after" in response.content.decode()
    assert _listed(response) == []


def test_district_filter_hidden_from_a_district_official_still_reports_its_error(
        client, district_official, listed):
    client.force_login(district_official)

    response = client.get(REGISTER, {"district": "500101"})  # not theirs: not a valid choice

    assert _problems(response) == ["district"]
    assert "district" in response.content.decode()


@pytest.mark.parametrize("page", ["abc", "0", "-1", "²", "٣", "３"])
def test_malformed_page_number_is_named_not_replaced_by_page_one(client, district_official,
                                                                  listed, page):
    client.force_login(district_official)

    response = client.get(REGISTER, {"page": page})

    assert _problems(response) == ["page"]
    assert _listed(response) == []


def test_valid_parameters_raise_no_message(client, district_official, listed):
    client.force_login(district_official)

    response = client.get(REGISTER, {"grade": "general", "status": "reported", "page": "1",
                                     "q": "", "overdue": ""})

    assert response.context["query_problems"] == []
    assert _listed(response) == [listed.pk]


def test_enterprise_officers_own_list_follows_the_same_rule(client, enterprise_officer,
                                                            listed):
    client.force_login(enterprise_officer)

    response = client.get(reverse("hazards:my_hazards"), {"stauts": "closed"})

    assert _problems(response) == ["stauts"]
    assert _listed(response) == []


@pytest.mark.parametrize("query", [
    {"stauts": "closed"},
    {"updated_after": "yesterday"},
    {"deadline_from": "2026-02-30", "grade": "huge"},
    {"overdue": "maybe", "colour": "red"},
    {"page": "²"},
])
def test_page_and_api_name_the_same_parameters(client, district_official, listed, query):
    client.force_login(district_official)

    page = client.get(REGISTER, query)
    api = token_client(district_official).get("/api/v1/hazards/",
                                              {"pagination": "page", **query})

    assert api.status_code == 400
    assert _listed(page) == []
    # the API stops at unknown parameters; the page lists every problem at once
    assert set(api.json()["fields"]) <= set(_problems(page))
    assert set(_problems(page)) == set(query)
