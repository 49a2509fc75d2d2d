"""Import services: presets, jobs, the dry run and the confirmed run.

Flow: ``job_create`` stores the upload and proposes a column mapping (``match_headers``);
``job_set_mapping`` records the user's corrections; ``job_dry_run`` validates everything and
writes nothing; ``job_run`` writes. Both runs share ONE engine (``_Engine``): the dry run is
the real run inside a transaction that is always rolled back, so what the dry run reports
(rows created / updated / unchanged / rejected, per-row errors, including those only the
domain services can find) is exactly what the confirmed run will do.

Rules:
- Who: only a district official of the target district may import into it. The importing
  user is the actor of every hazard step, and the transition service checks the same role.
- Writing: enterprises and inspections are created here (there is no creation service for
  imports in their apps; the ``Inspection`` row mirrors ``factories.inspection`` and
  ``inspection_file``, without the "no past deadline" rule that imports cannot meet);
  hazards are registered with ``hazards.services.hazard_register`` and moved to their
  recorded state with ``hazards.services.hazard_record_imported_step`` (through
  ``_transition``), with the source row in the history data.
- All or nothing: every row runs in its own savepoint so that the report lists every bad row;
  if any row was rejected the whole transaction is rolled back. Valid rows only: batches of
  ``BATCH_SIZE`` rows commit one by one, rejected rows are reported.
- Idempotency: ``ImportedRecord`` keys (preset code + natural key) with the row hash; an
  unchanged row writes nothing. A changed row updates the hazard's descriptive fields and
  advances its state through the transition service; a change the domain does not allow by
  import (re-opening a closed hazard, moving a running deadline, which needs an extension) is
  rejected with a reason.
- Memory: rows stream from ``imports.readers``; only the keys seen so far (for duplicate
  detection) and per-batch lookups are kept.
"""
import datetime
import hashlib
import io
import json
import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.core.cache import cache
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.cn import uscc

from core.errors import DomainError, PermissionDenied, ValidationFailed
from enterprises.models import District, Enterprise, Sector
from hazards import services as hazard_services
from hazards.enums import HazardAction, HazardStatus
from hazards.models import Hazard
from inspections.models import Inspection

from .cleaning import CellError, clean_text
from .layouts import RowError, RowPlan, interpret
from .models import (
    ImportedEnterprise,
    ImportedRecord,
    ImportJob,
    ImportMode,
    ImportPreset,
    ImportRowIssue,
    JobStatus,
    RecordKind,
)
from .presets import (
    BUILTIN_PRESETS,
    LAYOUT_FIELDS,
    STATE_CLOSED,
    STATE_CLOSED_ON_SPOT,
    match_headers,
    missing_required,
)
from .readers import detect_format, iter_rows

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
HEADER_SCAN_ROWS = 10
PREVIEW_ROWS = 10
_PLACEHOLDER_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100 characters


class ImportRejected(ValidationFailed):
    """All-or-nothing run with rejected rows: nothing was written. ``summary`` has the counts."""

    code = "import_rejected"

    def __init__(self, message, *, summary):
        super().__init__(message)
        self.summary = summary


@dataclass
class Summary:
    """Counts per source row (``rows_read = created + updated + unchanged + rejected +
    skipped``) and per object (``objects``: enterprises/inspections/hazards created,
    ``hazard_states``: hazards created or updated per resulting state)."""

    rows_read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    skipped: int = 0
    objects: dict = field(default_factory=Counter)
    hazard_states: dict = field(default_factory=Counter)

    @property
    def nothing_changed(self) -> bool:
        return self.created == 0 and self.updated == 0

    def as_dict(self) -> dict:
        data = asdict(self)
        data["objects"], data["hazard_states"] = dict(self.objects), dict(self.hazard_states)
        return data


# --- presets ---------------------------------------------------------------------------


def preset_ensure_builtins() -> None:
    """Upsert the shipped presets (``imports.presets.BUILTIN_PRESETS``). Idempotent."""
    for spec in BUILTIN_PRESETS:
        ImportPreset.objects.update_or_create(
            code=spec["code"], defaults={**{k: v for k, v in spec.items() if k != "code"},
                                         "is_builtin": True})


def preset_get(code: str) -> ImportPreset:
    """The preset with ``code`` (built-ins are created on first use). ValidationFailed when
    there is none."""
    if not ImportPreset.objects.filter(code=code).exists():
        preset_ensure_builtins()
    try:
        return ImportPreset.objects.get(code=code)
    except ImportPreset.DoesNotExist as exc:
        raise ValidationFailed(_("导入方案“%(code)s”不存在。") % {"code": code},
                               field="preset") from exc


def preset_save_from_job(*, job: ImportJob, actor, code: str, name: str) -> ImportPreset:
    """Save the job's confirmed mapping as a new preset: the job's headers become the first
    synonym of their fields, the rest of the base preset is copied. ValidationFailed when the
    code is taken."""
    if ImportPreset.objects.filter(code=code).exists():
        raise ValidationFailed(_("方案代码已存在。"), field="code")
    base = job.preset
    columns = {name_: list(synonyms) for name_, synonyms in base.columns.items()}
    headers = job.options.get("headers", [])
    for index, field_name in job.mapping.items():
        header = headers[int(index)] if int(index) < len(headers) else ""
        if header:
            columns.setdefault(field_name, [])
            columns[field_name] = [header] + [h for h in columns[field_name] if h != header]
    return ImportPreset.objects.create(code=code, name=name, layout=base.layout,
                                       columns=columns, codes=base.codes, options=base.options,
                                       created_by=actor)


# --- who may import --------------------------------------------------------------------


def may_import(user, district_code: str) -> bool:
    """A district official of ``district_code``: the person who may order and close hazards
    there, so the replayed steps pass the same role checks as live ones."""
    return bool(getattr(user, "is_authenticated", False) and user.is_district_official
                and user.district_id == district_code)


# --- jobs ------------------------------------------------------------------------------


def _read_header(path: str, name: str, preset: ImportPreset) -> tuple[int, list[str]]:
    """The header row: among the first rows, the one matching most preset fields (ledgers
    often start with a title row); the first non-empty row when none matches."""
    best, first = None, None
    for number, row in iter_rows(path, name=name):
        if number > HEADER_SCAN_ROWS:
            break
        headers = [clean_text(v) or "" for v in row]
        if not any(headers):
            continue
        first = first or (number, headers)
        score = len(match_headers(headers, preset.columns))
        if score and (best is None or score > best[0]):
            best = (score, number, headers)
    if best:
        return best[1], best[2]
    if first:
        return first
    raise ValidationFailed(_("文件为空。"), field="file")


def job_create(*, actor, preset: ImportPreset, file, name: str, district_code: str,
               mode: str = ImportMode.ALL_OR_NOTHING, options: dict | None = None) -> ImportJob:
    """Store an upload as a new job and propose its column mapping.

    Inputs: the actor, the preset, a file object (uploaded or opened) and its original
    ``name``, the target district code, the mode, options (``default_inspected_on`` ISO date
    for ledgers without a date column, ``sector`` code). Output: the job in state
    ``uploaded`` with ``mapping`` ``{column index: field}`` and ``options["headers"]``.
    Errors: PermissionDenied (``may_import``), ValidationFailed for an unknown district or
    sector, an unsupported or unreadable file.
    """
    if not District.objects.filter(code=district_code).exists():
        raise ValidationFailed(_("区县不存在。"), field="district")
    if not may_import(actor, district_code):
        raise PermissionDenied(_("只有本区县的管理人员可以导入台账。"))
    if mode not in ImportMode.values:
        raise ValidationFailed(_("写入方式无效。"), field="mode")
    try:
        detect_format(name)
    except CellError as exc:
        raise ValidationFailed(exc.zh, field="file") from exc
    options = {**preset.options, **(options or {})}
    if not Sector.objects.filter(code=options.get("sector")).exists():
        raise ValidationFailed(_("行业领域“%(code)s”不存在，请先加载基础数据。")
                               % {"code": options.get("sector")}, field="sector")
    job = ImportJob(preset=preset, created_by=actor, district_id=district_code, mode=mode,
                    original_name=Path(name).name[:255], options=options)
    job.file.save(Path(name).name, File(file), save=False)
    try:
        header_row, headers = _read_header(job.file.path, name, preset)
    except CellError as exc:
        raise ValidationFailed(exc.zh, field="file") from exc
    except ValidationFailed:
        raise
    except Exception as exc:  # a corrupt workbook: openpyxl/xlrd/zipfile raise many types
        logger.info("unreadable import file %s: %s", name, exc)
        raise ValidationFailed(_("文件无法读取（%(error)s）。") % {"error": exc},
                               field="file") from exc
    job.header_row = header_row
    job.options["headers"] = headers
    job.mapping = {str(i): f for i, f in match_headers(headers, preset.columns).items()}
    job.save()
    return job


def job_preview(job: ImportJob) -> dict:
    """What the preview page shows: headers, the proposed mapping, the required fields still
    unmapped, and the first rows after the header (raw values)."""
    rows = []
    for number, row in iter_rows(job.file.path, name=job.original_name):
        if number <= job.header_row:
            continue
        if len(rows) >= PREVIEW_ROWS:
            break
        rows.append((number, [clean_text(v) or "" for v in row]))
    mapping = {int(k): v for k, v in job.mapping.items()}
    return {"headers": job.options.get("headers", []), "mapping": mapping, "rows": rows,
            "fields": LAYOUT_FIELDS[job.preset.layout],
            "missing": missing_required(job.preset.layout, mapping)}


def job_set_mapping(*, job: ImportJob, actor, mapping: dict[int, str]) -> ImportJob:
    """Record the user's confirmed mapping ``{column index: field}`` (empty field = ignore).
    Errors: PermissionDenied for another user, ValidationFailed for an unknown field, a field
    mapped twice, or a required field left unmapped."""
    if job.created_by_id != actor.pk:
        raise PermissionDenied(_("只能修改自己的导入任务。"))
    known = {spec.name for spec in LAYOUT_FIELDS[job.preset.layout]}
    cleaned = {int(k): v for k, v in mapping.items() if v}
    if set(cleaned.values()) - known:
        raise ValidationFailed(_("未知字段。"), field="mapping")
    if len(set(cleaned.values())) != len(cleaned):
        raise ValidationFailed(_("同一字段不能对应多列。"), field="mapping")
    missing = missing_required(job.preset.layout, cleaned)
    if missing:
        raise ValidationFailed(_("以下必填字段没有对应列：%(fields)s")
                               % {"fields": "、".join(str(s.label) for s in missing)},
                               field="mapping")
    job.mapping = {str(k): v for k, v in cleaned.items()}
    job.status = JobStatus.UPLOADED
    job.save(update_fields=["mapping", "status"])
    return job


def job_dry_run(*, job: ImportJob, progress: Callable[[int], None] | None = None) -> Summary:
    """Validate the whole file against the database and write nothing (see module
    docstring). Replaces the job's issues with this run's report and stores the would-be
    counts. Output: the Summary. Errors: ValidationFailed when required fields are unmapped."""
    return _execute(job=job, dry_run=True, progress=progress)


def job_run(*, job: ImportJob, progress: Callable[[int], None] | None = None) -> Summary:
    """Write the import in the job's mode (see module docstring). Output: the Summary.
    Errors: ImportRejected (all-or-nothing with rejected rows; nothing written; the job's
    issues hold the report), ValidationFailed when required fields are unmapped."""
    return _execute(job=job, dry_run=False, progress=progress)


def progress_key(job_id: int) -> str:
    return f"imports:job:{job_id}:progress"


def _execute(*, job: ImportJob, dry_run: bool, progress) -> Summary:
    mapping = {int(k): v for k, v in job.mapping.items()}
    missing = missing_required(job.preset.layout, mapping)
    if missing:
        raise ValidationFailed(_("以下必填字段没有对应列：%(fields)s")
                               % {"fields": "、".join(str(s.label) for s in missing)},
                               field="mapping")
    if not may_import(job.created_by, job.district_id):
        raise PermissionDenied(_("只有本区县的管理人员可以导入台账。"))
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, progress=0)
    ImportRowIssue.objects.filter(job=job).delete()
    engine = _Engine(job, dry_run=dry_run, progress=progress)
    failure = None
    try:
        engine.run()
    except ImportRejected as exc:
        failure = exc
    except CellError as exc:  # the file itself could not be read on
        ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.FAILED, message=exc.zh)
        raise ValidationFailed(exc.zh, field="file") from exc
    except Exception:
        ImportJob.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED, message=_("导入因系统错误中止，未完成的批次未写入。"))
        raise
    summary = engine.summary
    ImportRowIssue.objects.bulk_create(engine.issues, batch_size=1000)
    if dry_run:
        status = JobStatus.VALIDATED
    else:
        status = JobStatus.FAILED if failure else JobStatus.DONE
    job.status = status
    for name in ("rows_read", "created", "updated", "unchanged", "rejected", "skipped"):
        setattr(job, name, getattr(summary, name))
    job.progress = summary.rows_read
    job.stats = {**summary.as_dict(), "dry_run": dry_run}
    job.message = _summary_sentence(summary, dry_run=dry_run, failed=failure is not None)
    job.finished_at = None if dry_run else timezone.now()
    job.save()
    cache.delete(progress_key(job.pk))
    if failure:
        raise failure
    return summary


def _summary_sentence(summary: Summary, *, dry_run: bool, failed: bool) -> str:
    counts = (_("读取 %(read)d 行：新增 %(created)d，更新 %(updated)d，未变化 %(unchanged)d，"
                "拒绝 %(rejected)d，跳过 %(skipped)d。")
              % {"read": summary.rows_read, "created": summary.created,
                 "updated": summary.updated, "unchanged": summary.unchanged,
                 "rejected": summary.rejected, "skipped": summary.skipped})
    if failed:
        return counts + _("有被拒绝的行，按“全部成功才写入”方式未写入任何数据。")
    if dry_run:
        return _("试运行（未写入）：") + counts
    if summary.nothing_changed:
        return counts + _("数据与上次导入相同，未做任何修改。")
    return counts


def placeholder_credit_code(key: str, district_code: str, *, salt: int = 0) -> str:
    """A deterministic, VALID (GB 32100 check digit) placeholder credit code for an imported
    enterprise that has none (e.g. an OSHA establishment).

    Layout: ``9`` (registration authority: market regulation) ``1`` (enterprise) + the target
    district's 6-digit code + 9 characters derived from SHA-256 of ``salt|key`` + the check
    digit. It is not a real registration: ``ImportedEnterprise.placeholder_credit_code`` marks
    it, and the district replaces it when the real code is known. Same key → same code, so a
    re-import finds the same enterprise; ``salt`` steps past a (rare) clash.
    """
    digest = hashlib.sha256(f"{salt}|{key}".encode()).digest()
    body = "91" + district_code + "".join(_PLACEHOLDER_ALPHABET[b % 31] for b in digest[:9])
    return body + uscc.calc_check_digit(body)


class _Rollback(Exception):
    """Raised inside the outer transaction to undo a dry run or a rejected all-or-nothing run."""


class _Engine:
    """Streams the job's file, plans each row and writes it (see module docstring)."""

    def __init__(self, job: ImportJob, *, dry_run: bool, progress):
        self.job, self.dry_run, self.progress = job, dry_run, progress
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
        self.enterprises: dict[str, Enterprise] = {}
        self.inspections: dict[str, Inspection] = {}
        self.created_inspections: set[str] = set()
        self.sector_codes = set(Sector.objects.values_list("code", flat=True))

    # reading

    def rows(self):
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
                self.report(number, row, [RowError(field_name, exc.message, exc.message)])
                continue
            except IntegrityError:
                # another import of the same records committed first (the unique source key)
                self.report(number, row, [RowError(
                    "", "该记录正被另一导入任务同时写入，请稍后重新导入",
                    "another import wrote this record at the same time; import again")])
                continue
            setattr(self.summary, outcome, getattr(self.summary, outcome) + 1)
        done = self.summary.rows_read
        # Progress: the cache is read by the page while an all-or-nothing run holds its one
        # transaction (configure a shared cache, e.g. Redis, when a Celery worker runs it);
        # the job row shows it too once each valid-rows-only batch commits.
        cache.set(progress_key(self.job.pk), done, 3600)
        ImportJob.objects.filter(pk=self.job.pk).update(progress=done)
        if self.progress:
            self.progress(done)

    def _records_for(self, plans) -> dict:
        """Existing source records for the batch's keys, in one query per kind."""
        keys = {RecordKind.ENTERPRISE: set(), RecordKind.INSPECTION: set(),
                RecordKind.HAZARD: set()}
        for _number, _row, plan in plans:
            keys[RecordKind.ENTERPRISE].add(plan.enterprise.key)
            if plan.inspection:
                keys[RecordKind.INSPECTION].add(plan.inspection.key)
            if plan.hazard:
                keys[RecordKind.HAZARD].add(plan.hazard.key)
        records = {}
        for kind, natural_keys in keys.items():
            if not natural_keys:
                continue
            for record in ImportedRecord.objects.filter(
                    preset_code=self.preset.code, kind=kind, natural_key__in=natural_keys):
                records[(kind, record.natural_key)] = record
        return records

    def source(self, number: int, plan: RowPlan, *, values=False) -> dict:
        """Where a step comes from: preset, file, row, job and the record's key columns;
        with ``values`` also the whole source row (for the registration only)."""
        data = {"preset": self.preset.code, "file": self.job.original_name, "row": number,
                "job": self.job.pk, **plan.source}
        if not values:
            data.pop("values", None)
        return data

    def _record(self, records, kind, key, object_id, row_hash, data=None) -> ImportedRecord:
        record = ImportedRecord.objects.create(
            preset_code=self.preset.code, kind=kind, natural_key=key[:500], object_id=object_id,
            row_hash=row_hash, data=data or {}, first_job=self.job, last_job=self.job)
        records[(kind, key)] = record
        return record

    # writing

    def enterprise(self, plan: RowPlan, records) -> Enterprise:
        spec = plan.enterprise
        if spec.key in self.enterprises:
            return self.enterprises[spec.key]
        record = records.get((RecordKind.ENTERPRISE, spec.key))
        enterprise = None
        if record:
            enterprise = Enterprise.objects.filter(pk=record.object_id).first()
        if enterprise is None and spec.credit_code:
            enterprise = Enterprise.objects.filter(credit_code=spec.credit_code).first()
        if enterprise is None and not spec.credit_code and spec.match_by_name:
            enterprise = Enterprise.objects.filter(name=spec.name,
                                                   district_id=self.district_id).first()
        if enterprise is None:
            enterprise = self._create_enterprise(spec)
            self.summary.objects["enterprises"] += 1
        if enterprise.district_id != self.district_id:
            raise ValidationFailed(_("企业“%(name)s”属于其他区县，不能导入到本区县。")
                                   % {"name": enterprise.name}, field="enterprise_name")
        if record is None:
            self._record(records, RecordKind.ENTERPRISE, spec.key, enterprise.pk,
                         hashlib.sha256(spec.key.encode()).hexdigest())
        self.enterprises[spec.key] = enterprise
        return enterprise

    def _check_sector(self, spec):
        code = spec.details.get("sector_id")
        if code and code not in self.sector_codes:
            raise ValidationFailed(_("行业领域“%(code)s”尚未加载到基础数据。") % {"code": code},
                                   field="sector")

    def _create_enterprise(self, spec) -> Enterprise:
        self._check_sector(spec)
        placeholder = not spec.credit_code
        code, salt = spec.credit_code, 0
        while code is None or (placeholder and Enterprise.objects.filter(
                credit_code=code).exists()):
            code = placeholder_credit_code(spec.key, self.district_id, salt=salt)
            salt += 1
        fields = {"sector_id": self.sector_id, **spec.details}
        enterprise = Enterprise(credit_code=code, name=spec.name[:200],
                                district_id=self.district_id, address=spec.address[:300],
                                **fields)
        enterprise.save()
        ImportedEnterprise.objects.create(
            enterprise=enterprise, placeholder_credit_code=placeholder,
            source_key=f"{self.preset.code}:enterprise:{spec.key}"[:600], job=self.job)
        return enterprise

    def inspection(self, number, plan: RowPlan, enterprise, records) -> tuple[Inspection, str]:
        """The row's inspection and what happened to it: created / updated / unchanged."""
        spec = plan.inspection
        spec_hash = hashlib.sha256(json.dumps(asdict(spec), default=str,
                                              sort_keys=True).encode()).hexdigest()
        if spec.key in self.inspections:
            outcome = "created" if spec.key in self.created_inspections else "unchanged"
            return self.inspections[spec.key], outcome
        record = records.get((RecordKind.INSPECTION, spec.key))
        inspection = (Inspection.objects.filter(pk=record.object_id).first()
                      if record else None)
        outcome = "unchanged"
        if inspection is None:
            inspection = Inspection.objects.create(
                kind=spec.kind, enterprise=enterprise, district_id=enterprise.district_id,
                inspected_on=spec.inspected_on, created_by=self.actor,
                reference_number=spec.reference_number, notes=spec.notes)
            self.summary.objects["inspections"] += 1
            self.created_inspections.add(spec.key)
            outcome = "created"
            if record is None:
                self._record(records, RecordKind.INSPECTION, spec.key, inspection.pk,
                             spec_hash, {"source": self.source(number, plan)})
            else:
                ImportedRecord.objects.filter(pk=record.pk).update(
                    object_id=inspection.pk, row_hash=spec_hash, last_job=self.job)
        elif record.row_hash != spec_hash:
            Inspection.objects.filter(pk=inspection.pk).update(
                inspected_on=spec.inspected_on, notes=spec.notes,
                reference_number=spec.reference_number, updated_at=timezone.now())
            ImportedRecord.objects.filter(pk=record.pk).update(row_hash=spec_hash,
                                                               last_job=self.job)
            outcome = "updated"
        self.inspections[spec.key] = inspection
        return inspection, outcome

    def enterprise_row(self, plan: RowPlan, records) -> str:
        """A row of an enterprise list: create the enterprise, or update its descriptive
        fields (name, address, contacts, sector; never the credit code or district)."""
        spec, row_hash = plan.enterprise, plan.row_hash
        record = records.get((RecordKind.ENTERPRISE, spec.key))
        if record and record.row_hash == row_hash:
            return "unchanged"
        created_before = self.summary.objects["enterprises"]
        enterprise = self.enterprise(plan, records)
        if self.summary.objects["enterprises"] > created_before:
            outcome = "created"
        else:
            self._check_sector(spec)
            wanted = {"name": spec.name[:200], "address": spec.address[:300],
                      **{k: v for k, v in spec.details.items() if v}}
            changes = {k: v for k, v in wanted.items() if getattr(enterprise, k) != v}
            if changes:
                Enterprise.objects.filter(pk=enterprise.pk).update(**changes,
                                                                   updated_at=timezone.now())
            outcome = "updated" if changes else "unchanged"
        ImportedRecord.objects.filter(preset_code=self.preset.code, kind=RecordKind.ENTERPRISE,
                                      natural_key=spec.key[:500]).update(
            row_hash=row_hash, last_job=self.job, updated_at=timezone.now())
        return outcome

    def apply(self, number: int, plan: RowPlan, records) -> str:
        if plan.inspection is None:
            return self.enterprise_row(plan, records)
        enterprise = self.enterprise(plan, records)
        inspection, inspection_outcome = self.inspection(number, plan, enterprise, records)
        if plan.hazard is None:
            return inspection_outcome
        spec = plan.hazard
        record = records.get((RecordKind.HAZARD, spec.key))
        row_hash = plan.row_hash
        if record and record.row_hash == row_hash:
            return "unchanged"
        source = self.source(number, plan)
        if record is None:
            hazard = hazard_services.hazard_register(
                inspection=inspection, actor=self.actor, grade=spec.grade,
                category=spec.category, description=spec.description, location=spec.location,
                rectification_measures=spec.rectification_measures,
                responsible_person=spec.responsible_person,
                rectification_deadline=spec.rectification_deadline,
                rectification_funds=spec.rectification_funds,
                note=_("由台账导入"),
                history_data={"imported": True, "source": self.source(number, plan,
                                                                      values=True)})
            hazard = self.advance(hazard, spec, source)
            self._record(records, RecordKind.HAZARD, spec.key, hazard.pk, row_hash,
                         {"source": source})
            self.summary.objects["hazards"] += 1
            self.summary.hazard_states[hazard.status] += 1
            return "created"
        hazard = Hazard.objects.get(pk=record.object_id)
        hazard = self.update(hazard, spec, source)
        ImportedRecord.objects.filter(pk=record.pk).update(
            row_hash=row_hash, last_job=self.job, data={"source": source},
            updated_at=timezone.now())
        self.summary.hazard_states[hazard.status] += 1
        return "updated"

    def step(self, hazard, action, source, note="", deadline=None):
        return hazard_services.hazard_record_imported_step(
            hazard=hazard, actor=self.actor, action=action, source=source, note=note,
            rectification_deadline=deadline)

    def advance(self, hazard: Hazard, spec, source) -> Hazard:
        """Replay the recorded state from where ``hazard`` is (forward only)."""
        code = f"（{spec.state_code}）" if spec.state_code else ""
        if spec.state == STATE_CLOSED_ON_SPOT:
            if hazard.status == HazardStatus.REPORTED:
                return self.step(hazard, HazardAction.CLOSED_ON_SPOT, source,
                                 _("来源记录：现场整改完毕%(code)s") % {"code": code})
            if hazard.status != HazardStatus.CLOSED:
                raise ValidationFailed(_("隐患已在整改流程中，不能改为现场整改销号。"),
                                       field="rectified")
            return hazard
        if hazard.status == HazardStatus.REPORTED and spec.rectification_deadline:
            hazard = self.step(hazard, HazardAction.RECTIFICATION_ORDERED, source,
                               _("来源记录：责令限期整改"), spec.rectification_deadline)
        if spec.state != STATE_CLOSED:
            return hazard
        if hazard.status == HazardStatus.REPORTED:
            raise ValidationFailed(_("已整改的隐患缺少整改期限。"),
                                   field="rectification_deadline")
        if hazard.status == HazardStatus.RECTIFYING:
            hazard = self.step(hazard, HazardAction.EVIDENCE_SUBMITTED, source,
                               _("来源记录：已整改%(code)s") % {"code": code})
        if hazard.status == HazardStatus.PENDING_VERIFICATION:
            hazard = self.step(hazard, HazardAction.VERIFICATION_PASSED, source,
                               _("来源记录：整改完成，销号%(code)s") % {"code": code})
        return hazard

    def update(self, hazard: Hazard, spec, source) -> Hazard:
        """A changed row for an existing hazard: descriptive fields, then the state."""
        if hazard.status == HazardStatus.CLOSED and spec.state not in (STATE_CLOSED,
                                                                      STATE_CLOSED_ON_SPOT):
            raise ValidationFailed(_("该隐患已销号，导入不能重新打开。"), field="rectified")
        if (hazard.status in (HazardStatus.RECTIFYING, HazardStatus.PENDING_VERIFICATION)
                and spec.rectification_deadline != hazard.rectification_deadline):
            raise ValidationFailed(_("整改期限已变化：变更期限须经延期审批，不能通过导入修改。"),
                                   field="rectification_deadline")
        changes = {name: getattr(spec, name) for name in (
            "grade", "category", "description", "location", "rectification_measures",
            "responsible_person", "rectification_funds")
            if getattr(spec, name) != getattr(hazard, name)}
        if hazard.status == HazardStatus.REPORTED and (
                spec.rectification_deadline != hazard.rectification_deadline):
            changes["rectification_deadline"] = spec.rectification_deadline
        if changes:
            # descriptive fields only; the state moves below through the transition service
            Hazard.objects.filter(pk=hazard.pk).update(**changes, updated_at=timezone.now())
            hazard.refresh_from_db()
        return self.advance(hazard, spec, source)


# --- the rejected-rows report -------------------------------------------------------------


def rejected_rows_workbook(job: ImportJob) -> bytes:
    """The rejected rows as an .xlsx: the file's own columns, then the row number and an
    error column (Chinese, then English), one line per rejected row."""
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(_("被拒绝的行"))
    headers = job.options.get("headers", [])
    sheet.append([*headers, _("原行号"), _("错误"), "Errors"])
    current, values, messages = None, [], []

    def flush():
        if current is not None:
            sheet.append([*values, current, "；".join(m[0] for m in messages),
                          "; ".join(m[1] for m in messages)])

    for issue in job.issues.order_by("row_number", "id").iterator(chunk_size=2000):
        if issue.row_number != current:
            flush()
            current, values, messages = issue.row_number, list(issue.values), []
            values += [""] * (len(headers) - len(values))
        prefix = f"[{issue.column}] " if issue.column else ""
        messages.append((prefix + issue.message_zh, prefix + issue.message_en))
    flush()
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def job_confirm(*, job: ImportJob, actor, mode: str) -> ImportJob:
    """The user confirms a validated job: record the mode and queue the run (a Celery task
    after commit; in-process when no broker is configured). Errors: PermissionDenied for
    another user, TransitionNotAllowed unless the dry run has been done."""
    from core.errors import TransitionNotAllowed
    from core.tasks import enqueue

    from .tasks import run_import

    if job.created_by_id != actor.pk:
        raise PermissionDenied(_("只能确认自己的导入任务。"))
    if mode not in ImportMode.values:
        raise ValidationFailed(_("写入方式无效。"), field="mode")
    with transaction.atomic():
        claimed = (ImportJob.objects.filter(pk=job.pk, status=JobStatus.VALIDATED)
                   .update(status=JobStatus.QUEUED, mode=mode, queued_at=timezone.now()))
        if claimed != 1:
            raise TransitionNotAllowed(_("请先试运行校验，再确认导入。"))
        # a broker outage does not fail the confirmation: the job stays queued and the
        # reaper (imports.reaper) publishes it again
        transaction.on_commit(lambda: enqueue(run_import, job_id=job.pk))
    job.refresh_from_db()
    return job
