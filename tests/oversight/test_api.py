"""GET /api/v1/statistics/…: the same numbers as the pages, scoped (another district is a
404, never the numbers), malformed parameters a 400 naming them, and documented."""
import pytest

from tests import factories

from .conftest import NOW  # noqa: F401

pytestmark = pytest.mark.django_db

Q2 = {"period": "quarter", "date": "2025-05-01"}


def test_figures_of_a_district_quarter_with_comparisons(client, scenario, now):
    client.force_login(scenario.staff["500102"]["official"])

    body = client.get("/api/v1/statistics/figures/", Q2).json()

    assert body["period"] == {"kind": "quarter", "start": "2025-04-01", "end": "2025-06-30",
                              "key": "2025-Q2", "label": "2025年第2季度"}
    assert body["scope"]["district"] == "500102"
    f = body["figures"]
    assert (f["found"], f["closed"], f["rectification_rate"], f["on_time_rate"],
            f["overdue_at_end"], f["found_listed"], f["p90_days_to_close"]) == (
        5, 3, "60.0", "66.7", 2, 1, "21")
    assert (body["mom"]["found"], body["mom"]["found_listed"], body["yoy"]["overdue_at_end"],
            body["mom"]["rectification_rate"]) == ("150.0", "new", "new", "10.0")
    assert body["year_earlier_figures"]["found"] == 2


def test_another_districts_figures_are_a_404(client, scenario, now):
    client.force_login(scenario.staff["500102"]["official"])

    for params in ({"district": "500101"}, {"district": "999999"},
                   {"township": "500101001"}, {"enterprise": scenario.enterprises["W"].pk}):
        response = client.get("/api/v1/statistics/figures/", {**Q2, **params})
        assert response.status_code == 404, params
        assert response.json()["code"] == "not_found"
    assert client.get("/api/v1/statistics/ranking/", Q2).status_code == 404


def test_breakdown_current_weekly_and_ranking(client, scenario, now):
    client.force_login(factories.city_official())

    breakdown = client.get("/api/v1/statistics/breakdown/", {**Q2, "group_by": "district"}).json()
    current = client.get("/api/v1/statistics/current/", {"district": "500101"}).json()
    weekly = client.get("/api/v1/statistics/weekly/", {"district": "500102", "weeks": "4"}).json()
    ranked = client.get("/api/v1/statistics/ranking/", Q2).json()

    assert [(row["key"], row["figures"]["found"], row["figures"]["rectification_rate"])
            for row in breakdown["rows"]] == [("500101", 3, "33.3"), ("500102", 5, "60.0"),
                                              ("500112", 1, "100.0")]
    assert current == [{"key": None, "open_now": 2, "overdue_now": 2, "due_this_week_now": 0,
                        "not_yet_due_now": 0, "majors_open_now": 1, "supervised_now": 0}]
    assert [(w["start"], w["found"], w["closed"]) for w in weekly] == [
        ("2025-06-23", 0, 0), ("2025-06-30", 2, 1), ("2025-07-07", 0, 1), ("2025-07-14", 0, 0)]
    # default minimum sample (10): nobody is ranked in the scenario, everyone is listed
    assert [(row["district"], row["rank"]) for row in ranked] == [
        ("500101", None), ("500102", None), ("500112", None)]


@pytest.mark.parametrize("params, field", [
    ({"period": "fortnight"}, "period"), ({"date": "2025-02-30"}, "date"),
    ({"date": "0001-01-01"}, "date"), ({"period": "custom", "from": "2025-05-01"}, "to"),
    ({"period": "custom", "from": "2025-05-01", "to": "2025-04-01"}, "to"),
    ({"group_by": "planet"}, "group_by"), ({"colour": "red"}, "colour"),
])
def test_malformed_parameters_are_a_400_naming_them(client, scenario, params, field):
    client.force_login(factories.city_official())
    endpoint = "breakdown" if "group_by" in params else "figures"

    response = client.get(f"/api/v1/statistics/{endpoint}/", params)

    assert response.status_code == 400
    assert list(response.json()["fields"]) == [field]


def test_statistics_are_in_the_schema(client, db):
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()

    for name in ("figures", "breakdown", "current", "weekly", "ranking"):
        assert f"/api/v1/statistics/{name}/" in schema["paths"]
    assert "rectification_rate" in schema["components"]["schemas"]["StatisticsFigures"][
        "properties"]
