"""States and outcomes of public reports and rewards."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    """A report's life: received → accepted (routed to the district, being verified) →
    answered; or referred to another department; or linked as a duplicate of an open report."""

    RECEIVED = "received", _("待受理")
    ACCEPTED = "accepted", _("已受理，核查中")
    ANSWERED = "answered", _("已办结")
    REFERRED = "referred", _("已移交其他部门")
    DUPLICATE = "duplicate", _("重复举报，已并案")


OPEN_REPORT_STATUSES = frozenset({ReportStatus.RECEIVED, ReportStatus.ACCEPTED})


class ReportOutcome(models.TextChoices):
    SUBSTANTIATED = "substantiated", _("举报属实")
    NOT_SUBSTANTIATED = "not_substantiated", _("举报不属实")
    REFERRED = "referred", _("已移交有关部门")


class ReportAction(models.TextChoices):
    """One row of a report's history."""

    RECEIVED = "received", _("收到举报")
    ACCEPTED = "accepted", _("受理")
    REROUTED = "rerouted", _("改派区县")
    DUPLICATE_LINKED = "duplicate_linked", _("并入重复举报")
    REFERRED = "referred", _("移交其他部门")
    VERIFICATION_FILED = "verification_filed", _("录入举报核查")
    ANSWERED = "answered", _("答复办结")
    REWARD_PROPOSED = "reward_proposed", _("拟定奖励")
    REWARD_APPROVED = "reward_approved", _("审批奖励")
    REWARD_REFUSED = "reward_refused", _("不予奖励")
    REWARD_PAID = "reward_paid", _("发放奖励")


class RewardBasis(models.TextChoices):
    """How a tier computes the amount."""

    PENALTY_PERCENT = "penalty_percent", _("按行政处罚金额比例")
    PER_PERSON = "per_person", _("按查实瞒报谎报人数")
    FIXED = "fixed", _("固定金额")


class RewardStatus(models.TextChoices):
    PROPOSED = "proposed", _("待审批")
    APPROVED = "approved", _("已批准，待发放")
    REFUSED = "refused", _("不予批准")
    PAID = "paid", _("已发放")


class ReportReminderRung(models.TextChoices):
    # period = the answer deadline; to the district office of the report
    ANSWER_OVERDUE = "answer_overdue", _("举报答复逾期")
