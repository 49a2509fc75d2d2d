"""Helpers for report tests: a report filed through the service, and the people who handle it."""
import pytest
from django.core.cache import cache

from public_reports.services import ReportInput, report_submit
from tests import factories

NAME = "李举报人"
PHONE = "13912345678"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def submit(district, *, enterprise=None, description="仓库堆放大量危化品，消防通道被堵死",
           named=False, address="涪陵区某路88号", **kwargs):
    """File a report through the service; returns (report, query code)."""
    return report_submit(data=ReportInput(
        district=district, address=address, description=description, enterprise=enterprise,
        anonymous=not named, reporter_name=NAME if named else "",
        reporter_phone=PHONE if named else "", **kwargs))


@pytest.fixture
def city(db):
    return factories.city_official()


@pytest.fixture
def second_official(fuling):
    return factories.district_official("500102")
