"""Bench: import a generated 50,000-row hazard ledger and print the time and peak memory.

Run by hand (not part of the test suite):

    DATABASE_URL=sqlite:////tmp/hz_bench.sqlite3 .venv/bin/python bench/import_50k.py \
        [--rows 50000] [--format xlsx|csv] [--mode valid_rows_only|all_or_nothing] [--dry-run]

It migrates the database named by DATABASE_URL (use a throw-away one), creates the district,
sector and an importing district official, writes the ledger on the fly with openpyxl's
write-only mode (or the csv module) into a temporary file, and runs it through
``imports.services`` exactly as the page and the command do. Peak memory is the process's
maximum resident set size (``resource.getrusage``) and, with ``--trace-memory``, the peak of
Python allocations during the import (``tracemalloc``), so a reader that loaded the whole file
would show up. Measured numbers are in docs/imports.md.
Rows: 200 enterprises, 10 hazards per inspection, a mix of open, rectifying and closed
hazards with deadlines as dates, Excel serials and Chinese text dates.
"""
import argparse
import csv
import datetime
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("SECRET_KEY", "bench-only")

HEADERS = ["隐患编号", "检查日期", "检查类型", "检查项", "隐患描述", "整改措施", "隐患部位", "责任单位",
           "整改期限", "整改情况", "隐患等级"]


def ledger_rows(count: int):
    base = datetime.date(2024, 1, 1)
    for n in range(count):
        inspected = base + datetime.timedelta(days=(n // 10) % 300)
        deadline = inspected + datetime.timedelta(days=30)
        style = n % 3
        deadline_cell = (deadline.isoformat() if style == 0
                         else (deadline - datetime.date(1899, 12, 30)).days if style == 1
                         else f"{deadline.year}年{deadline.month}月{deadline.day}日")
        yield [f"H{n:06d}", inspected.isoformat(), "执法检查", "消防", f"第{n}号隐患：消防通道堵塞",
               "清理通道", f"{n % 7 + 1}号车间", f"涪陵测试企业{n % 200:03d}有限公司",
               deadline_cell, ["否", "是", ""][n % 3], "一般"]


def write_ledger(path: Path, count: int, fmt: str):
    if fmt == "csv":
        with path.open("w", encoding="gb18030", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADERS)
            writer.writerows(ledger_rows(count))
        return
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(HEADERS)
    for row in ledger_rows(count):
        sheet.append(row)
    workbook.save(path)


def parse_only(job):
    from imports.layouts import interpret
    from imports.services import Engine, Summary

    engine = Engine(job, dry_run=True)
    summary = Summary()
    for _number, _row, values in engine.rows():
        summary.rows_read += 1
        plan = interpret(engine.layout, values, job.preset)
        if isinstance(plan, list):
            summary.rejected += 1
        else:
            summary.created += 1
    return summary


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
    parser.add_argument("--mode", default="valid_rows_only")
    parser.add_argument("--dry-run", action="store_true")
    parser.add_argument("--trace-memory", action="store_true",
                        help="also measure peak Python allocations with tracemalloc (slows "
                        "the run 2-3x)")
    parser.add_argument("--parse-only", action="store_true",
                        help="stream and validate the rows without the database writes "
                        "(reader + cleaning + row plans), to see the reading cost alone")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from imports import services
    from tests import factories

    factories.district("500102", "涪陵区")
    factories.sector("other", "其他")
    actor = (factories.UserFactory._meta.model.objects.filter(username="bench_importer").first()
             or factories.district_official("500102", username="bench_importer"))

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"ledger-{args.rows}.{args.format}"
        started = time.perf_counter()
        write_ledger(path, args.rows, args.format)
        print(f"generated {args.rows} rows ({path.stat().st_size / 1e6:.1f} MB) in "
              f"{time.perf_counter() - started:.1f} s")
        with path.open("rb") as handle:
            job = services.job_create(actor=actor, preset=services.preset_get("cn_hazard_ledger"),
                                      file=handle, name=path.name, district_code="500102",
                                      mode=args.mode)
        last = [time.perf_counter()]

        def progress(done):
            if time.perf_counter() - last[0] > 10:
                last[0] = time.perf_counter()
                print(f"  {done} rows, {time.perf_counter() - started:.0f} s", flush=True)

        if args.trace_memory:
            tracemalloc.start()
        started = time.perf_counter()
        if args.parse_only:
            summary = parse_only(job)
        else:
            run = services.job_dry_run if args.dry_run else services.job_run
            summary = run(job=job, progress=progress)
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] if args.trace_memory else 0
        tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"rows read {summary.rows_read}, created {summary.created}, updated "
          f"{summary.updated}, unchanged {summary.unchanged}, rejected {summary.rejected}")
    traced = f"peak Python allocations {peak / 1e6:.1f} MB; " if args.trace_memory else ""
    print(f"time {elapsed:.1f} s ({summary.rows_read / elapsed:.0f} rows/s); {traced}"
          f"max RSS {rss:.0f} MB")


if __name__ == "__main__":
    main()
