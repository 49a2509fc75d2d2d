"""举报奖励: amount by tier, named and substantiated only, first valid reporter only, approval
by a second person, payment; totals per district and period."""
import datetime
from decimal import Decimal

import pytest

from core.clock import today_cst
from core.errors import PermissionDenied, TransitionNotAllowed, ValidationFailed
from hazards.filing.services import Finding
from public_reports import services
from public_reports.enums import ReportOutcome, RewardStatus
from public_reports.models import RewardTier
from public_reports.selectors import reward_totals_by_district

from .conftest import submit

pytestmark = pytest.mark.django_db


def substantiated(report, official, inspector, enterprise):
    report = services.report_accept(report=report, actor=official,
                                    expected_version=report.version)
    services.report_file_verification(
        report=report, actor=inspector, expected_version=None, inspected_on=today_cst(),
        enterprise=enterprise, findings=[Finding(grade="major", category="unlawful_act",
                                                 description="违规储存")])
    report.refresh_from_db()
    return services.report_answer(report=report, actor=official, expected_version=report.version,
                                  outcome=ReportOutcome.SUBSTANTIATED, answer="属实")


@pytest.mark.parametrize("penalty, expected", [
    (Decimal("10000"), Decimal("3000.00")),      # 15 % is 1,500: raised to the 3,000 minimum
    (Decimal("100000"), Decimal("15000.00")),
    (Decimal("5000000"), Decimal("300000.00")),  # capped at 300,000
])
def test_reward_amount_percent_tier_has_floor_and_cap(penalty, expected):
    tier = RewardTier.objects.get(code="major_hazard_or_unlawful_production")

    assert services.reward_amount(tier=tier, penalty_amount=penalty) == expected


def test_reward_amount_per_person_tier_is_capped():
    tier = RewardTier.objects.get(code="concealed_accident_especially_major")

    assert services.reward_amount(tier=tier, persons=2) == Decimal("120000.00")
    assert services.reward_amount(tier=tier, persons=9) == Decimal("300000.00")


def test_reward_tiers_name_their_source_and_office_settings_ship_inactive():
    official = RewardTier.objects.get(code="major_hazard_or_unlawful_production")
    office = RewardTier.objects.get(code="office_general_hazard")

    assert official.source_number == "安监总财〔2018〕19号" and official.official
    assert not office.official and not office.is_active


def test_reward_proposed_approved_by_a_second_person_and_paid(
        fuling, enterprise, district_official, second_official, inspector):
    report, _code = submit(fuling, enterprise=enterprise, named=True)
    report = substantiated(report, district_official, inspector, enterprise)
    tier = RewardTier.objects.get(code="major_hazard_or_unlawful_production")

    reward = services.reward_propose(report=report, actor=district_official, tier=tier,
                                     penalty_amount=Decimal("50000"),
                                     expected_version=report.version)
    with pytest.raises(TransitionNotAllowed):
        services.reward_decide(reward=reward, actor=district_official, approve=True,
                               expected_version=reward.version)
    reward = services.reward_decide(reward=reward, actor=second_official, approve=True,
                                    expected_version=reward.version)
    reward = services.reward_pay(reward=reward, actor=district_official, paid_on=today_cst(),
                                 payment_reference="PZ-2026-001",
                                 expected_version=reward.version)

    assert reward.amount == Decimal("7500.00")
    assert reward.status == RewardStatus.PAID
    totals = reward_totals_by_district(start=today_cst() - datetime.timedelta(days=1),
                                       end=today_cst())
    assert totals == {"500102": {"count": 1, "amount": Decimal("7500.00")}}


def test_reward_for_an_anonymous_report_is_refused(fuling, enterprise, district_official,
                                                   inspector):
    report, _code = submit(fuling, enterprise=enterprise)
    report = substantiated(report, district_official, inspector, enterprise)

    with pytest.raises(TransitionNotAllowed):
        services.reward_propose(report=report, actor=district_official,
                                tier=RewardTier.objects.first(), penalty_amount=Decimal("1"))


def test_reward_goes_only_to_the_first_valid_reporter(fuling, enterprise, district_official,
                                                      inspector, city_official):
    first, _c1 = submit(fuling, enterprise=enterprise, named=True)
    duplicate, _c2 = submit(fuling, enterprise=enterprise, named=True)
    tier = RewardTier.objects.get(code="major_hazard_or_unlawful_production")
    assert duplicate.duplicate_of == first

    first = substantiated(first, district_official, inspector, enterprise)
    services.reward_propose(report=first, actor=district_official, tier=tier,
                            penalty_amount=Decimal("1000"))

    with pytest.raises(TransitionNotAllowed):  # a duplicate is never answered itself
        services.reward_propose(report=duplicate, actor=city_official, tier=tier,
                                penalty_amount=Decimal("1000"))


def test_reward_by_another_district_is_permission_denied(fuling, enterprise, district_official,
                                                         inspector, other_district_official):
    report, _code = submit(fuling, enterprise=enterprise, named=True)
    report = substantiated(report, district_official, inspector, enterprise)

    with pytest.raises(PermissionDenied):
        services.reward_propose(report=report, actor=other_district_official,
                                tier=RewardTier.objects.get(code="concealed_accident_major"),
                                persons=1)


def test_reward_percent_tier_needs_the_penalty(fuling, enterprise, district_official,
                                               inspector):
    report, _code = submit(fuling, enterprise=enterprise, named=True)
    report = substantiated(report, district_official, inspector, enterprise)

    with pytest.raises(ValidationFailed) as error:
        services.reward_propose(report=report, actor=district_official,
                                tier=RewardTier.objects.get(
                                    code="major_hazard_or_unlawful_production"))

    assert error.value.field == "penalty_amount"


def test_report_counts_per_district_and_period(fuling, wanzhou, enterprise, district_official):
    from public_reports.selectors import report_counts

    submit(fuling, enterprise=enterprise)
    submit(fuling, enterprise=enterprise)  # duplicate
    report, _code = submit(fuling, description="另一件事")
    services.report_refer(report=report, actor=district_official, expected_version=1,
                          department="区交通局", reason="道路运输")
    submit(wanzhou, address="万州某路")

    counts = report_counts(district_id="500102", start=today_cst(), end=today_cst())

    assert counts == {"received": 3, "substantiated": 0, "not_substantiated": 0,
                      "referred": 1, "duplicate": 1, "open": 1}
    assert report_counts(district_id=None, start=today_cst(), end=today_cst())["received"] == 4
