"""Report services: submission, duplicates, routing, referral, verification, answer."""
import datetime

import pytest

from core.clock import today_cst
from core.errors import (
    ConcurrentModification,
    PermissionDenied,
    TransitionNotAllowed,
    ValidationFailed,
)
from hazards.enums import HazardCategory, HazardGrade
from hazards.filing.services import Finding
from inspections.enums import InspectionKind
from public_reports import services
from public_reports.enums import ReportAction, ReportOutcome, ReportStatus
from public_reports.models import PublicReport
from public_reports.selectors import report_by_query_code
from tests import factories

from .conftest import submit

pytestmark = pytest.mark.django_db


def test_report_submit_lands_with_the_district_and_is_due_for_an_answer(fuling, enterprise,
                                                                        settings):
    report, code = submit(fuling, enterprise=enterprise)

    assert report.district_id == "500102"
    assert report.status == ReportStatus.RECEIVED
    assert report.answer_due == today_cst() + datetime.timedelta(
        days=settings.PUBLIC_REPORT_ANSWER_DAYS)
    assert report_by_query_code(code) == report
    assert report_by_query_code(code.lower().replace("-", "")) == report
    assert report.query_code_hash != code
    assert list(report.events.values_list("action", flat=True)) == [ReportAction.RECEIVED]


def test_report_submit_identical_open_report_is_linked_as_duplicate(fuling, enterprise):
    first, _code = submit(fuling, enterprise=enterprise)
    second, _code2 = submit(fuling, enterprise=enterprise,
                            description="仓库堆放大量危化品，消防通道被堵死！")

    assert second.status == ReportStatus.DUPLICATE
    assert second.duplicate_of == first
    assert first.status == ReportStatus.RECEIVED


def test_report_submit_different_matter_is_not_a_duplicate(fuling, enterprise):
    submit(fuling, enterprise=enterprise)
    other, _code = submit(fuling, enterprise=enterprise, description="夜间偷偷生产，无人值守")

    assert other.status == ReportStatus.RECEIVED
    assert other.duplicate_of is None


def test_report_submit_named_needs_a_valid_phone_and_writes_nothing(fuling):
    with pytest.raises(ValidationFailed) as error:
        services.report_submit(data=services.ReportInput(
            district=fuling, address="某路", description="某事", anonymous=False,
            reporter_name="张三", reporter_phone="12345"))

    assert error.value.field == "reporter_phone"
    assert PublicReport.objects.count() == 0


def test_report_submit_refuses_a_township_of_another_district(fuling, wanzhou):
    from enterprises.models import Township

    township = Township.objects.create(code="500101001", name="高笋塘街道", district=wanzhou)
    with pytest.raises(ValidationFailed) as error:
        submit(fuling, township=township)

    assert error.value.field == "township"


def test_report_accept_requires_current_version(fuling, district_official):
    report, _code = submit(fuling)

    with pytest.raises(ConcurrentModification):
        services.report_accept(report=report, actor=district_official,
                               expected_version=report.version + 1)
    accepted = services.report_accept(report=report, actor=district_official,
                                      expected_version=report.version)

    assert accepted.status == ReportStatus.ACCEPTED
    assert accepted.version == 2


def test_report_accept_by_another_district_is_permission_denied(fuling, other_district_official):
    report, _code = submit(fuling)

    with pytest.raises(PermissionDenied):
        services.report_accept(report=report, actor=other_district_official,
                               expected_version=report.version)


def test_report_reroute_only_by_city_staff(fuling, wanzhou, district_official, city):
    report, _code = submit(fuling)

    with pytest.raises(PermissionDenied):
        services.report_reroute(report=report, actor=district_official,
                                expected_version=report.version, district=wanzhou,
                                reason="地点在万州")
    moved = services.report_reroute(report=report, actor=city, expected_version=report.version,
                                    district=wanzhou, reason="地点在万州")

    assert moved.district_id == "500101"


def test_report_refer_records_department_and_reason(fuling, district_official):
    report, code = submit(fuling)

    referred = services.report_refer(report=report, actor=district_official,
                                     expected_version=report.version,
                                     department="区市场监管局", reason="属食品安全，不属安全生产")

    assert referred.status == ReportStatus.REFERRED
    assert referred.outcome == ReportOutcome.REFERRED
    assert report_by_query_code(code).referred_to == "区市场监管局"


def _verify(report, inspector, enterprise):
    return services.report_file_verification(
        report=report, actor=inspector, expected_version=None, inspected_on=today_cst(),
        enterprise=enterprise, findings=[Finding(grade=HazardGrade.GENERAL,
                                                 category=HazardCategory.UNLAWFUL_ACT,
                                                 description="消防通道堵塞")])


def test_report_verification_inspection_registers_hazards_with_the_report_as_source(
        fuling, enterprise, district_official, inspector):
    report, _code = submit(fuling)
    report = services.report_accept(report=report, actor=district_official,
                                    expected_version=report.version)

    inspection = _verify(report, inspector, enterprise)

    report.refresh_from_db()
    hazard = inspection.hazards.get()
    assert inspection.kind == InspectionKind.REPORT_VERIFICATION
    assert report.verification_inspection == inspection
    assert report.enterprise == enterprise
    assert hazard.inspection.public_report == report


def test_report_verification_before_acceptance_is_refused(fuling, enterprise, inspector):
    report, _code = submit(fuling)

    with pytest.raises(TransitionNotAllowed):
        _verify(report, inspector, enterprise)

    assert enterprise.inspections.count() == 0


def test_report_answer_needs_the_verification_first(fuling, enterprise, district_official,
                                                    inspector):
    report, code = submit(fuling)
    report = services.report_accept(report=report, actor=district_official,
                                    expected_version=report.version)
    with pytest.raises(ValidationFailed):
        services.report_answer(report=report, actor=district_official,
                               expected_version=report.version,
                               outcome=ReportOutcome.SUBSTANTIATED, answer="属实")
    _verify(report, inspector, enterprise)
    report.refresh_from_db()

    answered = services.report_answer(report=report, actor=district_official,
                                      expected_version=report.version,
                                      outcome=ReportOutcome.SUBSTANTIATED,
                                      answer="经核查属实，已责令整改。")

    assert answered.status == ReportStatus.ANSWERED
    assert report_by_query_code(code).outcome == ReportOutcome.SUBSTANTIATED


def test_report_link_duplicate_to_an_open_report_of_another_district_is_refused(
        fuling, wanzhou, district_official):
    report, _code = submit(fuling)
    other, _code2 = submit(wanzhou, address="万州某路", description="另一件")

    with pytest.raises(ValidationFailed):
        services.report_link_duplicate(report=report, actor=district_official,
                                       expected_version=report.version, original=other)


def test_report_events_are_append_only(fuling):
    from core.errors import DomainError

    report, _code = submit(fuling)
    event = report.events.get()
    event.note = "改写"

    with pytest.raises(DomainError):
        event.save()
    with pytest.raises(DomainError):
        event.delete()


def test_factories_still_file_campaign_free_inspections(enterprise):
    hazard = factories.hazard(enterprise=enterprise)

    assert hazard.campaign_id is None
