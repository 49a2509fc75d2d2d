"""Seal chain appends under concurrency (PostgreSQL row locks): documents issued at the same
instant in one district — including the district's very first seal, when its head row does not
exist yet — get contiguous sequences and a chain that verifies."""
import datetime

import pytest

from core.clock import today_cst
from core.models import Seal
from core.seals import chain_verify
from hazards import services
from tests import factories
from tests.loop.test_concurrency import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_documents_issued_at_once_in_one_district_form_one_unbroken_chain(enterprise):
    official = factories.district_official("500102")
    hazards = [factories.hazard(enterprise=enterprise) for _ in range(4)]
    deadline = today_cst() + datetime.timedelta(days=7)
    signing = factories.two_officers()

    results = run_together(*[
        (lambda hazard=hazard: services.hazard_order_rectification(
            hazard=hazard, actor=official, rectification_deadline=deadline,
            officers=signing))
        for hazard in hazards])

    assert [type(r).__name__ for r in results] == ["Hazard"] * 4
    seals = list(Seal.objects.filter(district_code="500102").order_by("sequence"))
    assert [s.sequence for s in seals] == [1, 2, 3, 4]
    assert sorted(s.object_id for s in seals) == sorted(r.latest_order.pk for r in results)
    [status] = chain_verify("500102")
    assert (status.ok, status.checked, status.head_sequence) == (True, 4, 4)
