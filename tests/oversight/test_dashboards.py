"""The landing dashboards: each role lands on its own, strangers get 404, the numbers equal the
measures, and every number's link lists exactly the hazards it counts in the register."""
import re
from html import unescape

import pytest
from django.urls import reverse

from oversight import measures
from oversight.scope import Scope
from tests import factories

pytestmark = pytest.mark.django_db


def _links(page: str) -> list[tuple[str, int]]:
    """(register URL, number shown) for every register link on the page."""
    return [(unescape(href), int(number)) for href, number in re.findall(
        r'<a (?:class="[^"]*" )?href="(/hazards/\?[^"]*)">(?:<span class="count__n">)?(\d+)',
        page)]


def _register_count(client, url) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["page_obj"].paginator.count


def test_each_role_lands_on_its_dashboard(client, scenario):
    official = scenario.staff["500102"]["official"]
    inspector = scenario.staff["500102"]["inspectors"][0]
    city = factories.city_official()
    officer = factories.enterprise_officer(scenario.enterprises["E1"])
    expected = {official: reverse("oversight:district_dashboard"),
                inspector: reverse("oversight:district_dashboard"),
                city: reverse("oversight:city_dashboard"),
                officer: reverse("hazards:my_hazards")}
    for user, url in expected.items():
        client.force_login(user)
        assert client.get(reverse("home")).url == url, user.role


def test_district_dashboard_numbers_link_to_exactly_the_hazards_counted(client, scenario, now):
    client.force_login(scenario.staff["500102"]["official"])

    response = client.get(reverse("oversight:district_dashboard"))
    page = response.content.decode()

    state = response.context["state"]
    # now (2025-07-15): F4 (due 07-10) and F9 overdue, F5 reported
    assert (state["open_now"], state["overdue_now"], state["majors_open_now"],
            state["supervised_now"]) == (3, 2, 0, 0)
    assert state == measures.current_state(scope=Scope(district="500102"))[None]
    links = _links(page)
    assert len(links) > 26 * 2
    for url, shown in links:
        assert _register_count(client, url) == shown, url


def test_city_dashboard_district_table_and_links(client, scenario, now):
    client.force_login(factories.city_official())

    response = client.get(reverse("oversight:city_dashboard"))

    rows = {row["code"]: row for row in response.context["district_rows"]}
    assert (rows["500101"]["open_now"], rows["500101"]["overdue_now"],
            rows["500101"]["majors_open_now"]) == (2, 2, 1)
    assert (rows["500102"]["found"], rows["500102"]["closed"]) == (1, 0)  # July: F5
    for url, shown in _links(response.content.decode()):
        assert _register_count(client, url) == shown, url


def test_dashboards_are_404_outside_scope(client, scenario):
    client.force_login(scenario.staff["500102"]["official"])

    assert client.get(reverse("oversight:city_dashboard")).status_code == 404
    assert client.get(reverse("oversight:district_dashboard_for",
                              args=["500101"])).status_code == 404
    assert client.get(reverse("oversight:district_dashboard_for",
                              args=["999999"])).status_code == 404
    client.force_login(factories.enterprise_officer(scenario.enterprises["E1"]))
    assert client.get(reverse("oversight:district_dashboard")).status_code == 404


def test_district_dashboard_queries_do_not_grow_with_hazards(client, scenario, now,
                                                            django_assert_max_num_queries):
    client.force_login(scenario.staff["500102"]["official"])
    url = reverse("oversight:district_dashboard")
    client.get(url)

    with django_assert_max_num_queries(16) as few:
        client.get(url)
    for _ in range(10):
        factories.hazard(enterprise=scenario.enterprises["E2"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_city_dashboard_queries_do_not_grow_with_hazards_or_districts(
        client, scenario, now, django_assert_max_num_queries):
    client.force_login(factories.city_official())
    url = reverse("oversight:city_dashboard")
    client.get(url)

    with django_assert_max_num_queries(16) as few:
        client.get(url)
    for code in ("500103", "500104"):
        factories.hazard(enterprise=factories.EnterpriseFactory(
            district=factories.district(code, f"区{code}")))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
