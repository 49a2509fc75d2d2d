"""Determination standards: which edition is in force, new versions, and spreadsheet import.

Rules:
- An edition applies to an inspection dated D when D is on or after its effective date and
  before its ``superseded_on`` (a new edition supersedes the old one from its effective date;
  an inspection before that date keeps the old edition). An edition with neither date recorded
  follows ``is_current``. Source of the dates: data/reference/standards/standards.csv.
- A standard in use is never edited in place (docs/domain.md §10). Officials create a new
  version (``standard_new_version``), which copies the criteria to a new row, marks the old one
  superseded and leaves every old inspection and hazard on the version it cited.
"""
import csv
import datetime
import io
from pathlib import Path

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from core.clock import today_cst
from core.errors import ValidationFailed

from .models import HazardCriterion, HazardStandard, StandardInUse


def in_force_q(on: datetime.date) -> Q:
    """The condition "in force on ``on``" (a CST calendar date) on HazardStandard rows."""
    started = Q(effective_date__isnull=True) | Q(effective_date__lte=on)
    not_ended = Q(superseded_on__gt=on) | Q(superseded_on__isnull=True, is_current=True)
    return started & not_ended


def standards_in_force(*, sector_id: str, on: datetime.date) -> QuerySet[HazardStandard]:
    """Every edition that applies on ``on`` to an enterprise of ``sector_id``: its sector's
    editions and those for all sectors, in force that day, whether or not their text is
    loaded (``text_loaded``), ordered by code."""
    return (HazardStandard.objects
            .filter(Q(sector_id=sector_id) | Q(applies_to_all_sectors=True), in_force_q(on))
            .order_by("code"))


def standards_current_for_sector(sector_id: str, on: datetime.date | None = None
                                 ) -> QuerySet[HazardStandard]:
    """The standards whose criteria are offered to an inspection of an enterprise in
    ``sector_id`` dated ``on`` (default: today, CST): the editions in force that day whose
    text is loaded. A superseded edition is never offered after its successor takes over,
    even when the successor's text is missing (see ``standards_not_loaded``)."""
    return standards_in_force(sector_id=sector_id, on=on or today_cst()).filter(
        text_loaded=True)


def standards_not_loaded(sector_id: str, on: datetime.date) -> list[HazardStandard]:
    """The editions in force on ``on`` for ``sector_id`` whose text is not loaded: the
    checklist names them instead of offering an older edition."""
    return list(standards_in_force(sector_id=sector_id, on=on).filter(text_loaded=False))


def standard_missing_text_notice(standard: HazardStandard) -> str:
    """The sentence a checklist shows for an edition in force whose text is not loaded, e.g.
    "现行《工贸企业重大事故隐患判定标准》（应急管理部令第10号）自2023年5月15日起施行，本系统
    尚未载入其条文，检查表中没有该标准的条款，请对照正式文本检查；已被替代的旧版本不再提供。"."""
    values = {"citation": standard.citation}
    if standard.effective_date:
        values["date"] = (f"{standard.effective_date.year}年{standard.effective_date.month}月"
                          f"{standard.effective_date.day}日")
        text = _("现行%(citation)s自%(date)s起施行，本系统尚未载入其条文，检查表中没有该标准的"
                 "条款，请对照正式文本检查；已被替代的旧版本不再提供。")
    else:
        text = _("%(citation)s适用于本企业，本系统尚未载入其条文，检查表中没有该标准的条款，"
                 "请对照正式文本检查。")
    return text % values


def standard_new_version(*, standard: HazardStandard, version: str, code: str = "",
                         title: str = "", document_number: str = "", issuing_authority: str = "",
                         effective_date=None, copy_criteria: bool = True) -> HazardStandard:
    """Create a new version of ``standard`` and mark the old one superseded.

    Inputs: the old standard, the new version label (e.g. ``2023``), optionally a new code
    (default ``<old code>-v<version>``), title, document number, authority and effective date
    (default: the old values); ``copy_criteria`` copies the clauses for officials to edit.
    With an effective date, the old edition still applies to inspections dated before it
    (``superseded_on``); without one, the old edition stops being offered at once.
    Output: the new, current standard (not in use, so editable).
    Errors: ValidationFailed for an empty or already used version label or code.
    """
    version = (version or "").strip()
    if not version:
        raise ValidationFailed(_("请填写新版本号。"), field="version")
    code = (code or f"{standard.code}-v{version}").strip()
    if HazardStandard.objects.filter(code=code).exists():
        raise ValidationFailed(_("代码“%(code)s”已存在。") % {"code": code}, field="code")
    # the old edition applies until the new one's own effective date, when one is given
    superseded_on = effective_date
    effective_date = effective_date or standard.effective_date
    with transaction.atomic():
        new = HazardStandard.objects.create(
            sector_id=standard.sector_id, code=code, title=title or standard.title,
            issuing_authority=issuing_authority or standard.issuing_authority,
            document_number=document_number or standard.document_number,
            effective_date=effective_date, version=version, is_current=True)
        if copy_criteria:
            HazardCriterion.objects.bulk_create([
                HazardCriterion(standard=new, number=c.number, group_name=c.group_name,
                                code=c.code, text=c.text, sort_order=c.sort_order)
                for c in standard.criteria.all()])
        # through save(): the in-use guard of HazardStandard.save sees that only the version
        # links change (no QuerySet.update() on a domain table)
        old = HazardStandard.objects.select_for_update().get(pk=standard.pk)
        old.is_current, old.superseded_by, old.superseded_on = False, new, superseded_on
        old.save(update_fields=["is_current", "superseded_by", "superseded_on"])
    return new


CRITERIA_COLUMNS = {
    # accepted headings (Chinese or English) → field
    "number": "number", "条款号": "number", "序号": "number",
    "group_name": "group_name", "分组": "group_name",
    "code": "code", "条目代码": "code",
    "text": "text", "条款内容": "text", "内容": "text",
}


def _rows_from_file(upload, name: str) -> list[dict]:
    if name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        sheet = load_workbook(upload, read_only=True, data_only=True).active
        rows = list(sheet.iter_rows(values_only=True))
        if not rows:
            return []
        headings = [str(h or "").strip() for h in rows[0]]
        return [{headings[i]: ("" if v is None else str(v)) for i, v in enumerate(row)
                 if i < len(headings)} for row in rows[1:]]
    data = upload.read()
    text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
    return list(csv.DictReader(io.StringIO(text)))


def criteria_import(*, standard: HazardStandard, upload, name: str = "") -> int:
    """Import clauses into ``standard`` from a spreadsheet (.xlsx or .csv, UTF-8).

    Columns: ``条款号``/``number`` and ``条款内容``/``text`` are required; ``分组``/``group_name``
    and ``条目代码``/``code`` are optional. A clause number already present is updated. All or
    nothing. Output: the number of rows imported.
    Errors: StandardInUse when the standard is cited already (import into a new version);
    ValidationFailed naming the first bad row.
    """
    if standard.is_in_use:
        raise StandardInUse(_("该判定标准已被引用，不能导入条款，请先创建新版本。"))
    name = name or getattr(upload, "name", "") or Path(str(upload)).name
    try:
        raw_rows = _rows_from_file(upload, name)
    except (UnicodeDecodeError, csv.Error, OSError, ValueError, KeyError) as exc:
        raise ValidationFailed(_("无法读取文件：%(error)s") % {"error": exc}, field="file") from exc
    rows = []
    for line, raw in enumerate(raw_rows, start=2):
        row = {CRITERIA_COLUMNS[k.strip()]: (v or "").strip() for k, v in raw.items()
               if k and k.strip() in CRITERIA_COLUMNS}
        if not any(row.values()):
            continue
        if not row.get("number") or not row.get("text"):
            raise ValidationFailed(_("第%(line)d行：缺少条款号或条款内容。") % {"line": line},
                                   field="file")
        rows.append(row)
    if not rows:
        raise ValidationFailed(_("文件中没有条款。"), field="file")
    with transaction.atomic():
        start = standard.criteria.count()
        for offset, row in enumerate(rows, start=1):
            HazardCriterion.objects.update_or_create(
                standard=standard, number=row["number"],
                defaults={"text": row["text"], "group_name": row.get("group_name", ""),
                          "code": row.get("code", ""), "sort_order": start + offset})
    return len(rows)
