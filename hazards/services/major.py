"""Major hazards: the rectification plan (五落实) and listed supervision (挂牌督办)."""
import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.clock import today_cst
from core.errors import PermissionDenied, TransitionNotAllowed, ValidationFailed
from core.text import cleaned, limit, normalize_identifier, validate_text_length

from .. import permissions
from ..enums import HazardAction, HazardStatus
from ..models import Hazard, RectificationPlan, Supervision
from .lifecycle import _lock_hazard, _record_event, validate_deadline


def hazard_submit_plan(*, hazard: Hazard, actor, responsibility: str, measures: str,
                       funds: Decimal, time_limit: datetime.date, contingency_plan: str,
                       expected_version: int | None = None) -> RectificationPlan:
    """重大隐患整改方案 (五落实): record or revise the plan of a major hazard — responsibility,
    measures, funds (yuan, ≥ 0), time limit (CST date, not in the past) and contingency plan.

    By the enterprise's officer or the district's staff, while the hazard is ``reported`` or
    ``rectifying``. Revisions keep their old values in the plan's history. Output: the plan;
    history row ``plan_submitted``.
    Errors: ValidationFailed (a missing part, negative funds, past time limit, not a major
    hazard), TransitionNotAllowed (wrong state), PermissionDenied, ConcurrentModification.
    """
    parts = {field: cleaned(value, field=field, key=f"plan.{field}", required_message=_(
                 "整改方案须落实责任、措施、资金、时限和预案，请填写完整。"))
             for field, value in (("responsibility", responsibility), ("measures", measures),
                                  ("contingency_plan", contingency_plan))}
    if funds is None or Decimal(funds) < 0:
        raise ValidationFailed(_("整改资金须为不小于零的金额（元）。"), field="funds")
    validate_deadline(time_limit, field="time_limit")
    with transaction.atomic():
        locked = _lock_hazard(hazard, expected_version)
        if not locked.is_major:
            raise ValidationFailed(_("只有重大隐患需要整改方案。"))
        if locked.status not in (HazardStatus.REPORTED, HazardStatus.RECTIFYING):
            raise TransitionNotAllowed(_("当前状态“%(status)s”不能提交整改方案。")
                                       % {"status": locked.get_status_display()})
        if not permissions.may_submit_plan(actor, locked):
            raise PermissionDenied(_("您无权提交该隐患的整改方案。"))
        values = dict(parts)
        values.update(funds=Decimal(funds), time_limit=time_limit, submitted_by=actor,
                      submitted_at=timezone.now())
        plan, created = RectificationPlan.objects.update_or_create(hazard=locked,
                                                                   defaults=values)
        _record_event(locked=locked, actor=actor, action=HazardAction.PLAN_SUBMITTED,
                      data={"plan_id": plan.pk, "revised": not created,
                            "funds": str(plan.funds), "time_limit": time_limit.isoformat()})
    return plan


def hazard_place_supervision(*, hazard: Hazard, actor, authority: str, letter_number: str,
                             started_on: datetime.date | None = None, note: str = "",
                             expected_version: int | None = None) -> Supervision:
    """挂牌督办: a district official of the hazard's district, or a city official, lists an
    open major hazard for supervision by ``authority`` with supervision letter
    ``letter_number`` (督办函号) from ``started_on`` (CST date, default today).

    One active listing per hazard. Output: the Supervision; history row
    ``supervision_placed``. Errors: ValidationFailed (missing authority/letter, not major),
    TransitionNotAllowed (closed, already listed), PermissionDenied, ConcurrentModification.
    """
    authority = cleaned(authority, field="authority", key="supervision.authority",
                        required_message=_("请填写督办单位。"))
    # a document number: half-width, like every identifier (core.text)
    letter_number = normalize_identifier(letter_number)
    if not letter_number:
        raise ValidationFailed(_("请填写督办函号。"), field="letter_number")
    validate_text_length(letter_number, limit=limit("supervision.letter_number"),
                         field="letter_number")
    note = cleaned(note, field="note")
    started_on = started_on or today_cst()
    with transaction.atomic():
        locked = _lock_hazard(hazard, expected_version)
        if not permissions.may_supervise(actor, locked):
            raise PermissionDenied(_("只有区县或市级管理人员可以挂牌督办。"))
        if not locked.is_major:
            raise ValidationFailed(_("只有重大隐患可以挂牌督办。"))
        if not locked.is_open:
            raise TransitionNotAllowed(_("已销号的隐患不能挂牌督办。"))
        if locked.supervisions.filter(lifted_on__isnull=True).exists():
            raise TransitionNotAllowed(_("该隐患已在挂牌督办中。"))
        supervision = Supervision.objects.create(
            hazard=locked, authority=authority, letter_number=letter_number,
            started_on=started_on, placed_by=actor, note=note)
        _record_event(locked=locked, actor=actor, action=HazardAction.SUPERVISION_PLACED,
                      note=note, data={"supervision_id": supervision.pk,
                                       "authority": supervision.authority,
                                       "letter_number": supervision.letter_number,
                                       "started_on": started_on.isoformat()})
    return supervision


def supervision_lift(*, supervision: Supervision, actor, note: str = "",
                     lifted_on: datetime.date | None = None,
                     expected_version: int | None = None) -> Supervision:
    """解除挂牌督办: lift a listing, only after the hazard is closed (销号).

    Same people as placing it. ``expected_version`` is the hazard's. Output: the lifted
    Supervision; history row ``supervision_lifted``. Errors: TransitionNotAllowed (hazard
    still open, already lifted), ValidationFailed (lift date before start or in the future),
    PermissionDenied, ConcurrentModification.
    """
    lifted_on = lifted_on or today_cst()
    if lifted_on > today_cst():
        raise ValidationFailed(_("解除日期不能晚于今天。"), field="lifted_on")
    with transaction.atomic():
        locked_supervision = Supervision.objects.select_for_update().get(pk=supervision.pk)
        locked = _lock_hazard(locked_supervision.hazard, expected_version)
        if not permissions.may_supervise(actor, locked):
            raise PermissionDenied(_("只有区县或市级管理人员可以解除挂牌督办。"))
        if not locked_supervision.is_active:
            raise TransitionNotAllowed(_("该挂牌督办已经解除。"))
        if locked.status != HazardStatus.CLOSED:
            raise TransitionNotAllowed(_("隐患销号后方可解除挂牌督办。"))
        if lifted_on < locked_supervision.started_on:
            raise ValidationFailed(_("解除日期不能早于督办开始日期。"), field="lifted_on")
        locked_supervision.lifted_on = lifted_on
        locked_supervision.lifted_by = actor
        locked_supervision.lift_note = cleaned(note, field="note")
        locked_supervision.save(update_fields=["lifted_on", "lifted_by", "lift_note"])
        _record_event(locked=locked, actor=actor, action=HazardAction.SUPERVISION_LIFTED,
                      note=note, data={"supervision_id": locked_supervision.pk,
                                       "letter_number": locked_supervision.letter_number,
                                       "lifted_on": lifted_on.isoformat()})
    return locked_supervision
