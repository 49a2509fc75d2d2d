"""Major hazards: the rectification plan (五落实) and listed supervision (挂牌督办)."""
import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.clock import today_cst
from core.errors import ValidationFailed
from core.text import cleaned, limit, normalize_identifier, validate_text_length

from .. import rules
from ..enums import HazardAction
from ..models import Hazard, RectificationPlan, Supervision
from .lifecycle import _lock_hazard, _record_event, check_version, validate_deadline


def hazard_submit_plan(*, hazard: Hazard, actor, responsibility: str, measures: str,
                       funds: Decimal, time_limit: datetime.date, contingency_plan: str,
                       expected_version: int | None = None,
                       expected_plan_version: int | None = None) -> RectificationPlan:
    """重大隐患整改方案 (五落实): record or revise the plan of a major hazard — responsibility,
    measures, funds (yuan, ≥ 0), time limit (CST date, not in the past) and contingency plan.

    Predicate ``rules.can_submit_plan`` (the enterprise's officer or the district's staff, a
    major hazard, ``reported`` or ``rectifying``). Versions, both optional for non-HTTP callers:
    ``expected_version`` is the hazard's (the hazard's page and ``POST /hazards/{id}/plan/``),
    ``expected_plan_version`` the plan's (``PUT /rectification-plans/{id}/``); a revision
    bumps both, so either guards against a lost update. Revisions keep their old values in the
    plan's history. Output: the plan; history row ``plan_submitted``.
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
        plan = RectificationPlan.objects.select_for_update().filter(hazard_id=locked.pk).first()
        if plan is not None:
            check_version(plan, expected_plan_version,
                          _("整改方案已被他人修改（当前为第 %(v)d 版），请刷新后重试。")
                          % {"v": plan.version})
        if rules.can_submit_plan.role(actor, locked) and not locked.is_major:
            raise ValidationFailed(_("只有重大隐患需要整改方案。"))
        rules.can_submit_plan.check(actor, locked)
        values = dict(parts)
        values.update(funds=Decimal(funds), time_limit=time_limit, submitted_by=actor,
                      submitted_at=timezone.now())
        created = plan is None
        if created:
            plan = RectificationPlan(hazard=locked, **values)
        else:
            for field, value in values.items():
                setattr(plan, field, value)
            plan.version += 1
        plan.save()
        _record_event(locked=locked, actor=actor, action=HazardAction.PLAN_SUBMITTED,
                      data={"plan_id": plan.pk, "revised": not created,
                            "plan_version": plan.version,
                            "funds": str(plan.funds), "time_limit": time_limit.isoformat()})
    return plan


def hazard_place_supervision(*, hazard: Hazard, actor, authority: str, letter_number: str,
                             started_on: datetime.date | None = None, note: str = "",
                             expected_version: int | None = None) -> Supervision:
    """挂牌督办: a district official of the hazard's district, or a city official, lists an
    open major hazard for supervision by ``authority`` with supervision letter
    ``letter_number`` (督办函号) from ``started_on`` (CST date, default today).

    Predicate ``rules.can_place_supervision`` (one active listing per hazard).
    ``expected_version`` is the hazard's (optional for non-HTTP callers). Output: the
    Supervision (version 1); history row ``supervision_placed``.
    Errors: ValidationFailed (missing authority/letter, not major), TransitionNotAllowed
    (closed, already listed), PermissionDenied, ConcurrentModification.
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
        if rules.can_place_supervision.role(actor, locked) and not locked.is_major:
            raise ValidationFailed(_("只有重大隐患可以挂牌督办。"))
        rules.can_place_supervision.check(actor, locked)
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

    Predicate ``rules.can_lift_supervision`` (same people as placing it). ``expected_version``
    is the **listing's** own version (``Supervision.version``; optional for non-HTTP callers,
    pages and the API always pass it). Locks the hazard, then the listing. Output: the lifted
    Supervision (version bumped); history row ``supervision_lifted`` (the hazard's version is
    bumped too). Errors: TransitionNotAllowed (hazard still open, already lifted),
    ValidationFailed (lift date before start or in the future), PermissionDenied,
    ConcurrentModification.
    """
    lifted_on = lifted_on or today_cst()
    if lifted_on > today_cst():
        raise ValidationFailed(_("解除日期不能晚于今天。"), field="lifted_on")
    with transaction.atomic():
        locked = _lock_hazard(supervision.hazard, None)
        locked_supervision = Supervision.objects.select_for_update().get(pk=supervision.pk)
        check_version(locked_supervision, expected_version,
                      _("该挂牌督办已被他人处理，请刷新后重试。"))
        locked_supervision.hazard = locked
        rules.can_lift_supervision.check(actor, locked_supervision)
        if lifted_on < locked_supervision.started_on:
            raise ValidationFailed(_("解除日期不能早于督办开始日期。"), field="lifted_on")
        locked_supervision.lifted_on = lifted_on
        locked_supervision.lifted_by = actor
        locked_supervision.lift_note = cleaned(note, field="note")
        locked_supervision.version += 1
        locked_supervision.save(update_fields=["lifted_on", "lifted_by", "lift_note",
                                               "version"])
        _record_event(locked=locked, actor=actor, action=HazardAction.SUPERVISION_LIFTED,
                      note=note, data={"supervision_id": locked_supervision.pk,
                                       "letter_number": locked_supervision.letter_number,
                                       "lifted_on": lifted_on.isoformat()})
    return locked_supervision
