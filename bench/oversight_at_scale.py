"""Time the oversight read paths on 1,000,000 hazards, 100,000 enterprises and ~5,000,000
history rows (fill first with bench/oversight_fill.py; see bench/README.md).

For each path — the city dashboard page, the ranking page for the last full quarter, a
district's monthly report figures (and the whole report with its XLSX and PDF) — it prints
the median of 5 runs, the number of queries, each query's own time through psycopg2 directly
(the floor) and the product's time as a ratio of the floors' sum, then EXPLAIN (ANALYZE,
BUFFERS) of every query (to bench/oversight_explain.txt; ``--explain`` prints it too).
"""
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.enums import Role  # noqa: E402
from accounts.models import User  # noqa: E402
from oversight.periods import Period  # noqa: E402
from oversight.reports import report_figures, report_generate  # noqa: E402
from oversight.scope import Scope  # noqa: E402

RUNS = 5


def median_ms(callable_):
    runs = []
    for _ in range(RUNS):
        started = time.perf_counter()
        callable_()
        runs.append((time.perf_counter() - started) * 1000)
    return statistics.median(runs)


def floor_ms(sql):
    """The query alone through the driver (psycopg2 cursor), median of RUNS."""
    raw = connection.connection
    runs = []
    for _ in range(RUNS):
        with raw.cursor() as cursor:
            started = time.perf_counter()
            cursor.execute(sql)
            cursor.fetchall()
            runs.append((time.perf_counter() - started) * 1000)
    return statistics.median(runs)


def measure(label, callable_, explain_to):
    callable_()  # warm caches and the span refresh's watermark
    seen = []

    def record(execute, sql, params, many, context):
        cursor = context["cursor"]
        seen.append(cursor.mogrify(sql, params).decode() if params else sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        callable_()
    queries = [sql for sql in seen if sql.lstrip().upper().startswith(("SELECT", "WITH"))
               and "django_session" not in sql]
    total = median_ms(callable_)
    floors = [floor_ms(sql) for sql in queries]
    ratio = total / sum(floors) if sum(floors) else float("nan")
    print(f"{label:<52} {total:8.1f} ms  {len(seen):3d} queries  "
          f"floor {sum(floors):7.1f} ms  ratio {ratio:4.2f}  "
          f"{'OK' if total <= 1000 else 'OVER 1 s'}")
    slowest = sorted(zip(floors, queries, strict=True), reverse=True)[:3]
    for floor, sql in slowest:
        print(f"    {floor:7.1f} ms  {sql[:110]}")
    explain_to.write(f"\n\n######## {label}: {total:.1f} ms, {len(queries)} SELECTs\n")
    with connection.cursor() as cursor:
        for floor, sql in zip(floors, queries, strict=True):
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            explain_to.write(f"\n-- floor {floor:.1f} ms\n{sql}\n")
            explain_to.write("\n".join(row[0] for row in cursor.fetchall()) + "\n")
    return total


def main():
    settings.ALLOWED_HOSTS = ["*"]
    city = User.objects.filter(username="bench_city").first() or User.objects.create_user(
        "bench_city", role=Role.CITY_OFFICIAL)
    client = Client()
    client.force_login(city)
    today = timezone.localdate()
    quarter = Period.containing("quarter", today).previous()
    month = Period.containing("month", today).previous()
    district = "500102"
    print(f"{connection.settings_dict['NAME']}: quarter {quarter.key}, month {month.key}, "
          f"district {district}; median of {RUNS} runs")
    out_path = Path(__file__).with_name("oversight_explain.txt")
    with out_path.open("w") as explain_to:
        def page(url):
            def get():
                response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)
            return get

        measure("city dashboard page (/oversight/city/)", page("/oversight/city/"), explain_to)
        measure(f"ranking page, quarter {quarter.key}",
                page(f"/oversight/ranking/?period=quarter&date={quarter.start}"), explain_to)
        measure(f"district {district} monthly report figures {month.key}",
                lambda: report_figures(scope=Scope(district=district), period=month),
                explain_to)
        measure(f"district {district} statistics page, month {month.key}",
                page(f"/oversight/statistics/?period=month&date={month.start}"
                     f"&district={district}"), explain_to)
        measure(f"district {district} dashboard page",
                page(f"/oversight/district/{district}/"), explain_to)
    started = time.perf_counter()
    report_generate(kind="monthly", district=district, period=month)
    print(f"{'monthly report generated and stored (figures, XLSX, PDF)':<52} "
          f"{(time.perf_counter() - started) * 1000:8.1f} ms  (one run)")
    print(f"EXPLAIN (ANALYZE, BUFFERS) of every query: {out_path}")
    if "--explain" in sys.argv:
        print(out_path.read_text())


if __name__ == "__main__":
    main()
