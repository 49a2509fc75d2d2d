"""Time the hazard register's hot queries on 1,000,000 hazards and 100,000 enterprises.

Run by hand against PostgreSQL (see bench/README.md). Prints, for each query, the median of
5 runs in milliseconds and whether PostgreSQL used an index.
"""
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.enums import Role  # noqa: E402
from accounts.models import User  # noqa: E402
from core.clock import today_cst  # noqa: E402
from hazards.filters import HazardFilter  # noqa: E402
from hazards.models import Hazard  # noqa: E402
from hazards.selectors import hazard_status_counts, hazards_for_list  # noqa: E402

ENTERPRISES, HAZARDS = 100_000, 1_000_000


def fill():
    if Hazard.objects.exists():
        print("database already filled; reusing it")
        return
    call_command("load_reference_data", verbosity=0)
    started = time.perf_counter()
    user = User.objects.create_user("bench", role=Role.CITY_OFFICIAL)
    with connection.cursor() as cursor:
        cursor.execute("SELECT code FROM enterprises_district ORDER BY code")
        districts = [row[0] for row in cursor.fetchall()]
        cursor.execute("""
            INSERT INTO enterprises_enterprise (credit_code, name, district_id, sector_id,
                address, legal_representative, safety_contact_name, safety_contact_phone,
                safety_contact_email, created_at, updated_at)
            SELECT 'B' || lpad(i::text, 17, '0'), '基准企业' || i,
                   (%s::text[])[1 + i %% %s], 'industry_trade', '', '', '', '', '', now(), now()
            FROM generate_series(1, %s) AS i""", [districts, len(districts), ENTERPRISES])
        cursor.execute("""
            INSERT INTO inspections_inspection (kind, enterprise_id, district_id, inspected_on,
                created_by_id, reference_number, notes, enterprise_representative,
                representative_refused_to_sign, record_hash, created_at, updated_at)
            SELECT 'enforcement', e.id, e.district_id, current_date - 30, %s, '', '', '',
                   false, '', now(), now()
            FROM enterprises_enterprise e""", [user.pk])
        # 10 hazards per inspection; states spread like a real register
        cursor.execute("""
            INSERT INTO hazards_hazard (inspection_id, enterprise_id, district_id, grade,
                category, description, location, rectification_measures, responsible_person,
                rectification_deadline, interim_safety_measures, status, reported_by_id,
                closed_at, version, created_at, updated_at)
            SELECT i.id, i.enterprise_id, i.district_id,
                   CASE WHEN n %% 20 = 0 THEN 'major' ELSE 'general' END,
                   'equipment_defect', '基准隐患描述 ' || i.id || '-' || n, '', '', '',
                   current_date + ((n * 7 + i.id) %% 60 - 30)::int,
                   '',
                   CASE WHEN n <= 5 THEN 'closed' WHEN n <= 7 THEN 'rectifying'
                        WHEN n = 8 THEN 'pending_verification' ELSE 'reported' END,
                   %s,
                   CASE WHEN n <= 5 THEN now() END, 1,
                   now() - ((i.id %% 365) || ' days')::interval,
                   now() - ((i.id %% 365) || ' days')::interval + (n || ' seconds')::interval
            FROM inspections_inspection i, generate_series(1, 10) AS n""", [user.pk])
        cursor.execute("ANALYZE")
    print(f"filled {Hazard.objects.count():,} hazards in {time.perf_counter() - started:.0f} s")


def timed(label, queryset_or_callable):
    runs = []
    for _ in range(5):
        started = time.perf_counter()
        if callable(queryset_or_callable):
            queryset_or_callable()
        else:
            list(queryset_or_callable.all())  # a fresh copy: no result cache between runs
        runs.append((time.perf_counter() - started) * 1000)
    plan = ""
    if not callable(queryset_or_callable):
        plan = queryset_or_callable.explain()
    uses_index = "Index" in plan
    print(f"{label:<55} {statistics.median(runs):8.1f} ms"
          + (f"  index={'yes' if uses_index else 'NO'}" if plan else ""))


def main():
    fill()
    official = User.objects.filter(role=Role.DISTRICT_OFFICIAL, district_id="500102").first() \
        or User.objects.create_user("bench_fuling", role=Role.DISTRICT_OFFICIAL,
                                    district_id="500102")
    base = hazards_for_list(official)
    register = HazardFilter({"status": ["rectifying"]}, queryset=base).qs
    timed("register page 1 (district, status=rectifying, 50 rows)", register[:50])
    overdue = HazardFilter({"overdue": "true"}, queryset=base).qs
    timed("register page 1 (district, overdue=true, 50 rows)", overdue[:50])
    timed("register header counts (one aggregate, district)",
          lambda: hazard_status_counts(hazards_for_list(official)))
    timed("sync page (updated_at > X, order updated_at,id, 100)",
          Hazard.objects.filter(updated_at__gt=timezone.now() - datetime.timedelta(days=30)).order_by("updated_at", "id")[:100])
    timed("reminder sweep selection (overdue today, ids, city)",
          Hazard.objects.overdue(on=today_cst()).values_list("id", flat=True)[:1000])


if __name__ == "__main__":
    main()
