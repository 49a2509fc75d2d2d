"""Incremental sync against a writer running at the same time in another thread with its own
database connection and transactions (PostgreSQL): the replica ends equal to the table."""
import threading
import time

import pytest
from django.db import connection
from django.utils import timezone

from hazards.models import Hazard
from tests import factories

from .conftest import token_client
from .test_sync_and_export import Writer, sync_pass

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_sync_over_a_table_written_concurrently(settings, fuling):
    settings.API_SYNC_LAG_SECONDS = 1
    # a sync client polling in a tight loop for six seconds is not what the rate limit is
    # about; with the default 600/min the test measured the throttle, not the sync
    settings.API_THROTTLE_RATES = {**settings.API_THROTTLE_RATES, "token": "100000/min"}
    enterprise = factories.EnterpriseFactory(district=fuling)
    writer = Writer(enterprise)
    initial = [writer.insert().pk for _ in range(20)]
    client = token_client(factories.district_official("500102"))
    stop = threading.Event()
    errors = []

    def write_until_stopped():
        try:
            step = 0
            while not stop.is_set():
                writer.insert()
                writer.update(initial[step % len(initial)])
                step += 1
                time.sleep(0.01)
        except Exception as exc:  # surfaced by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=write_until_stopped)
    replica: dict[int, str] = {}
    updated_after = None
    thread.start()
    try:
        deadline = time.monotonic() + 6
        while time.monotonic() < deadline:
            rows, updated_after_next = sync_pass(client, updated_after, page_size=7)
            ids = [row["id"] for row in rows]
            assert len(ids) == len(set(ids))
            replica.update({row["id"]: row["updated_at"] for row in rows})
            updated_after = updated_after_next
    finally:
        stop.set()
        thread.join()
    assert errors == []
    time.sleep(settings.API_SYNC_LAG_SECONDS + 0.2)  # let the last writes pass the lag
    while True:
        rows, updated_after = sync_pass(client, updated_after, page_size=7)
        replica.update({row["id"]: row["updated_at"] for row in rows})
        if not rows:
            break

    truth = {h.pk: timezone.localtime(h.updated_at).isoformat()
             for h in Hazard.objects.filter(district_id="500102")}
    assert replica == truth
    assert len(truth) >= 25  # the writer really wrote while the client synced
