"""Import jobs: upload, preview, mapping, the dry run, the confirmed run and the claim that
queues it (the queueing itself is ``imports.dispatch``, so that services never import tasks)."""
import logging
from collections.abc import Callable
from pathlib import Path

from django.core.cache import cache
from django.core.files import File
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import PermissionDenied, TransitionNotAllowed, ValidationFailed
from enterprises.models import District, Sector

from .. import rules
from ..cleaning import CellError, clean_text
from ..models import ImportJob, ImportMode, ImportPreset, ImportRowIssue, JobStatus
from ..presets import LAYOUT_FIELDS, match_headers, missing_required
from ..readers import detect_format, iter_rows
from .engine import Engine
from .results import ImportRejected, Summary

logger = logging.getLogger(__name__)

HEADER_SCAN_ROWS = 10
PREVIEW_ROWS = 10


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
    Errors: PermissionDenied (``rules.can_import``), ValidationFailed for an unknown district or
    sector, an unsupported or unreadable file.
    """
    if not District.objects.filter(code=district_code).exists():
        raise ValidationFailed(_("区县不存在。"), field="district")
    rules.can_import.check(actor, district_code)
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


def _require_mapped(layout: str, mapping: dict) -> None:
    missing = missing_required(layout, mapping)
    if missing:
        raise ValidationFailed(_("以下必填字段没有对应列：%(fields)s")
                               % {"fields": "、".join(str(s.label) for s in missing)},
                               field="mapping")


def job_set_mapping(*, job: ImportJob, actor, mapping: dict[int, str]) -> ImportJob:
    """Record the user's confirmed mapping ``{column index: field}`` (empty field = ignore).
    Errors: PermissionDenied for another user, ValidationFailed for an unknown field, a field
    mapped twice, or a required field left unmapped."""
    rules.can_set_mapping.check(actor, job)
    known = {spec.name for spec in LAYOUT_FIELDS[job.preset.layout]}
    cleaned = {int(k): v for k, v in mapping.items() if v}
    if set(cleaned.values()) - known:
        raise ValidationFailed(_("未知字段。"), field="mapping")
    if len(set(cleaned.values())) != len(cleaned):
        raise ValidationFailed(_("同一字段不能对应多列。"), field="mapping")
    _require_mapped(job.preset.layout, cleaned)
    job.mapping = {str(k): v for k, v in cleaned.items()}
    job.status = JobStatus.UPLOADED
    job.save(update_fields=["mapping", "status"])
    return job


def job_dry_run(*, job: ImportJob, progress: Callable[[int], None] | None = None) -> Summary:
    """Validate the whole file against the database and write nothing: the real run inside a
    transaction that is always rolled back, so the report (counts, per-row errors, including
    those only the domain services find) is exactly what the confirmed run will do. Replaces
    the job's issues with this run's report and stores the would-be counts. Output: the
    Summary. Errors: ValidationFailed when required fields are unmapped."""
    return _execute(job=job, dry_run=True, progress=progress)


def job_run(*, job: ImportJob, progress: Callable[[int], None] | None = None) -> Summary:
    """Write the import in the job's mode (``imports.services.engine``). Output: the Summary.
    Errors: ImportRejected (all-or-nothing with rejected rows; nothing written; the job's
    issues hold the report), ValidationFailed when required fields are unmapped."""
    return _execute(job=job, dry_run=False, progress=progress)


def job_claim(*, job: ImportJob, actor, mode: str) -> ImportJob:
    """The user confirms a validated job: record the mode and move it to ``queued`` with a
    compare-and-set (two clicks, two tabs: one wins). The caller queues the run after commit
    (``imports.dispatch.job_confirm``). Errors: PermissionDenied for another user,
    ValidationFailed for an unknown mode, TransitionNotAllowed unless the dry run is done."""
    rules.can_confirm_import.check(actor, job)
    if mode not in ImportMode.values:
        raise ValidationFailed(_("写入方式无效。"), field="mode")
    claimed = (ImportJob.objects.filter(pk=job.pk, status=JobStatus.VALIDATED)
               .update(status=JobStatus.QUEUED, mode=mode, queued_at=timezone.now()))
    if claimed != 1:
        raise TransitionNotAllowed(_("请先试运行校验，再确认导入。"))
    job.refresh_from_db()
    return job


def job_mark_failed(*, job_id: int, message: str) -> None:
    """A running job whose run ended with a domain error: ``failed`` with ``message`` (the
    task adapter's bookkeeping; a job that is no longer running is left alone)."""
    ImportJob.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(
        status=JobStatus.FAILED, message=message)


def progress_key(job_id: int) -> str:
    """The cache key of a running job's processed-row count (read by the progress page)."""
    return f"imports:job:{job_id}:progress"


def _execute(*, job: ImportJob, dry_run: bool, progress) -> Summary:
    _require_mapped(job.preset.layout, {int(k): v for k, v in job.mapping.items()})
    if not rules.may_import(job.created_by, job.district_id):
        raise PermissionDenied(_("只有本区县的管理人员可以导入台账。"))
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, progress=0)
    ImportRowIssue.objects.filter(job=job).delete()
    engine = Engine(job, dry_run=dry_run, progress=progress,
                    on_batch=lambda done: _record_progress(job, done))
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


def _record_progress(job: ImportJob, done: int) -> None:
    # The cache is read by the page while an all-or-nothing run holds its one transaction
    # (configure a shared cache, e.g. Redis, when a Celery worker runs it); the job row shows
    # it too once each valid-rows-only batch commits.
    cache.set(progress_key(job.pk), done, 3600)
    ImportJob.objects.filter(pk=job.pk).update(progress=done)


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
