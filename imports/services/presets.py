"""Import presets: the shipped ones, lookup, and saving a job's corrected mapping."""
from django.utils.translation import gettext as _

from core.errors import ValidationFailed

from .. import rules
from ..models import ImportJob, ImportPreset
from ..presets import BUILTIN_PRESETS


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
    """Save the job's confirmed mapping as a new preset owned by ``actor``: the job's headers
    become the first synonym of their fields, the rest of the base preset is copied.

    Errors: PermissionDenied / TransitionNotAllowed (``rules.can_save_preset``: only the
    job's uploader — a colleague who may see the job does not take its file's headers into a
    preset of their own — after the mapping is confirmed); ValidationFailed when the code is
    taken.
    """
    rules.can_save_preset.check(actor, job)
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
