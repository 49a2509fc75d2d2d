"""GET /api/v1/hazards/: filters, free text, ordering, both paginations, strict parameters,
detail with history, and constant query counts."""
import datetime
import zoneinfo

import pytest
import time_machine

from core.clock import today_cst
from hazards.enums import HazardGrade, HazardStatus
from tests import factories

pytestmark = pytest.mark.django_db
CST = zoneinfo.ZoneInfo("Asia/Shanghai")


def ids(response):
    assert response.status_code == 200, response.content
    return sorted(row["id"] for row in response.json()["results"])


def _days_ago(days):
    now = datetime.datetime.now(CST)
    return time_machine.travel(now - datetime.timedelta(days=days), tick=False)


@pytest.fixture
def fuling_mix(enterprise, other_enterprise):
    """Fuling: two overdue rectifying, one rectifying in time, one overdue pending
    verification, one reported; Wanzhou: one overdue rectifying."""
    with _days_ago(20):
        past = today_cst() + datetime.timedelta(days=5)  # 15 days overdue by now
        overdue = [factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise,
                                       deadline=past) for _ in range(2)]
        pending = factories.hazard_in(HazardStatus.PENDING_VERIFICATION, enterprise=enterprise,
                                      deadline=past)
        elsewhere = factories.hazard_in(HazardStatus.RECTIFYING, enterprise=other_enterprise,
                                        deadline=past)
    in_time = factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise)
    reported = factories.hazard(enterprise=enterprise)
    return {"overdue": overdue, "pending": pending, "elsewhere": elsewhere,
            "in_time": in_time, "reported": reported}


QUERY = "/api/v1/hazards/?district=500102&status=rectifying&overdue=true"


def test_district_status_overdue_filter_returns_exactly_the_matching_hazards(
        client_for, district_official, fuling_mix):
    response = client_for(district_official).get(QUERY)

    assert ids(response) == sorted(h.pk for h in fuling_mix["overdue"])
    assert all(row["is_overdue"] and row["days_overdue"] == 15
               for row in response.json()["results"])


def test_city_official_sees_the_same_fuling_overdue_list(client_for, city_official, fuling_mix):
    assert ids(client_for(city_official).get(QUERY)) == sorted(
        h.pk for h in fuling_mix["overdue"])


def test_other_district_official_gets_fuling_refused_like_an_unknown_district(
        client_for, other_district_official, fuling_mix):
    api = client_for(other_district_official)

    foreign = api.get(QUERY)
    unknown = api.get(QUERY.replace("500102", "999999"))

    assert foreign.status_code == 400
    assert list(foreign.json()["fields"]) == ["district"]
    assert (foreign.status_code, foreign.json()) == (unknown.status_code, unknown.json())


def test_enterprise_officer_sees_only_own_enterprise_in_the_filter(client_for, enterprise,
                                                                   fuling_mix):
    officer = factories.enterprise_officer(enterprise)
    assert ids(client_for(officer).get(QUERY)) == sorted(h.pk for h in fuling_mix["overdue"])
    other_officer = factories.enterprise_officer(factories.EnterpriseFactory())
    assert ids(client_for(other_officer).get(QUERY)) == []


def test_status_accepts_several_values(client_for, district_official, fuling_mix):
    response = client_for(district_official).get(
        "/api/v1/hazards/?status=rectifying&status=pending_verification&overdue=false")

    assert ids(response) == [fuling_mix["in_time"].pk]


def test_free_text_matches_chinese_description_and_enterprise_name(client_for, city_official,
                                                                   enterprise):
    blocked = factories.hazard(enterprise=enterprise, description="厂区东侧消防通道被货物堵塞")
    factories.hazard(enterprise=enterprise, description="配电箱未接地")
    named = factories.hazard(enterprise=factories.EnterpriseFactory(name="重庆长江燃气有限公司"),
                             description="气瓶未固定")
    client = client_for(city_official)

    assert ids(client.get("/api/v1/hazards/", {"q": "消防通道"})) == [blocked.pk]
    assert ids(client.get("/api/v1/hazards/", {"q": "长江燃气"})) == [named.pk]


def test_grade_and_deadline_range_filters(client_for, district_official, enterprise):
    soon = today_cst() + datetime.timedelta(days=3)
    later = today_cst() + datetime.timedelta(days=30)
    major = factories.hazard(enterprise=enterprise, grade=HazardGrade.MAJOR, deadline=soon)
    factories.hazard(enterprise=enterprise, deadline=later)
    client = client_for(district_official)

    assert ids(client.get("/api/v1/hazards/", {"grade": "major"})) == [major.pk]
    assert ids(client.get("/api/v1/hazards/", {"deadline_to": soon.isoformat()})) == [major.pk]


@pytest.mark.parametrize(("query", "param"), [
    ("district=999999", "district"),
    ("status=done", "status"),
    ("overdue=maybe", "overdue"),
    ("deadline_from=2024-13-01", "deadline_from"),
    ("updated_after=yesterday", "updated_after"),
    ("grade=huge", "grade"),
    ("enterprise=abc", "enterprise"),
    ("stauts=closed", "stauts"),
    ("pagination=offset", "pagination"),
    ("page_size=0", "page_size"),
    ("page_size=100000", "page_size"),
    ("cursor=not-a-cursor", "cursor"),
    ("ordering=-created_at", "ordering"),
    ("pagination=page&ordering=password", "ordering"),
    ("pagination=page&page=0", "page"),
    ("pagination=page&page=99", "page"),
    ("format=yaml", "format"),
])
def test_bad_or_unknown_parameter_is_400_naming_it(client_for, district_official, enterprise,
                                                   query, param):
    factories.hazard(enterprise=enterprise)

    response = client_for(district_official).get(f"/api/v1/hazards/?{query}")

    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"code", "detail", "fields"}
    assert list(body["fields"]) == [param]
    assert param in body["detail"]


def test_unknown_parameter_has_its_own_code(client_for, district_official):
    response = client_for(district_official).get("/api/v1/hazards/?foo=1")

    assert response.json()["code"] == "unknown_parameter"


def test_page_pagination_counts_and_orders(client_for, district_official, enterprise):
    hazards = [factories.hazard(enterprise=enterprise) for _ in range(5)]
    client = client_for(district_official)

    first = client.get("/api/v1/hazards/?pagination=page&page_size=2&ordering=id").json()
    last = client.get("/api/v1/hazards/?pagination=page&page_size=2&page=3&ordering=id").json()

    assert first["count"] == 5
    assert [row["id"] for row in first["results"]] == [h.pk for h in hazards[:2]]
    assert [row["id"] for row in last["results"]] == [hazards[4].pk]
    assert last["next"] is None


def test_cursor_pagination_walks_every_row_once(client_for, district_official, enterprise):
    hazards = [factories.hazard(enterprise=enterprise) for _ in range(7)]
    client = client_for(district_official)

    seen, url = [], "/api/v1/hazards/?page_size=3"
    while url:
        body = client.get(url).json()
        assert "count" not in body
        seen += [row["id"] for row in body["results"]]
        url = body["next"]

    assert seen == [h.pk for h in hazards]


def test_detail_has_history_with_actors(client_for, district_official, enterprise):
    hazard = factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise)

    body = client_for(district_official).get(f"/api/v1/hazards/{hazard.pk}/").json()

    assert [row["action"] for row in body["history"]] == ["registered", "rectification_ordered"]
    assert all(row["actor_name"] for row in body["history"])
    assert body["status"] == "rectifying"


def test_detail_of_another_districts_hazard_is_404(client_for, other_district_official,
                                                   enterprise):
    hazard = factories.hazard(enterprise=enterprise)

    response = client_for(other_district_official).get(f"/api/v1/hazards/{hazard.pk}/")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("path", ["/api/v1/hazards/abc/", "/api/v1/hazards/"
                                  "99999999999999999999999/"])
def test_malformed_or_huge_id_is_404_not_500(client_for, district_official, path):
    assert client_for(district_official).get(path).status_code == 404


# --- query discipline ---------------------------------------------------------------------

def _count_queries(client, url, expected_rows):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.json()["results"]) == expected_rows
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", ["/api/v1/hazards/?page_size=100",
                                 "/api/v1/hazards/?pagination=page&page_size=100",
                                 "/api/v1/inspections/?page_size=100",
                                 "/api/v1/enterprises/?page_size=100"])
def test_list_query_count_does_not_grow_with_rows(client_for, city_official, url,
                                                  django_assert_num_queries):
    client = client_for(city_official)
    client.get("/api/v1/sectors/")  # the token's last_used_at is stamped once, here
    enterprise = factories.EnterpriseFactory()
    factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise)
    with_one = _count_queries(client, url, 1)

    for _ in range(49):
        factories.hazard_in(HazardStatus.RECTIFYING, enterprise=factories.EnterpriseFactory())
    with django_assert_num_queries(with_one):
        _count_queries(client, url, 50)

    # token lookup + rows (+ COUNT for page numbers, + prefetches for inspections: inspectors,
    # joint departments, hazards)
    assert with_one <= 6


def test_detail_query_count_does_not_grow_with_history(client_for, district_official,
                                                       enterprise, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(district_official)
    client.get("/api/v1/sectors/")
    short = factories.hazard(enterprise=enterprise)
    long = factories.hazard_in(HazardStatus.PENDING_VERIFICATION, enterprise=enterprise)
    with CaptureQueriesContext(connection) as ctx:
        assert len(client.get(f"/api/v1/hazards/{short.pk}/").json()["history"]) == 1

    with django_assert_num_queries(len(ctx.captured_queries)):
        assert len(client.get(f"/api/v1/hazards/{long.pk}/").json()["history"]) == 3
