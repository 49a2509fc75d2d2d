"""Every measure for every scope and period equals the figure worked out by hand from the
scenario table (tests/oversight/conftest.py), including the on-time rate, the state at the
period's end, 同比 and 环比."""
import datetime

import pytest

from oversight import figures as F
from oversight.periods import Period
from oversight.scope import Scope

from .conftest import NOW, D

pytestmark = pytest.mark.django_db

Q2 = Period("quarter", datetime.date(2025, 4, 1), datetime.date(2025, 6, 30))
FULING, WANZHOU, YUBEI = Scope(district="500102"), Scope(district="500101"), \
    Scope(district="500112")


def _figures(scope, period, **kwargs):
    return F.figures(scope=scope, period=period, now=NOW, **kwargs)


def _pick(row, *names):
    return {name: row[name] for name in names}


def test_fuling_second_quarter_every_figure(scenario):
    row = _figures(FULING, Q2)[None]

    assert row == {
        "inspections": 5, "enterprises_inspected": 2,
        "inspections_self_inspection": 1, "inspections_enforcement": 3,
        "inspections_covert": 1, "inspections_joint": 0, "inspections_expert_service": 0,
        "inspections_report_verification": 0,
        "found": 5, "found_general": 4, "found_major": 1,
        "found_self_inspection": 1, "found_self_inspection_major": 0,
        "found_regulator": 4, "found_regulator_major": 1,
        "found_report_verification": 0, "found_report_verification_major": 0,
        "found_listed": 1,
        "closed": 3, "closed_major": 0, "rectification_rate": D("60.0"),
        "closed_on_time": 2, "on_time_rate": D("66.7"),
        "avg_days_to_close": D("13.0"), "p90_days_to_close": D("21"),
        "closed_in_period": 3,
        "open_at_end": 4, "overdue_at_end": 2, "not_yet_due_at_end": 1,
        "majors_open_at_end": 1, "supervised_at_end": 1,
    }


def test_city_second_quarter(scenario):
    row = _figures(Scope(), Q2)[None]

    assert _pick(row, "inspections", "enterprises_inspected", "found", "found_major",
                 "found_self_inspection", "found_regulator", "found_report_verification",
                 "closed", "rectification_rate", "closed_on_time", "on_time_rate",
                 "avg_days_to_close", "p90_days_to_close", "closed_in_period", "open_at_end",
                 "overdue_at_end", "not_yet_due_at_end", "majors_open_at_end",
                 "supervised_at_end", "found_listed") == {
        "inspections": 9, "enterprises_inspected": 4, "found": 9, "found_major": 2,
        "found_self_inspection": 1, "found_regulator": 7, "found_report_verification": 1,
        "closed": 5, "rectification_rate": D("55.6"), "closed_on_time": 4,
        "on_time_rate": D("80.0"), "avg_days_to_close": D("13.2"),
        "p90_days_to_close": D("27"), "closed_in_period": 5, "open_at_end": 6,
        "overdue_at_end": 3, "not_yet_due_at_end": 2, "majors_open_at_end": 2,
        "supervised_at_end": 1, "found_listed": 1}


def test_breakdown_by_district_matches_each_district_alone(scenario, django_assert_num_queries):
    with django_assert_num_queries(8):
        rows = _figures(Scope(), Q2, group_by="district")

    assert sorted(rows) == ["500101", "500102", "500112"]
    for code in rows:
        assert rows[code] == _figures(Scope(district=code), Q2)[None], code
    assert _pick(rows["500101"], "found", "closed", "rectification_rate", "on_time_rate",
                 "avg_days_to_close", "overdue_at_end", "not_yet_due_at_end",
                 "majors_open_at_end") == {
        "found": 3, "closed": 1, "rectification_rate": D("33.3"), "on_time_rate": D("100.0"),
        "avg_days_to_close": D("27.0"), "overdue_at_end": 1, "not_yet_due_at_end": 1,
        "majors_open_at_end": 1}
    assert _pick(rows["500112"], "found", "found_report_verification", "closed",
                 "rectification_rate", "avg_days_to_close", "p90_days_to_close") == {
        "found": 1, "found_report_verification": 1, "closed": 1,
        "rectification_rate": D("100.0"), "avg_days_to_close": D("0.0"),
        "p90_days_to_close": D("0")}


@pytest.mark.parametrize("scope_name, expected", [
    ("township T1", {"found": 2, "closed": 2, "rectification_rate": D("100.0"),
                     "on_time_rate": D("50.0"), "open_at_end": 1, "overdue_at_end": 1,
                     "not_yet_due_at_end": 0, "supervised_at_end": 0, "inspections": 2}),
    ("township T2", {"found": 3, "closed": 1, "rectification_rate": D("33.3"),
                     "on_time_rate": D("100.0"), "open_at_end": 3, "overdue_at_end": 1,
                     "not_yet_due_at_end": 1, "supervised_at_end": 1, "inspections": 3}),
    ("sector chemicals", {"found": 3, "closed": 3, "rectification_rate": D("100.0"),
                          "on_time_rate": D("66.7"), "open_at_end": 1, "overdue_at_end": 1,
                          "not_yet_due_at_end": 0, "supervised_at_end": 0, "inspections": 3}),
    ("enterprise E2", {"found": 3, "closed": 1, "rectification_rate": D("33.3"),
                       "on_time_rate": D("100.0"), "open_at_end": 3, "overdue_at_end": 1,
                       "not_yet_due_at_end": 1, "supervised_at_end": 1, "inspections": 3}),
    ("department fuling_em", {"found": 5, "closed": 3, "rectification_rate": D("60.0"),
                              "on_time_rate": D("66.7"), "open_at_end": 4,
                              "overdue_at_end": 2, "not_yet_due_at_end": 1,
                              "supervised_at_end": 1, "inspections": 5}),
    ("department city_fire", {"found": 0, "closed": 0, "rectification_rate": None,
                              "on_time_rate": None, "open_at_end": 0, "overdue_at_end": 0,
                              "not_yet_due_at_end": 0, "supervised_at_end": 0,
                              "inspections": 0}),
])
def test_narrower_scopes_second_quarter(scenario, scope_name, expected):
    kind, name = scope_name.split()
    value = {"township": lambda: scenario.townships[name].code,
             "sector": lambda: "hazardous_chemicals",
             "enterprise": lambda: scenario.enterprises[name].pk,
             "department": lambda: scenario.departments[name].code}[kind]()

    row = _figures(Scope(**{kind: value}), Q2)[None]

    assert _pick(row, *expected) == expected


@pytest.mark.parametrize("period, found, closed, extra", [
    # the last day of June: F4 at 23:30 CST counts, F5 at 00:10 the next day does not
    (Period("day", datetime.date(2025, 6, 30), datetime.date(2025, 6, 30)), 1, 0, {}),
    (Period.containing("month", datetime.date(2025, 6, 1)), 2, 0,
     {"open_at_end": 4, "overdue_at_end": 2, "not_yet_due_at_end": 1}),
    (Period.containing("month", datetime.date(2025, 7, 1)), 1, 0,
     # the running month: its end-state is now (2025-07-15): F4 and F9 overdue, F5 reported
     {"open_at_end": 3, "overdue_at_end": 2, "not_yet_due_at_end": 0}),
    (Period.containing("week", datetime.date(2025, 6, 30)), 2, 0, {}),
    (Period.custom(datetime.date(2025, 4, 1), datetime.date(2025, 5, 31)), 3, 3,
     {"rectification_rate": D("100.0"), "on_time_rate": D("66.7")}),
    (Period.containing("year", datetime.date(2024, 1, 1)), 2, 1,
     {"rectification_rate": D("50.0"), "open_at_end": 1, "overdue_at_end": 1,
      "p90_days_to_close": D("20")}),
    (Period.containing("quarter", datetime.date(2024, 4, 1)), 2, 1,
     # F9 is due on the quarter's last day: not yet overdue at its end
     {"overdue_at_end": 0, "not_yet_due_at_end": 1}),
])
def test_fuling_periods(scenario, period, found, closed, extra):
    row = _figures(FULING, period)[None]

    assert (row["found"], row["closed"]) == (found, closed)
    assert _pick(row, *extra) == extra


def test_comparison_with_previous_quarter_and_a_year_earlier(scenario):
    comparison = F.compare(scope=FULING, period=Q2, now=NOW)

    assert comparison.period.previous().key == "2025-Q1"
    assert comparison.period.year_earlier().key == "2024-Q2"
    assert _pick(comparison.previous, "found", "closed", "rectification_rate", "on_time_rate",
                 "avg_days_to_close", "open_at_end", "overdue_at_end",
                 "not_yet_due_at_end") == {
        "found": 2, "closed": 1, "rectification_rate": D("50.0"), "on_time_rate": D("100.0"),
        "avg_days_to_close": D("11.0"), "open_at_end": 2, "overdue_at_end": 1,
        "not_yet_due_at_end": 1}
    assert _pick(comparison.year_earlier, "found", "closed", "rectification_rate",
                 "overdue_at_end") == {
        "found": 2, "closed": 1, "rectification_rate": D("50.0"), "overdue_at_end": 0}
    assert _pick(comparison.mom, "found", "closed", "rectification_rate", "on_time_rate",
                 "found_listed", "found_report_verification", "overdue_at_end") == {
        "found": D("150.0"), "closed": D("200.0"), "rectification_rate": D("10.0"),
        "on_time_rate": D("-33.3"), "found_listed": "new", "found_report_verification": D("0.0"),
        "overdue_at_end": D("100.0")}
    assert _pick(comparison.yoy, "found", "overdue_at_end", "rectification_rate") == {
        "found": D("150.0"), "overdue_at_end": "new", "rectification_rate": D("10.0")}
