"""The one engine of the dry run and the confirmed run: stream the file, plan each row, write it
through the domain services (``imports.services.writer``), report what was refused.

- All or nothing: every row runs in its own savepoint so that the report lists every bad row;
  if any row was rejected (or it is a dry run) the whole transaction is rolled back. Valid
  rows only: batches of ``BATCH_SIZE`` rows commit one by one, rejected rows are reported.
- Scope: everything is matched within the job's district. Source keys (``ImportedRecord``)
  are looked up only among the district's own records, so another district's inspection or
  hazard numbers never find that district's records; see ``writer`` for enterprises.
- Memory: rows stream from ``imports.readers``; only the keys seen so far (for duplicate
  detection) and per-batch lookups are kept.
"""
import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.errors import DomainError
from enterprises.models import Sector

from ..cleaning import clean_text
from ..layouts import RowError, RowPlan, interpret
from ..models import ImportedRecord, ImportJob, ImportMode, ImportRowIssue, RecordKind
from ..readers import iter_rows
from .results import ImportRejected, Summary, legacy_key, stored_key
from .writer import RowWriter

BATCH_SIZE = 500


class _Rollback(Exception):
    """Raised inside the outer transaction to undo a dry run or a rejected all-or-nothing run."""


class Records:
    """The batch's existing source records, by kind and FULL natural key (the stored form is
    ``stored_key``; records written before it by a cut key are found by ``legacy_key``)."""

    def __init__(self):
        self._by_key: dict[tuple[str, str], ImportedRecord] = {}

    def get(self, kind: str, key: str) -> ImportedRecord | None:
        return self._by_key.get((kind, key))

    def put(self, kind: str, key: str, record: ImportedRecord) -> None:
        self._by_key[(kind, key)] = record

    @classmethod
    def load(cls, *, district_id: str, preset_code: str, keys: dict[str, set[str]]):
        """One query per kind, within ``district_id`` only."""
        records = cls()
        for kind, natural_keys in keys.items():
            forms = {}
            for key in natural_keys:
                forms[stored_key(key)] = key
                if legacy_key(key):
                    forms.setdefault(legacy_key(key), key)
            if not forms:
                continue
            for record in ImportedRecord.objects.filter(
                    district_id=district_id, preset_code=preset_code, kind=kind,
                    natural_key__in=list(forms)):
                key = forms[record.natural_key]
                if records.get(kind, key) is None or record.natural_key == stored_key(key):
                    records.put(kind, key, record)
        return records


class Engine(RowWriter):
    """Streams the job's file, plans each row and writes it (see module docstring).

    ``progress(done)`` (optional) is called after each batch with the rows processed so far;
    ``on_batch(done)`` is the jobs module's bookkeeping of the same number.
    """

    def __init__(self, job: ImportJob, *, dry_run: bool, progress=None, on_batch=None):
        self.job, self.dry_run, self.progress, self.on_batch = job, dry_run, progress, on_batch
        self.preset = job.preset
        self.layout = job.preset.layout
        self.mapping = {int(k): v for k, v in job.mapping.items()}
        self.headers = job.options.get("headers", [])
        self.field_header = {f: (self.headers[i] if i < len(self.headers) else f)
                             for i, f in self.mapping.items()}
        self.actor = job.created_by
        self.district_id = job.district_id
        self.sector_id = job.options.get("sector") or "other"
        default_date = job.options.get("default_inspected_on")
        self.default_inspected_on = (datetime.date.fromisoformat(default_date)
                                     if default_date else None)
        self.summary = Summary()
        self.issues: list[ImportRowIssue] = []
        self.seen: dict[str, int] = {}  # natural key → first row number (duplicates)
        self.enterprises: dict = {}
        self.inspections: dict = {}
        self.created_inspections: set[str] = set()
        self.sectors = {sector.code: sector for sector in Sector.objects.all()}

    # reading

    def rows(self):
        """``(row number, raw row, {field: raw value})`` for each non-empty data row."""
        for number, row in iter_rows(self.job.file.path, name=self.job.original_name):
            if number <= self.job.header_row:
                continue
            values = {f: (row[i] if i < len(row) else None) for i, f in self.mapping.items()}
            if all(clean_text(v) is None for v in row):
                continue  # empty rows are not rows of the ledger
            yield number, row, values

    def batches(self):
        batch = []
        for item in self.rows():
            batch.append(item)
            if len(batch) >= BATCH_SIZE:
                yield batch
                batch = []
        if batch:
            yield batch

    # running

    def run(self):
        all_or_nothing = self.dry_run or self.job.mode == ImportMode.ALL_OR_NOTHING
        try:
            if all_or_nothing:
                with transaction.atomic():
                    for batch in self.batches():
                        self.process(batch)
                    if self.dry_run or self.summary.rejected:
                        raise _Rollback
            else:
                for batch in self.batches():
                    with transaction.atomic():
                        self.process(batch)
        except _Rollback:
            self.enterprises.clear()
            self.inspections.clear()
        if not self.dry_run and all_or_nothing and self.summary.rejected:
            raise ImportRejected(_("有 %(n)d 行被拒绝，未写入任何数据。")
                                 % {"n": self.summary.rejected}, summary=self.summary)

    def report(self, number: int, row: list, errors: list[RowError]):
        self.summary.rejected += 1
        raw = [clean_text(v) or "" for v in row]
        for index, error in enumerate(errors):
            self.issues.append(ImportRowIssue(
                job=self.job, row_number=number,
                column=str(self.field_header.get(error.field, error.field or ""))[:200],
                message_zh=error.zh, message_en=error.en, values=raw if index == 0 else []))

    def process(self, batch):
        plans = []
        for number, row, values in batch:
            self.summary.rows_read += 1
            result = interpret(self.layout, values, self.preset,
                               default_inspected_on=self.default_inspected_on)
            if isinstance(result, list):
                self.report(number, row, result)
                continue
            plan: RowPlan = result
            # the source row as read (cleaned), kept in the registration's history data
            plan.source["values"] = {f: clean_text(v) for f, v in values.items()
                                     if clean_text(v) is not None}
            if plan.skip_reason:
                self.summary.skipped += 1
                continue
            key = (f"h:{plan.hazard.key}" if plan.hazard
                   else f"i:{plan.inspection.key}" if plan.inspection
                   else f"e:{plan.enterprise.key}")
            if key in self.seen:
                self.report(number, row, [RowError(
                    "", f"与第 {self.seen[key]} 行是同一条记录（重复）",
                    f"duplicate of row {self.seen[key]}")])
                continue
            self.seen[key] = number
            plans.append((number, row, plan))
        records = self._records_for(plans)
        for number, row, plan in plans:
            try:
                with transaction.atomic():
                    outcome = self.apply(number, plan, records)
            except DomainError as exc:
                field_name = (exc.field or "").split(".")[-1]
                self.report(number, row, [RowError(field_name, exc.message,
                                                   getattr(exc, "en", exc.message))])
                continue
            except IntegrityError:
                # another import of the same records committed first (the unique source key)
                self.report(number, row, [RowError(
                    "", "该记录正被另一导入任务同时写入，请稍后重新导入",
                    "another import wrote this record at the same time; import again")])
                continue
            setattr(self.summary, outcome, getattr(self.summary, outcome) + 1)
        done = self.summary.rows_read
        if self.on_batch:
            self.on_batch(done)
        if self.progress:
            self.progress(done)

    def _records_for(self, plans) -> Records:
        """Existing source records of the district for the batch's keys."""
        keys = {RecordKind.ENTERPRISE: set(), RecordKind.INSPECTION: set(),
                RecordKind.HAZARD: set()}
        for _number, _row, plan in plans:
            keys[RecordKind.ENTERPRISE].add(plan.enterprise.key)
            if plan.inspection:
                keys[RecordKind.INSPECTION].add(plan.inspection.key)
            if plan.hazard:
                keys[RecordKind.HAZARD].add(plan.hazard.key)
        return Records.load(district_id=self.district_id, preset_code=self.preset.code,
                            keys=keys)
