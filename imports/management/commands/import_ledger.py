"""``python manage.py import_ledger PATH --preset NAME --user USERNAME [--district CODE]
[--dry-run] [--valid-rows-only] [--report OUT.xlsx] [--inspected-on YYYY-MM-DD]``

Prints a summary (rows read, created, updated, unchanged, rejected, skipped) and exits with
status 1 when rows were rejected in all-or-nothing mode (nothing was written then), also on a
dry run that found rejected rows. A thin adapter over ``imports.services``.
"""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from core.errors import DomainError
from imports import services
from imports.models import ImportMode


class Command(BaseCommand):
    help = "Import a hazard ledger / inspection export (.xlsx, .xls, .csv) through a preset."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--preset", required=True, help="preset code, e.g. "
                            "osha_inspection_violation, cn_hazard_ledger, cn_check_record")
        parser.add_argument("--user", required=True,
                            help="username of the importing district official (the actor)")
        parser.add_argument("--district", help="target district code (default: the user's)")
        parser.add_argument("--dry-run", action="store_true", help="validate, write nothing")
        parser.add_argument("--valid-rows-only", action="store_true",
                            help="write the valid rows and report the rejected ones")
        parser.add_argument("--inspected-on", help="inspection date for ledgers without one")
        parser.add_argument("--report", help="write the rejected rows (.xlsx) to this path")

    def handle(self, *args, **options):
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"no such file: {path}")
        try:
            user = User.objects.get(username=options["user"])
        except User.DoesNotExist as exc:
            raise CommandError(f"no such user: {options['user']}") from exc
        mode = (ImportMode.VALID_ROWS_ONLY if options["valid_rows_only"]
                else ImportMode.ALL_OR_NOTHING)
        extra = {}
        if options["inspected_on"]:
            extra["default_inspected_on"] = options["inspected_on"]
        try:
            preset = services.preset_get(options["preset"])
            with path.open("rb") as handle:
                job = services.job_create(
                    actor=user, preset=preset, file=handle, name=path.name,
                    district_code=options["district"] or user.district_id or "", mode=mode,
                    options=extra)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        mapped = ", ".join(f"{job.options['headers'][int(i)]}→{f}"
                           for i, f in sorted(job.mapping.items(), key=lambda x: int(x[0])))
        self.stdout.write(f"header row {job.header_row}; mapping: {mapped}")

        def progress(done):
            self.stdout.write(f"  … {done} rows", ending="\r")
            self.stdout.flush()

        failed = False
        try:
            run = services.job_dry_run if options["dry_run"] else services.job_run
            summary = run(job=job, progress=progress)
        except services.ImportRejected as exc:
            summary, failed = exc.summary, True
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        job.refresh_from_db()
        self.stdout.write("")
        self.stdout.write(f"rows read: {summary.rows_read}")
        for name in ("created", "updated", "unchanged", "rejected", "skipped"):
            self.stdout.write(f"{name}: {getattr(summary, name)}")
        self.stdout.write(f"objects created: {dict(summary.objects)}; "
                          f"hazard states: {dict(summary.hazard_states)}")
        self.stdout.write(job.message)
        for issue in job.issues.all()[:20]:
            self.stdout.write(f"  row {issue.row_number} [{issue.column}]: {issue.message_zh}"
                              f" / {issue.message_en}")
        if summary.rejected > 20:
            self.stdout.write(f"  … {summary.rejected} rejected rows in all")
        if options["report"] and summary.rejected:
            Path(options["report"]).write_bytes(services.rejected_rows_workbook(job))
            self.stdout.write(f"rejected rows written to {options['report']}")
        all_or_nothing = mode == ImportMode.ALL_OR_NOTHING
        if failed or (all_or_nothing and summary.rejected):
            raise SystemExit(1)
