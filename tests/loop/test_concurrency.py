"""Concurrency on PostgreSQL (row locks are real there): two officials acting on the same
hazard at once — one wins, the other gets a clean conflict — and document numbers stay
unique and gap-free under concurrent issuing."""
import datetime
import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from core.clock import today_cst
from core.errors import ConcurrentModification, DomainError, TransitionNotAllowed
from enterprises.models import Department
from hazards import services
from hazards.enums import HazardStatus
from hazards.models import RectificationOrder
from tests import factories

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
NEXT_WEEK = today_cst() + datetime.timedelta(days=7)


def run_together(*calls):
    """Run ``calls`` in threads released at the same instant; return each result or error."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def worker(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:  # noqa: BLE001 - the test inspects what each got
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_two_officials_acting_at_once_one_wins_the_other_gets_a_conflict(enterprise):
    hazard = factories.hazard(enterprise=enterprise)
    official = factories.district_official("500102")
    inspector = factories.inspector("500102")
    seen = hazard.version
    team = factories.two_officers()

    results = run_together(
        lambda: services.hazard_order_rectification(
            hazard=hazard, actor=official, rectification_deadline=NEXT_WEEK,
            expected_version=seen, officers=team),
        lambda: services.hazard_close_on_spot(hazard=hazard, actor=inspector, note="当场整改",
                                              expected_version=seen))

    winners = [r for r in results if not isinstance(r, Exception)]
    losers = [r for r in results if isinstance(r, Exception)]
    assert len(winners) == 1 and len(losers) == 1
    assert isinstance(losers[0], ConcurrentModification)
    hazard.refresh_from_db()
    assert hazard.status == winners[0].status
    assert hazard.version == seen + 1
    assert hazard.transitions.count() == 2  # registered + the winner's, nothing half-written
    assert RectificationOrder.objects.filter(hazard=hazard).count() == (
        1 if hazard.status == HazardStatus.RECTIFYING else 0)


def test_without_a_version_the_loser_gets_transition_not_allowed(enterprise):
    hazard = factories.hazard_in(HazardStatus.PENDING_VERIFICATION, enterprise=enterprise)
    first, second = factories.inspector("500102"), factories.inspector("500102")
    team = factories.signatures(first, second)

    results = run_together(
        lambda: services.hazard_verify(hazard=hazard, actor=first, passed=True, opinion="合格",
                                       officers=team),
        lambda: services.hazard_verify(hazard=hazard, actor=second, passed=True, opinion="合格",
                                       officers=team))

    errors = [r for r in results if isinstance(r, DomainError)]
    assert len(errors) == 1 and isinstance(errors[0], TransitionNotAllowed)
    assert hazard.verifications.count() == 1


def test_two_api_clients_at_once_get_200_and_409(enterprise):
    hazard = factories.hazard(enterprise=enterprise)
    official = factories.district_official("500102")
    inspector = factories.inspector("500102")
    officers = [{"officer_id": person.pk, "password": factories.PASSWORD}
                for person in (inspector, factories.inspector("500102"))]

    def call(user, path, body):
        client = APIClient()
        client.force_authenticate(user)
        return client.post(f"/api/v1/hazards/{hazard.pk}/{path}/", body, format="json")

    results = run_together(
        lambda: call(official, "order-rectification", {
            "rectification_deadline": NEXT_WEEK.isoformat(), "expected_version": 1,
            "officers": officers}),
        lambda: call(inspector, "close-on-spot", {"note": "当场整改", "expected_version": 1}))

    assert sorted(r.status_code for r in results) == [200, 409]
    conflict = next(r for r in results if r.status_code == 409)
    assert conflict.json()["code"] == "conflict"


def test_document_numbers_are_unique_under_concurrent_issuing(fuling, enterprise):
    Department.objects.create(code="fl-yj", name="涪陵区应急管理局", kind="emergency_management",
                              district=fuling, document_prefix="渝涪陵应急")
    hazards = [factories.hazard(enterprise=enterprise) for _ in range(6)]
    officials = [factories.district_official("500102") for _ in hazards]
    team = factories.two_officers()

    results = run_together(*[
        (lambda h=h, o=o: services.hazard_order_rectification(
            hazard=h, actor=o, rectification_deadline=NEXT_WEEK, officers=team))
        for h, o in zip(hazards, officials, strict=True)])

    assert not [r for r in results if isinstance(r, Exception)]
    numbers = sorted(RectificationOrder.objects.values_list("sequence_value", flat=True))
    assert numbers == [1, 2, 3, 4, 5, 6]
    year = today_cst().year
    assert set(RectificationOrder.objects.values_list("number", flat=True)) == {
        f"渝涪陵应急责改〔{year}〕{n}号" for n in range(1, 7)}
