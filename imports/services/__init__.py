"""Import services: presets, jobs, the dry run and the confirmed run.

Flow: ``job_create`` stores the upload and proposes a column mapping (``match_headers``);
``job_set_mapping`` records the user's corrections; ``job_dry_run`` validates everything and
writes nothing; ``job_claim`` (through ``imports.dispatch.job_confirm``, which queues the run)
and ``job_run`` write. Both runs share ONE engine (``engine.Engine``): the dry run is the real
run inside a transaction that is always rolled back, so what the dry run reports is exactly
what the confirmed run will do.

Rules:
- Who: only a district official of the target district may import into it, and an import
  only ever matches, reads or changes records of that district (``engine``, ``writer``).
- Writing: through the domain services only (``writer``): enterprises, inspections and
  hazards are created, corrected and moved along the loop by the same services as live work,
  with the importing official as actor and the job, file and row in every history row.
- Idempotency: ``ImportedRecord`` keys (district + preset code + natural key) with the row
  hash; an unchanged row writes nothing.

Modules: ``presets`` (presets), ``jobs`` (jobs and runs), ``engine`` (streaming, batches,
transactions, the report), ``writer`` (one row through the domain services), ``report`` (the
rejected-rows workbook), ``results`` (counts, errors, key and placeholder rules).
"""
from .engine import BATCH_SIZE, Engine
from .jobs import (
    job_claim,
    job_create,
    job_dry_run,
    job_mark_failed,
    job_preview,
    job_run,
    job_set_mapping,
    progress_key,
)
from .presets import preset_ensure_builtins, preset_get, preset_save_from_job
from .report import rejected_rows_filename, rejected_rows_workbook
from .results import (
    ImportRejected,
    NotInDistrict,
    RowRejected,
    Summary,
    placeholder_credit_code,
    stored_key,
)

__all__ = [
    "BATCH_SIZE", "Engine", "ImportRejected", "NotInDistrict", "RowRejected", "Summary",
    "job_claim", "job_create", "job_dry_run", "job_mark_failed", "job_preview", "job_run",
    "job_set_mapping", "placeholder_credit_code", "preset_ensure_builtins",
    "preset_get", "preset_save_from_job", "progress_key", "rejected_rows_filename",
    "rejected_rows_workbook", "stored_key",
]
