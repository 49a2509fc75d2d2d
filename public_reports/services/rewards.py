"""举报奖励: the amount by tier, proposal, approval by a second person, payment.

Rule source: the tier table (``RewardTier`` rows, each naming its document). The national
rule 《安全生产领域举报奖励办法》 (国家安全监管总局、财政部, 安监总财〔2018〕19号) as
published reports quote it: major hazards and unlawful production 15 % of the penalty, at least
3,000 and at most 300,000 yuan; concealed or falsely reported accidents 30,000 / 40,000 /
50,000 / 60,000 yuan per person by accident grade, at most 300,000; several reporters of the
same matter: only the first valid (real-name) reporter is rewarded. See
``data/public_reports/reward_tiers.csv`` for what was and was not confirmed.
"""
import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.clock import today_cst
from core.errors import (
    ConcurrentModification,
    PermissionDenied,
    TransitionNotAllowed,
    ValidationFailed,
)
from core.text import clean_text

from .. import rules
from ..enums import ReportAction, RewardBasis, RewardStatus
from ..models import PublicReport, ReportEvent, Reward, RewardTier

CENT = Decimal("0.01")


def reward_amount(*, tier: RewardTier, penalty_amount: Decimal | None = None,
                  persons: int | None = None) -> Decimal:
    """The reward in yuan (Decimal, 2 places) for ``tier``.

    ``penalty_percent``: rate × penalty_amount, raised to min_amount and capped at max_amount;
    ``per_person``: amount × persons, capped at max_amount; ``fixed``: amount.
    Errors: ValidationFailed when the input the tier needs is missing or negative.
    """
    if tier.basis == RewardBasis.PENALTY_PERCENT:
        if penalty_amount is None or penalty_amount < 0:
            raise ValidationFailed(_("请填写行政处罚金额（元）。"), field="penalty_amount")
        value = penalty_amount * tier.rate
        if tier.min_amount is not None:
            value = max(value, tier.min_amount)
    elif tier.basis == RewardBasis.PER_PERSON:
        if not persons or persons < 1:
            raise ValidationFailed(_("请填写查实人数。"), field="persons")
        value = tier.amount * persons
    else:
        value = tier.amount
    if tier.max_amount is not None:
        value = min(value, tier.max_amount)
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def _earlier_rewarded(report: PublicReport) -> bool:
    """True when the matter was already rewarded, or reported earlier by a named reporter
    (first valid reporter only): the reports of the same matter are the duplicate chain's
    original and its duplicates."""
    original_id = report.duplicate_of_id or report.pk
    same_matter = PublicReport.objects.filter(pk=original_id) | PublicReport.objects.filter(
        duplicate_of_id=original_id)
    earlier = same_matter.exclude(pk=report.pk).filter(anonymous=False)
    return (earlier.filter(reward__isnull=False).exists()
            or earlier.filter(received_at__lt=report.received_at).exists())


def reward_propose(*, report, actor, tier: RewardTier, penalty_amount: Decimal | None = None,
                   persons: int | None = None, expected_version: int | None = None) -> Reward:
    """Propose the reward for a substantiated report by a named reporter.

    Output: the Reward (``proposed``), amount computed by ``reward_amount``. Errors:
    PermissionDenied / TransitionNotAllowed (``rules.may_propose_reward``), ValidationFailed
    (tier inactive, inputs, not the first valid reporter), ConcurrentModification.
    """
    if not tier.is_active:
        raise ValidationFailed(_("该奖励标准已停用。"), field="tier")
    amount = reward_amount(tier=tier, penalty_amount=penalty_amount, persons=persons)
    with transaction.atomic():
        locked = PublicReport.objects.select_for_update().get(pk=report.pk)
        if expected_version is not None and locked.version != expected_version:
            raise ConcurrentModification(_("该举报已被他人处理，请刷新后重试。"))
        if not rules.may_propose_reward(actor, locked):
            if not rules.may_handle_report(actor, locked):
                raise PermissionDenied(_("您无权处理该举报。"))
            raise TransitionNotAllowed(_("只有实名举报且核查属实的举报才能拟定奖励，每件一次。"))
        if _earlier_rewarded(locked):
            raise ValidationFailed(_("同一事项已有更早的实名举报人，只奖励最先有效举报人。"),
                                   field="tier")
        reward = Reward.objects.create(report=locked, district_id=locked.district_id,
                                       tier=tier, penalty_amount=penalty_amount,
                                       persons=persons, amount=amount, proposed_by=actor)
        locked.version += 1
        locked.save(update_fields=["version", "updated_at"])
        ReportEvent.objects.create(report=locked, action=ReportAction.REWARD_PROPOSED,
                                   from_status=locked.status, to_status=locked.status,
                                   actor=actor, data={"tier": tier.pk, "amount": str(amount)})
    return reward


def _lock_reward(reward, expected_version):
    locked = Reward.objects.select_for_update().select_related("report").get(pk=reward.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ConcurrentModification(_("该奖励已被他人处理，请刷新后重试。"))
    return locked


def _log(reward, actor, action, data=None, note=""):
    ReportEvent.objects.create(report=reward.report, action=action,
                               from_status=reward.report.status,
                               to_status=reward.report.status, actor=actor, note=note,
                               data={"reward": reward.pk, **(data or {})})


def reward_decide(*, reward, actor, approve: bool, expected_version: int | None,
                  note: str = "") -> Reward:
    """Approve or refuse a proposed reward; the approver is not the proposer (four eyes,
    also a database constraint). Errors: PermissionDenied / TransitionNotAllowed
    (``rules.may_decide_reward``), ConcurrentModification."""
    with transaction.atomic():
        locked = _lock_reward(reward, expected_version)
        if not rules.may_decide_reward(actor, locked):
            if not rules.may_handle_report(actor, locked.report):
                raise PermissionDenied(_("您无权审批该奖励。"))
            raise TransitionNotAllowed(_("该奖励不能由您审批（须由拟定人以外的人员审批待审批的奖励）。"))
        locked.status = RewardStatus.APPROVED if approve else RewardStatus.REFUSED
        locked.decided_by, locked.decided_at = actor, timezone.now()
        locked.version += 1
        locked.save(update_fields=["status", "decided_by", "decided_at", "version"])
        _log(locked, actor, ReportAction.REWARD_APPROVED if approve
             else ReportAction.REWARD_REFUSED, note=clean_text(note))
    return locked


def reward_pay(*, reward, actor, paid_on: datetime.date, payment_reference: str,
               expected_version: int | None) -> Reward:
    """Record the payment of an approved reward (CST date, not in the future, and a payment
    voucher number). Errors: PermissionDenied / TransitionNotAllowed (``may_pay_reward``),
    ValidationFailed, ConcurrentModification."""
    payment_reference = clean_text(payment_reference)
    if not payment_reference:
        raise ValidationFailed(_("请填写支付凭证号。"), field="payment_reference")
    if paid_on > today_cst():
        raise ValidationFailed(_("发放日期不能晚于今天。"), field="paid_on")
    with transaction.atomic():
        locked = _lock_reward(reward, expected_version)
        if not rules.may_pay_reward(actor, locked):
            if not rules.may_handle_report(actor, locked.report):
                raise PermissionDenied(_("您无权发放该奖励。"))
            raise TransitionNotAllowed(_("只有已批准的奖励才能发放。"))
        locked.status, locked.paid_by, locked.paid_on = RewardStatus.PAID, actor, paid_on
        locked.payment_reference = payment_reference[:60]
        locked.version += 1
        locked.save(update_fields=["status", "paid_by", "paid_on", "payment_reference",
                                   "version"])
        _log(locked, actor, ReportAction.REWARD_PAID, data={"paid_on": paid_on.isoformat()})
    return locked

