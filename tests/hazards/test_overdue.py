"""Overdue is derived from the deadline in China Standard Time (docs/domain.md, "Rules and
their sources")."""
import datetime
import zoneinfo

import pytest
import time_machine

from hazards.enums import HazardStatus
from hazards.models import Hazard
from tests import factories

pytestmark = pytest.mark.django_db
CST = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture
def due_may_31(enterprise):
    with time_machine.travel(datetime.datetime(2024, 5, 20, 9, 0, tzinfo=CST), tick=False):
        return factories.hazard_in(HazardStatus.RECTIFYING, enterprise=enterprise,
                                   deadline=datetime.date(2024, 5, 31))


@pytest.mark.parametrize(("moment", "overdue"), [
    (datetime.datetime(2024, 5, 31, 23, 59, 59, tzinfo=CST), False),
    # 2024-05-31 16:00 UTC is already 2024-06-01 00:00 in Beijing
    (datetime.datetime(2024, 5, 31, 16, 0, 0, tzinfo=datetime.UTC), True),
    (datetime.datetime(2024, 5, 31, 15, 59, 59, tzinfo=datetime.UTC), False),
    (datetime.datetime(2024, 6, 1, 0, 0, 0, tzinfo=CST), True),
])
def test_overdue_from_midnight_cst_after_the_deadline(due_may_31, moment, overdue):
    with time_machine.travel(moment, tick=False):
        assert due_may_31.is_overdue() is overdue
        assert Hazard.objects.overdue().filter(pk=due_may_31.pk).exists() is overdue
        assert Hazard.objects.not_overdue().filter(pk=due_may_31.pk).exists() is not overdue


def test_reported_and_closed_hazards_are_never_overdue(enterprise):
    with time_machine.travel(datetime.datetime(2024, 5, 20, 9, 0, tzinfo=CST), tick=False):
        reported = factories.hazard(enterprise=enterprise, deadline=datetime.date(2024, 5, 31))
        closed = factories.hazard_in(HazardStatus.CLOSED, enterprise=enterprise)

    with time_machine.travel(datetime.datetime(2024, 7, 1, tzinfo=CST)):
        assert not reported.is_overdue()
        assert not closed.is_overdue()
        assert not Hazard.objects.overdue().filter(pk__in=[reported.pk, closed.pk]).exists()
