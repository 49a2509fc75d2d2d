"""Fill a PostgreSQL database for bench/oversight_at_scale.py: 100,000 enterprises (with
townships and sectors), 200,000 inspections of every kind, 1,000,000 hazards registered over
two years and about 5,000,000 history rows, then the state spans through the product's own
rebuild (``oversight.spans.spans_rebuild_all``).

Raw ``generate_series`` inserts, like bench/register_at_scale.py: synthetic rows that skip the
services, fine for measuring reads and never for the product. Each hazard follows one of ten
stories (closed on the spot; only reported; ordered and still rectifying; pending
re-inspection; extended then closed; closed on time; failed re-inspection then closed …);
steps that would lie in the future are dropped, and the hazard's row is set from its last
step, so the rows and the history agree as the services would leave them.
"""
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from accounts.enums import Role  # noqa: E402
from accounts.models import User  # noqa: E402
from hazards.models import Hazard  # noqa: E402

ENTERPRISES, INSPECTIONS, PER_INSPECTION = 100_000, 200_000, 5

# one inspection kind per inspection, by id mod 20: 30 % self-inspection, 40 % enforcement,
# 10 % covert, 10 % joint, 5 % expert service, 5 % report verification
KIND_SQL = """CASE WHEN x %% 20 < 6 THEN 'self_inspection' WHEN x %% 20 < 14 THEN 'enforcement'
    WHEN x %% 20 < 16 THEN 'covert' WHEN x %% 20 < 18 THEN 'joint'
    WHEN x %% 20 = 18 THEN 'expert_service' ELSE 'report_verification' END"""

STEPS = [
    # (story filter on p = (id / 20) %% 10, action, from, to, offset, deadline expression)
    ("p = 0", "closed_on_spot", "reported", "closed", "interval '1 hour'", None),
    ("p >= 2", "rectification_ordered", "reported", "rectifying", "interval '1 day'",
     "(r + interval '30 days')::date"),
    ("p IN (2, 3)", "extension_requested", "rectifying", "rectifying", "interval '5 days'", None),
    ("p IN (2, 3)", "deadline_extended", "rectifying", "rectifying", "interval '6 days'",
     "(r + interval '45 days')::date"),
    ("p = 5", "extension_requested", "rectifying", "rectifying", "interval '10 days'", None),
    ("p = 5", "deadline_extended", "rectifying", "rectifying", "interval '11 days'",
     "(r + interval '60 days')::date"),
    ("p IN (2, 3)", "extension_requested", "rectifying", "rectifying", "interval '20 days'",
     None),
    ("p IN (2, 3)", "extension_refused", "rectifying", "rectifying", "interval '21 days'", None),
    ("p >= 6", "extension_requested", "rectifying", "rectifying", "interval '4 days'", None),
    ("p >= 6", "extension_refused", "rectifying", "rectifying", "interval '5 days'", None),
    ("p = 4 OR p >= 6", "evidence_submitted", "rectifying", "pending_verification",
     "interval '10 days'", None),
    ("p = 5", "evidence_submitted", "rectifying", "pending_verification", "interval '40 days'",
     None),
    ("p = 5", "verification_passed", "pending_verification", "closed", "interval '45 days'",
     None),
    ("p IN (6, 7, 8)", "verification_passed", "pending_verification", "closed",
     "interval '12 days'", None),
    ("p = 9", "verification_failed", "pending_verification", "rectifying", "interval '12 days'",
     "(r + interval '40 days')::date"),
    ("p = 9", "evidence_submitted", "rectifying", "pending_verification", "interval '30 days'",
     None),
    ("p = 9", "verification_passed", "pending_verification", "closed", "interval '32 days'",
     None),
]


def fill():
    if Hazard.objects.exists():
        print("database already filled; reusing it")
        return
    call_command("load_reference_data", verbosity=0)
    started = time.perf_counter()
    user = User.objects.create_user("bench", role=Role.CITY_OFFICIAL)
    with connection.cursor() as cursor:
        cursor.execute("""
            CREATE TEMP TABLE bench_townships AS
            SELECT code, district_id,
                   row_number() OVER (PARTITION BY district_id ORDER BY code) AS rn,
                   count(*) OVER (PARTITION BY district_id) AS n
            FROM enterprises_township""")
        cursor.execute("SELECT code FROM enterprises_district ORDER BY code")
        districts = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT code FROM enterprises_sector ORDER BY code")
        sectors = [row[0] for row in cursor.fetchall()]
        cursor.execute("""
            INSERT INTO enterprises_enterprise (credit_code, name, district_id, township_id,
                sector_id, address, legal_representative, safety_contact_name,
                safety_contact_phone, safety_contact_email, created_at, updated_at)
            SELECT 'B' || lpad(i::text, 17, '0'), '基准企业' || i, d.code, t.code,
                   (%s::text[])[1 + i %% %s], '', '', '', '', '', now(), now()
            FROM generate_series(1, %s) AS i
            JOIN LATERAL (SELECT (%s::text[])[1 + i %% %s] AS code) d ON true
            LEFT JOIN bench_townships t
              ON t.district_id = d.code AND t.rn = 1 + (i / %s) %% t.n""",
                       [sectors, len(sectors), ENTERPRISES, districts, len(districts),
                        len(districts)])
        print(f"enterprises {time.perf_counter() - started:.0f} s")
        # the inspection's moment: spread over two years before now, any hour of the day
        cursor.execute(f"""
            INSERT INTO inspections_inspection (kind, enterprise_id, district_id, department_id,
                inspected_on, created_by_id, reference_number, notes,
                enterprise_representative, representative_refused_to_sign, record_hash,
                created_at, updated_at)
            SELECT {KIND_SQL}, e.id, e.district_id,
                   CASE WHEN x %% 20 >= 6 THEN e.district_id || '-emergency_management' END,
                   ((now() - ((x * 7919) %% 730) * interval '1 day'
                     - ((x * 37) %% 86400) * interval '1 second')
                    AT TIME ZONE 'Asia/Shanghai')::date,
                   %s, '', '', '', false, '',
                   now() - ((x * 7919) %% 730) * interval '1 day'
                     - ((x * 37) %% 86400) * interval '1 second', now()
            FROM generate_series(1, %s) AS x
            JOIN enterprises_enterprise e ON e.id = 1 + (x - 1) %% %s
            ORDER BY x""", [user.pk, INSPECTIONS, ENTERPRISES])
        print(f"inspections {time.perf_counter() - started:.0f} s")
        cursor.execute("""
            CREATE TEMP TABLE bench_hazards AS
            SELECT (i.id - 1) * %s + n AS id, i.id AS inspection_id, i.enterprise_id,
                   i.district_id, i.kind,
                   i.created_at + n * interval '1 minute' AS r,
                   (((i.id - 1) * %s + n) / 20) %% 10 AS p,
                   CASE WHEN ((i.id - 1) * %s + n) %% 20 = 7 THEN 'major' ELSE 'general' END
                     AS grade
            FROM inspections_inspection i, generate_series(1, %s) AS n""",
                       [PER_INSPECTION] * 3 + [PER_INSPECTION])
        steps = []
        for condition, action, from_status, to_status, offset, deadline in STEPS:
            data = (f"jsonb_build_object('{'new_deadline' if action in ('deadline_extended', 'verification_failed') else 'rectification_deadline'}', {deadline}::text)"
                    if deadline else "'{}'::jsonb")
            steps.append(f"""SELECT id AS column1, '{action}' AS column2,
                                    '{from_status}' AS column3, '{to_status}' AS column4,
                                    r + {offset} AS column5, {data} AS column6
                             FROM bench_hazards WHERE {condition}""")
        # major hazards: a plan, then listed supervision; lifted after closure
        steps.append("""SELECT id, 'plan_submitted', 'reported', 'reported',
                               r + interval '2 hours', '{}'::jsonb
                        FROM bench_hazards WHERE grade = 'major' AND p <> 0""")
        steps.append("""SELECT id, 'supervision_placed', 'reported', 'reported',
                               r + interval '3 hours', '{}'::jsonb
                        FROM bench_hazards WHERE grade = 'major' AND p <> 0""")
        cursor.execute("CREATE TEMP TABLE bench_steps AS " + " UNION ALL ".join(steps))
        cursor.execute("DELETE FROM bench_steps WHERE column5 >= now()")
        print(f"steps {time.perf_counter() - started:.0f} s")
        # the hazard row as its last step left it
        cursor.execute("""
            CREATE TEMP TABLE bench_last AS
            SELECT DISTINCT ON (column1) column1 AS id, column4 AS status, column5 AS at
            FROM bench_steps WHERE column2 NOT IN ('plan_submitted', 'supervision_placed',
                                                  'extension_requested', 'extension_refused')
            ORDER BY column1, column5 DESC""")
        cursor.execute("""
            CREATE TEMP TABLE bench_deadline AS
            SELECT DISTINCT ON (column1) column1 AS id,
                   COALESCE(column6->>'new_deadline', column6->>'rectification_deadline')::date
                     AS deadline
            FROM bench_steps WHERE column6 <> '{}'::jsonb ORDER BY column1, column5 DESC""")
        cursor.execute("""
            INSERT INTO hazards_hazard (id, inspection_id, enterprise_id, district_id,
                inspection_kind, grade, category, description, location,
                rectification_measures, responsible_person, rectification_deadline,
                interim_safety_measures, status, reported_by_id, closed_at, version,
                registered_at, created_at, updated_at)
            SELECT h.id, h.inspection_id, h.enterprise_id, h.district_id, h.kind, h.grade,
                   'equipment_defect', '基准隐患描述 ' || h.id, '', '', '', d.deadline,
                   CASE WHEN h.grade = 'major' THEN '设置警戒区' ELSE '' END,
                   COALESCE(l.status, 'reported'), %s,
                   CASE WHEN l.status = 'closed' THEN l.at END, 1, h.r, h.r,
                   GREATEST(h.r, l.at)
            FROM bench_hazards h LEFT JOIN bench_last l ON l.id = h.id
            LEFT JOIN bench_deadline d ON d.id = h.id
            ORDER BY h.id""", [user.pk])
        cursor.execute("SELECT setval(pg_get_serial_sequence('hazards_hazard', 'id'), "
                       "(SELECT max(id) FROM hazards_hazard))")
        print(f"hazards {time.perf_counter() - started:.0f} s")
        cursor.execute("""
            INSERT INTO hazards_hazardtransition (hazard_id, action, from_status, to_status,
                actor_id, at, note, data)
            SELECT id, 'registered', '', 'reported', %s, r, '', '{}'::jsonb FROM bench_hazards
            UNION ALL
            SELECT column1, column2, column3, column4, %s, column5, '', column6
            FROM bench_steps ORDER BY 1, 6""", [user.pk, user.pk])
        cursor.execute("""
            INSERT INTO hazards_supervision (hazard_id, authority, letter_number, started_on,
                placed_by_id, note, lift_note)
            SELECT column1, '区安委办', '督〔' || column1 || '〕号',
                   (column5 AT TIME ZONE 'Asia/Shanghai')::date, %s, '', ''
            FROM bench_steps WHERE column2 = 'supervision_placed'""", [user.pk])
        print(f"history {time.perf_counter() - started:.0f} s")
        cursor.execute("ANALYZE")
    from oversight.spans import spans_rebuild_all

    spans_started = time.perf_counter()
    spans_rebuild_all()
    print(f"spans rebuilt from the history in {time.perf_counter() - spans_started:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
        for table in ("hazards_hazard", "hazards_hazardtransition", "oversight_statespan",
                      "inspections_inspection", "enterprises_enterprise"):
            cursor.execute(f"SELECT count(*) FROM {table}")
            print(f"{table:<28} {cursor.fetchone()[0]:>10,} rows")
    print(f"filled in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    fill()
