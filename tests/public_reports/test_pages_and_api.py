"""Report pages and API from the outside: the public page (proof of work, rate limit, query
code), strangers get 404, actions 403 when not allowed, writes need the version (428/409)."""
import pytest
from django.urls import reverse

from public_reports import challenge
from public_reports.enums import ReportStatus
from public_reports.models import PublicReport
from tests.api.conftest import token_client

from .conftest import submit

pytestmark = pytest.mark.django_db


def _post_report(client, district, **extra):
    token = client.get(reverse("public_report:new")).context["pow"]
    data = {"district": district.pk, "address": "某路 1 号", "description": "违规动火作业",
            "anonymous": "1", "challenge": token["challenge"],
            "solution": challenge.solve(token["challenge"], token["bits"])}
    data.update(extra)
    return client.post(reverse("public_report:new"), data)


def test_public_page_files_a_report_without_login_and_shows_the_code_once(client, fuling):
    response = _post_report(client, fuling)

    assert response.status_code == 200
    code = response.context["code"]
    assert code in response.content.decode()
    status = client.post(reverse("public_report:status"), {"code": code})
    assert status.context["handled"].status == ReportStatus.RECEIVED


def test_public_page_without_proof_of_work_files_nothing(client, fuling):
    response = _post_report(client, fuling, solution="")

    assert response.status_code == 200
    assert response.context["form"].errors["challenge"]
    assert PublicReport.objects.count() == 0


def test_public_page_challenge_is_single_use(client, fuling):
    token = client.get(reverse("public_report:new")).context["pow"]
    solution = challenge.solve(token["challenge"], token["bits"])
    data = {"district": fuling.pk, "address": "某路", "description": "甲", "anonymous": "1",
            "challenge": token["challenge"], "solution": solution}

    client.post(reverse("public_report:new"), data)
    replay = client.post(reverse("public_report:new"), {**data, "description": "乙"})

    assert replay.context["form"].errors["challenge"]
    assert PublicReport.objects.count() == 1


def test_public_page_is_rate_limited_per_address(client, fuling, settings):
    settings.PUBLIC_REPORT_RATE_PER_HOUR = 2
    for n in range(2):
        assert _post_report(client, fuling, description=f"事项{n}").status_code == 200

    refused = _post_report(client, fuling, description="第三件")

    assert refused.status_code == 429
    assert PublicReport.objects.count() == 2


def test_public_status_with_a_wrong_code_reveals_nothing(client, fuling):
    submit(fuling)

    response = client.post(reverse("public_report:status"), {"code": "AAAA-BBBB-CCCC"})

    assert "report" not in response.context
    assert response.context["form"].errors["code"]


def test_public_status_of_a_duplicate_shows_the_original_outcome(client, fuling, enterprise):
    submit(fuling, enterprise=enterprise)
    _dup, code = submit(fuling, enterprise=enterprise)

    response = client.post(reverse("public_report:status"), {"code": code})

    assert response.context["report"].status == ReportStatus.DUPLICATE
    assert "并案" in response.content.decode()


@pytest.mark.parametrize("lang, title", [("zh-hans", "举报安全生产隐患"), ("en", "lang=\"en\"")])
def test_public_page_in_both_languages(client, lang, title):
    response = client.get(reverse("public_report:new"), headers={"accept-language": lang})

    assert response.status_code == 200
    assert title in response.content.decode()


def test_report_page_of_another_district_is_404(client, fuling, other_district_official):
    report, _code = submit(fuling)
    client.force_login(other_district_official)

    assert client.get(reverse("public_reports:detail", args=[report.pk])).status_code == 404
    assert client.get(reverse("public_reports:action", args=[report.pk, "accept"])
                      ).status_code == 404


def test_report_action_page_is_403_when_not_allowed(client, fuling, inspector):
    report, _code = submit(fuling)
    client.force_login(inspector)

    assert client.get(reverse("public_reports:detail", args=[report.pk])).status_code == 200
    assert client.get(reverse("public_reports:action", args=[report.pk, "accept"])
                      ).status_code == 403


def test_report_accept_page_posts_with_the_version(client, fuling, district_official):
    report, _code = submit(fuling)
    client.force_login(district_official)
    url = reverse("public_reports:action", args=[report.pk, "accept"])

    stale = client.post(url, {"version": report.version + 5})
    done = client.post(url, {"version": report.version})

    assert stale.status_code == 200 and stale.context["form"].errors
    assert done.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED


def test_api_report_of_another_district_is_404_and_absent_from_lists(fuling,
                                                                     other_district_official):
    report, _code = submit(fuling)
    api = token_client(other_district_official)

    assert api.get(f"/api/v1/public-reports/{report.pk}/").status_code == 404
    assert api.post(f"/api/v1/public-reports/{report.pk}/accept/",
                    {"expected_version": 1}, format="json").status_code == 404
    assert api.get("/api/v1/public-reports/").json()["results"] == []


def test_api_write_without_version_is_428_and_stale_is_409(fuling, district_official):
    report, _code = submit(fuling)
    api = token_client(district_official)
    url = f"/api/v1/public-reports/{report.pk}/accept/"

    missing = api.post(url, {}, format="json")
    stale = api.post(url, {"expected_version": 7}, format="json")
    by_header = api.post(url, {}, format="json", headers={"If-Match": '"1"'})

    assert (missing.status_code, missing.json()["code"]) == (428, "precondition_required")
    assert (stale.status_code, stale.json()["code"]) == (409, "conflict")
    assert by_header.status_code == 200
    assert by_header.json()["status"] == ReportStatus.ACCEPTED


def test_api_reports_are_none_of_the_enterprise_officers_business(fuling, enterprise,
                                                                  enterprise_officer):
    report, _code = submit(fuling, enterprise=enterprise)
    api = token_client(enterprise_officer)

    assert api.get(f"/api/v1/public-reports/{report.pk}/").status_code == 404


def test_api_report_list_query_count_does_not_grow_with_rows(fuling, district_official,
                                                             django_assert_num_queries):
    api = token_client(district_official)
    submit(fuling, description="一")
    api.get("/api/v1/public-reports/")
    with django_assert_num_queries(4):
        api.get("/api/v1/public-reports/")
    for n in range(9):
        submit(fuling, description=f"事项{n}", address=f"路{n}")
    with django_assert_num_queries(4):
        api.get("/api/v1/public-reports/")


def test_api_reward_four_eyes_and_scope(fuling, enterprise, district_official, inspector,
                                        other_district_official):
    from decimal import Decimal

    from core.clock import today_cst
    from hazards.filing.services import Finding
    from public_reports import services
    from public_reports.enums import ReportOutcome

    report, _code = submit(fuling, enterprise=enterprise, named=True)
    report = services.report_accept(report=report, actor=district_official, expected_version=1)
    services.report_file_verification(report=report, actor=inspector, expected_version=None,
                                      inspected_on=today_cst(), enterprise=enterprise,
                                      findings=[Finding(grade="general", category="unlawful_act",
                                                        description="x")])
    report.refresh_from_db()
    report = services.report_answer(report=report, actor=district_official,
                                    expected_version=report.version,
                                    outcome=ReportOutcome.SUBSTANTIATED, answer="属实")
    proposer = token_client(district_official)
    proposed = proposer.post(f"/api/v1/public-reports/{report.pk}/propose-reward/", {
        "tier": "major_hazard_or_unlawful_production", "penalty_amount": "20000",
        "expected_version": report.version}, format="json")
    reward = proposed.json()

    own = proposer.post(f"/api/v1/rewards/{reward['id']}/decide/",
                        {"approve": True, "expected_version": reward["version"]}, format="json")
    stranger = token_client(other_district_official).post(
        f"/api/v1/rewards/{reward['id']}/decide/",
        {"approve": True, "expected_version": reward["version"]}, format="json")
    by_inspector = token_client(inspector).get(f"/api/v1/rewards/{reward['id']}/")

    assert proposed.status_code == 201 and Decimal(reward["amount"]) == Decimal("3000.00")
    assert (own.status_code, own.json()["code"]) == (409, "transition_not_allowed")
    assert stranger.status_code == 404
    assert by_inspector.status_code == 404
