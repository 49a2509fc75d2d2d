"""Who may import ledgers, and act on an import job: named predicates (``core.rules.Rule``:
role first, 403; then state, 409) used by the import pages and ``imports.services`` alike.

Imports are the district's business: only a district official of the district imports (the
person who may order and close hazards there, so the replayed steps pass the same role checks
as live ones), and only the official who uploaded a job maps, confirms it or saves its mapping
as a preset.
"""
from django.utils.translation import gettext_lazy as _

from core.rules import Rule

from .models import JobStatus


def may_import(user, district_code: str | None) -> bool:
    """A district official of ``district_code`` (None: of any district, i.e. "may they ever")."""
    return bool(getattr(user, "is_authenticated", False) and user.is_district_official
                and user.district_id
                and (district_code is None or user.district_id == district_code))


def _owner(user, job) -> bool:
    return job.created_by_id == user.pk and may_import(user, job.district_id)


can_import = Rule("imports.import", role=may_import,
                  role_message=_("只有本区县的管理人员可以导入台账。"))
"""Uploading a ledger (object: the district code, or None for the upload page itself)."""


def _mapping_editable(job):
    if job.status in (JobStatus.QUEUED, JobStatus.RUNNING):
        return _("导入正在进行，不能修改列对应关系。")
    return None


can_set_mapping = Rule("imports.set_mapping", role=_owner, state=_mapping_editable,
                       role_message=_("只能修改自己的导入任务。"))
"""The preview page's mapping form (and its dry run): the job's uploader, unless it is queued
or running."""


def _confirmable(job):
    if job.status != JobStatus.VALIDATED:
        return _("请先试运行校验，再确认导入。")
    return None


can_confirm_import = Rule("imports.confirm", role=_owner, state=_confirmable,
                          role_message=_("只能确认自己的导入任务。"))
"""Confirming a job: its uploader, after a successful dry run (``validated``)."""


def _mapping_confirmed(job):
    if job.status == JobStatus.UPLOADED:
        return _("请先确认列对应关系并试运行，再保存为导入方案。")
    return None


can_save_preset = Rule("imports.save_preset", role=_owner, state=_mapping_confirmed,
                       role_message=_("只能用自己的导入任务保存导入方案。"))
"""Saving a job's confirmed mapping as a preset: its uploader, once the mapping has been
confirmed by a dry run."""
