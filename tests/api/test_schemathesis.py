"""schemathesis against the live OpenAPI schema, in-process through the WSGI app: every
operation, a few generated examples each, must give no 5xx and no response that breaks the
schema (status codes, content types, bodies, headers).

Runs in CI like any other test (``.ci/run`` runs the whole suite); marked ``schemathesis``
so it can be selected (``-m schemathesis``) or skipped (``-m "not schemathesis"``) on its own.
The dataset is small and seeded here: a district official's token over two districts.
"""
import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import checks
from schemathesis.core.failures import FailureGroup

from config.wsgi import application
from hazards.enums import HazardStatus
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.schemathesis]

# small by default to keep the suite fast; SCHEMATHESIS_MAX_EXAMPLES=200 for a deeper run
MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "5"))
# A schema-valid request may still be refused by a business rule (an enterprise outside the
# token owner's scope, a page past the end, a transition the state does not allow): a 4xx
# there is right, so "positive data acceptance" is not asserted. Everything else is: no 5xx,
# documented status codes and content types, bodies and headers matching the schema, invalid
# input rejected, authentication not ignored.
EXCLUDED_CHECKS = [checks.positive_data_acceptance]


@pytest.fixture
def seeded(django_settings_override):
    """A few hazards in every state in Fuling and one in Wanzhou, and a token for a Fuling
    district official."""
    from accounts.tokens import api_token_create

    fuling = factories.district("500102", "涪陵区")
    wanzhou = factories.district("500101", "万州区")
    enterprise = factories.EnterpriseFactory(district=fuling)
    for status in HazardStatus.values:
        factories.hazard_in(status, enterprise=enterprise)
    factories.hazard(enterprise=factories.EnterpriseFactory(district=wanzhou))
    _token, key = api_token_create(user=factories.district_official("500102"), name="st")
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture
def django_settings_override(settings):
    settings.API_THROTTLE_RATES = {"token": "100000/min", "session": "100000/min"}
    settings.API_SYNC_LAG_SECONDS = 0
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    # The raw WSGI app closes the database connection after each request (request_finished);
    # on PostgreSQL that would drop the test's transaction. Django's test client disconnects
    # the same handler for the same reason.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


# Failures found in operations this file's author does not own, reported to their owners
# (see the commit message / report). Tolerated only while the failure message contains the
# marker, so any other failure of the same operation still fails the test. Remove an entry
# once fixed.
KNOWN_FAILURES: dict[str, str] = {
    # "GET /api/v1/some-path/": "marker text of the one tolerated failure",
}


def _tolerated(label: str, message: str) -> bool:
    marker = KNOWN_FAILURES.get(label)
    if not marker or marker not in message:
        return False
    # a single failure (a plain exception, or a group of exactly one)
    return "distinct" not in message or "found 1 distinct failure" in message


def test_every_operation_conforms_to_its_schema(seeded):
    # schemathesis' lazy fixture loader (``schemathesis.pytest.from_fixture``) does not run
    # under this pytest version, so the operations are driven explicitly: one Hypothesis run
    # per operation, all inside this test's database transaction.
    api = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)
    failures = []
    operations = [result.ok() for result in api.get_all_operations()]
    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=MAX_EXAMPLES, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck), phases=[Phase.generate])
        def check(case):
            case.call_and_validate(headers=seeded, excluded_checks=EXCLUDED_CHECKS)

        try:
            check()
        except (Exception, FailureGroup) as exc:  # collect every operation's failures
            if not _tolerated(operation.label, str(exc)):
                failures.append(f"{operation.label}: {exc}")
    assert len(operations) >= 15
    assert failures == [], "\n\n".join(failures)
