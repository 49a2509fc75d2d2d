"""The city ranking of districts (动态晾晒) for a period, with the minimum-sample rule and the
bottom of the table (点名曝光); and the follow-up actions the city records (警示约谈).

The figures per district are ``figures.figures(group_by="district")`` (eight queries). Ranking
38 aggregated rows is done in Python, where the rules below read plainly; no hazard row is
looped over.

Rules (product rules, stated on the page):
- keys: 整改率 and 按期整改率 (higher is better), 逾期 at the period's end and 重大隐患未销号 at
  its end (fewer is better);
- minimum sample: a district that found fewer than ``OVERSIGHT_RANKING_MIN_FOUND`` hazards in
  the period (default 10), or whose rate is undefined, is listed but not ranked — a league table
  that puts a district with one hazard at the top says nothing;
- ties share a rank (1, 2, 2, 4) and are listed by district code;
- the bottom three: the ranked districts in the last three places (ties at the edge included),
  marked only when more than three districts are ranked.
"""
import dataclasses
import datetime
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import PermissionDenied, ValidationFailed
from core.text import NOTE_MAX_CHARS, clean_text, validate_text_length
from enterprises.models import District

from . import figures as F
from .enums import FollowUpKind
from .models import FollowUpAction
from .periods import Period
from .scope import Scope

RANK_KEYS = {
    "rectification_rate": (gettext_lazy("整改率"), True),
    "on_time_rate": (gettext_lazy("按期整改率"), True),
    "overdue_at_end": (gettext_lazy("期末逾期"), False),
    "majors_open_at_end": (gettext_lazy("期末重大隐患未销号"), False),
}
BOTTOM = 3


def min_found() -> int:
    return getattr(settings, "OVERSIGHT_RANKING_MIN_FOUND", 10)


@dataclasses.dataclass
class Entry:
    """One district in the table: ``rank`` None when not ranked (``reason`` says why)."""

    code: str
    name: str
    figures: dict
    rank: int | None = None
    reason: str = ""
    bottom: bool = False


def ranking(*, period: Period, key: str = "rectification_rate",
            now: datetime.datetime | None = None) -> list[Entry]:
    """Every district for ``period``, ranked by ``key`` (one of RANK_KEYS), unranked ones
    last. Errors: ValidationFailed for an unknown key (field ``key``). Nine queries."""
    if key not in RANK_KEYS:
        raise ValidationFailed(_("排名指标无效。"), field="key")
    higher_is_better = RANK_KEYS[key][1]
    rows = F.figures(scope=Scope(), period=period, group_by="district", now=now)
    empty = F._empty_row()
    entries = [Entry(code=code, name=name, figures=rows.get(code, empty))
               for code, name in District.objects.order_by("code").values_list("code", "name")]
    threshold = min_found()
    ranked, unranked = [], []
    for entry in entries:
        if entry.figures["found"] < threshold:
            entry.reason = _("样本不足（发现隐患少于%(n)d个）") % {"n": threshold}
            unranked.append(entry)
        elif entry.figures[key] is None:
            entry.reason = _("无可计算的数据")
            unranked.append(entry)
        else:
            ranked.append(entry)

    def value(entry):
        number = Decimal(entry.figures[key])
        return -number if higher_is_better else number

    ranked.sort(key=lambda entry: (value(entry), entry.code))
    for position, entry in enumerate(ranked, start=1):
        previous = ranked[position - 2] if position > 1 else None
        entry.rank = previous.rank if previous and value(previous) == value(entry) else position
    if len(ranked) > BOTTOM:
        edge = ranked[-BOTTOM].rank
        for entry in ranked:
            entry.bottom = entry.rank >= edge
    return ranked + unranked


def follow_up_record(*, actor, district: District, kind: str, taken_on: datetime.date,
                     taken_by: str, note: str = "", period_key: str = "") -> FollowUpAction:
    """Record a follow-up action (警示约谈 …) against ``district``. City officials only.

    Inputs: the kind (FollowUpKind), the CST date it was taken (not in the future), who held
    it (free text), a note and the ranking period it follows. Output: the new row.
    Errors: PermissionDenied (not a city official), ValidationFailed (unknown kind, date in
    the future, missing ``taken_by``, note too long).
    """
    from django.utils import timezone

    if not getattr(actor, "is_city_official", False):
        raise PermissionDenied(_("只有市级管理人员可以登记督导措施。"))
    if kind not in FollowUpKind.values:
        raise ValidationFailed(_("措施类型无效。"), field="kind")
    if taken_on is None or taken_on > timezone.localdate():
        raise ValidationFailed(_("日期不能晚于今天。"), field="taken_on")
    if not (taken_by or "").strip():
        raise ValidationFailed(_("请填写实施人或单位。"), field="taken_by")
    validate_text_length(note, limit=NOTE_MAX_CHARS, field="note")
    with transaction.atomic():
        return FollowUpAction.objects.create(
            district=district, kind=kind, taken_on=taken_on, taken_by=clean_text(taken_by)[:100],
            note=clean_text(note), period_key=period_key[:30], recorded_by=actor)


def ranking_xlsx(entries: list[Entry], *, period: Period, key: str) -> bytes:
    """The ranking as a workbook: one row per district, numbers as numbers."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    from .rendering import number

    book = Workbook()
    sheet = book.active
    sheet.title = _("动态晾晒")
    sheet.append([_("统计周期"), period.label, _("排名指标"), str(RANK_KEYS[key][0])])
    headers = [_("名次"), _("区县"), _("排查隐患"), _("已整改"), _("整改率（%）"), _("按期整改"),
               _("按期整改率（%）"), _("期末逾期"), _("期末重大隐患未销号"), _("点名曝光"), _("说明")]
    sheet.append(headers)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    fill = PatternFill("solid", fgColor="FDECEA")
    for entry in entries:
        f = F.jsonable(entry.figures)
        sheet.append([entry.rank, entry.name, f["found"], f["closed"],
                      number(f["rectification_rate"]), f["closed_on_time"],
                      number(f["on_time_rate"]), f["overdue_at_end"], f["majors_open_at_end"],
                      _("是") if entry.bottom else "", entry.reason])
        if entry.bottom:
            for cell in sheet[sheet.max_row]:
                cell.fill = fill
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
