"""``seed_demo`` plays the demo hazards' histories at past dates; nothing it writes may carry
a time later than the moment it ran, or a sync client's full pass (which reads up to "now")
would miss those hazards until they changed again."""
import datetime
import io
import zoneinfo

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import Max

from hazards.models import Hazard, HazardTransition
from inspections.models import Inspection

from ..api.conftest import token_client

pytestmark = pytest.mark.django_db
CST = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize("hour", [0, 8])
def test_seed_demo_stamps_nothing_after_the_moment_it_ran(hour, settings):
    settings.API_SYNC_LAG_SECONDS = 0
    ran_at = datetime.datetime.combine(datetime.date(2026, 3, 18), datetime.time(hour, 5),
                                       CST)
    with time_machine.travel(ran_at, tick=False):
        call_command("seed_demo", stdout=io.StringIO())

        from accounts.models import User
        city = User.objects.get(username="city")
        synced, url = [], "/api/v1/hazards/?page_size=500"
        client = token_client(city)
        while url:
            body = client.get(url).json()
            synced += [row["id"] for row in body["results"]]
            url = body["next"]

    latest = [Hazard.objects.aggregate(m=Max("updated_at"))["m"],
              Hazard.objects.aggregate(m=Max("created_at"))["m"],
              HazardTransition.objects.aggregate(m=Max("at"))["m"],
              Inspection.objects.aggregate(m=Max("updated_at"))["m"]]
    assert max(latest) <= ran_at
    assert sorted(synced) == sorted(Hazard.objects.values_list("pk", flat=True))
    assert len(synced) == 100
