"""GET /api/v1/criteria/: find a criterion by words in the standards that apply to an
enterprise, scoped like everything else (a stranger's enterprise is a 404)."""
import pytest

from enterprises.reference import load_sectors
from inspections.reference import load_hazard_standards
from tests import factories

pytestmark = pytest.mark.django_db
URL = "/api/v1/criteria/"


@pytest.fixture
def standards(db):
    load_sectors()
    load_hazard_standards()


@pytest.fixture
def cold_store(fuling, standards):
    return factories.EnterpriseFactory(district=fuling, sector_id="industry_trade",
                                       name="涪陵冷链仓储有限公司",
                                       uses_ammonia_refrigeration=True)


def test_search_finds_ammonia_clauses_for_an_enterprise_that_uses_ammonia(
        client_for, inspector, cold_store):
    response = client_for(inspector).get(URL, {"enterprise": cold_store.pk, "q": "液氨",
                                               "on": "2023-05-01"})

    assert response.status_code == 200
    body = response.json()
    assert [(c["number"], c["standard"]) for c in body["criteria"]] == [
        ("一、（二）1.", "industry-trade-2017"), ("一、（二）2.", "industry-trade-2017")]
    assert body["criteria"][0]["clause"] == (
        "工贸行业重大生产安全事故隐患判定标准（2017版） 一、（二）1.")
    assert body["criteria"][0]["group_name"] == "使用液氨制冷的行业领域"
    assert [s["code"] for s in body["not_loaded"]] == ["fire-gb35181-2017"]


def test_search_needs_every_word(client_for, inspector, cold_store):
    response = client_for(inspector).get(URL, {"enterprise": cold_store.pk,
                                               "q": "快速冻结 作业人员", "on": "2023-05-01"})

    assert [c["number"] for c in response.json()["criteria"]] == ["一、（二）2."]


def test_confined_space_group_is_not_offered_without_the_activity(client_for, inspector,
                                                                  cold_store):
    response = client_for(inspector).get(URL, {"enterprise": cold_store.pk, "q": "有限空间",
                                               "on": "2023-05-01"})

    # only the industry clauses that mention 有限空间, not 一、（三） (有限空间作业相关的行业领域)
    assert [c["number"] for c in response.json()["criteria"]] == ["二、（三）5.", "二、（四）6."]


def test_after_the_switch_the_missing_2023_text_is_named_not_replaced(client_for, inspector,
                                                                      cold_store):
    response = client_for(inspector).get(URL, {"enterprise": cold_store.pk, "q": "液氨",
                                               "on": "2024-01-01"})

    body = response.json()
    assert body["criteria"] == []
    assert [s["code"] for s in body["not_loaded"]] == ["fire-gb35181-2017",
                                                       "industry-trade-2023"]
    assert body["not_loaded"][1]["notice"].startswith(
        "现行《工贸企业重大事故隐患判定标准》（应急管理部令第10号）自2023年5月15日起施行")


def test_an_enterprise_outside_the_users_scope_is_a_404(client_for, other_inspector,
                                                        cold_store):
    response = client_for(other_inspector).get(URL, {"enterprise": cold_store.pk, "q": "液氨"})

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_an_unknown_enterprise_is_the_same_404(client_for, inspector, standards):
    response = client_for(inspector).get(URL, {"enterprise": 987654, "q": "液氨"})

    assert response.status_code == 404


@pytest.mark.parametrize(("params", "field"), [
    ({}, "enterprise"),
    ({"enterprise": "abc"}, "enterprise"),
    ({"enterprise": "1", "on": "2024-13-01"}, "on"),
    ({"enterprise": "1", "q": "液" * 101}, "q"),
    ({"enterprise": "1", "sector": "gas"}, "sector"),
])
def test_bad_parameters_are_a_400_naming_the_field(client_for, inspector, params, field):
    response = client_for(inspector).get(URL, params)

    assert response.status_code == 400
    assert field in response.json()["fields"]


def test_search_costs_the_same_queries_for_any_number_of_matches(
        client_for, inspector, cold_store, django_assert_num_queries):
    client = client_for(inspector)
    client.get(URL, {"enterprise": cold_store.pk, "q": "液氨"})  # warm the token lookup

    # token with its user, enterprise, criteria (standards in force as a subquery), editions
    # in force without text
    with django_assert_num_queries(4):
        one = client.get(URL, {"enterprise": cold_store.pk, "q": "快速冻结",
                               "on": "2023-05-01"})
    with django_assert_num_queries(4):
        many = client.get(URL, {"enterprise": cold_store.pk, "q": "", "on": "2023-05-01"})

    assert len(one.json()["criteria"]) == 1
    assert len(many.json()["criteria"]) == 45 + 2
