"""Integers, ids, codes and dates in a query string are ASCII: superscripts (``²``), digits of
other scripts (``٣``) and full-width digits (``３``) are a 400 naming the parameter in the API
and a named problem on the pages — never a 500, never quietly read as a number."""
import pytest
from django.urls import reverse

from tests import factories

from .conftest import token_client

pytestmark = pytest.mark.django_db
ODD_DIGITS = ["²", "٣", "３", "1²"]


@pytest.mark.parametrize("digits", ODD_DIGITS)
@pytest.mark.parametrize("query", ["page_size={}", "pagination=page&page_size={}",
                                   "pagination=page&page={}"])
def test_hazard_list_paging_with_odd_digits_is_a_400_naming_the_parameter(
        district_official, query, digits):
    name = query.format("").split("&")[-1].rstrip("=")

    response = token_client(district_official).get("/api/v1/hazards/?" + query.format(digits))

    assert response.status_code == 400
    assert list(response.json()["fields"]) == [name]


@pytest.mark.parametrize(("path", "name", "value"), [
    ("/api/v1/hazards/", "deadline_from", "２０２６-０１-０２"),
    ("/api/v1/hazards/", "deadline_to", "٢٠٢٦-٠١-٠٢"),
    ("/api/v1/hazards/", "updated_after", "２０２６-０１-０２T00:00:00+08:00"),
    ("/api/v1/hazards/", "enterprise", "３"),
    ("/api/v1/hazards/", "district", "５００１０２"),
    ("/api/v1/hazards/", "township", "²"),
    ("/api/v1/inspections/", "enterprise", "３"),
    ("/api/v1/inspections/", "inspected_from", "２０２６-０１-０２"),
    ("/api/v1/inspections/", "page_size", "²"),
    ("/api/v1/enterprises/", "district", "５００１０２"),
    ("/api/v1/townships/", "district", "٥٠٠١٠٢"),
    ("/api/v1/rectification-orders/", "hazard", "²"),
])
def test_filters_with_non_ascii_digits_are_a_400_naming_the_parameter(
        district_official, enterprise, path, name, value):
    response = token_client(district_official).get(path, {name: value})

    assert response.status_code == 400, response.content
    assert list(response.json()["fields"]) == [name]


def test_the_same_filters_in_ascii_are_accepted(district_official, enterprise):
    hazard = factories.hazard(enterprise=enterprise)

    response = token_client(district_official).get("/api/v1/hazards/", {
        "enterprise": str(enterprise.pk), "district": "500102", "page_size": "2"})

    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [hazard.pk]


@pytest.mark.parametrize("digits", ODD_DIGITS)
def test_register_page_names_a_date_filter_with_odd_digits(client, district_official, digits):
    client.force_login(district_official)

    response = client.get(reverse("hazards:register"), {"deadline_from": f"2026-0{digits}-02"})

    assert response.status_code == 200
    assert [name for name, _ in response.context["query_problems"]] == ["deadline_from"]


@pytest.mark.parametrize("digits", ODD_DIGITS)
def test_inbox_page_with_odd_digits_is_a_400_naming_page(client, inspector, digits):
    client.force_login(inspector)

    response = client.get(reverse("notifications:inbox"), {"page": digits})

    assert response.status_code == 400
    assert "页码应为正整数" in response.content.decode()


@pytest.mark.parametrize("digits", ODD_DIGITS)
def test_checklist_start_with_odd_digits_is_not_a_500(client, inspector, digits):
    client.force_login(inspector)
    url = reverse("inspections:checklist_start")

    follow_up = client.get(url, {"follow_up_of": digits})
    enterprise = client.get(url, {"enterprise": digits})
    quick = client.get(reverse("inspections:file"), {"enterprise": digits})

    assert follow_up.status_code == 404  # names no inspection
    assert enterprise.status_code == 200 and quick.status_code == 200
