"""Who may do what to a hazard, and when: one named predicate per action of the rectification
loop (``core.rules.Rule``: role first, refused with 403; then state, refused with 409).

Every caller asks the same predicate: the hazard page shows a form only when its predicate is
true (``hazards.loop_actions``), a GET of an action form the user may not use is a 403 page
(``hazards.action_views``), and the services call ``rule.check`` under the row lock, so the API
and the pages report the same refusal. Roles follow docs/domain.md "Roles"; the state rules are
the life cycle's (``TRANSITIONS``) and the loop's (docs/rectification_loop.md).
"""
from django.utils.translation import gettext_lazy as _

from accounts.scoping import user_sees
from core.clock import today_cst
from core.rules import Rule
from inspections.rules import is_officer_of

from .enums import ExtensionStatus, HazardAction, HazardStatus
from .errors import ExtensionLapsed

# action -> states it may start from, and the state it leads to
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    HazardAction.RECTIFICATION_ORDERED: (frozenset({HazardStatus.REPORTED}),
                                         HazardStatus.RECTIFYING),
    HazardAction.SELF_RECTIFICATION_STARTED: (frozenset({HazardStatus.REPORTED}),
                                              HazardStatus.RECTIFYING),
    HazardAction.EVIDENCE_SUBMITTED: (frozenset({HazardStatus.RECTIFYING}),
                                      HazardStatus.PENDING_VERIFICATION),
    HazardAction.VERIFICATION_PASSED: (frozenset({HazardStatus.PENDING_VERIFICATION}),
                                       HazardStatus.CLOSED),
    HazardAction.VERIFICATION_FAILED: (frozenset({HazardStatus.PENDING_VERIFICATION}),
                                       HazardStatus.RECTIFYING),
    HazardAction.CLOSED_ON_SPOT: (frozenset({HazardStatus.REPORTED}), HazardStatus.CLOSED),
    HazardAction.DEADLINE_EXTENDED: (frozenset({HazardStatus.RECTIFYING}),
                                     HazardStatus.RECTIFYING),
}


# --- roles --------------------------------------------------------------------------------

def _is_district_official(user, hazard) -> bool:
    return user.is_district_official and user.district_id == hazard.district_id


def _is_district_staff(user, hazard) -> bool:
    return user.works_in_district(hazard.district_id)


def _is_enterprise_officer(user, hazard) -> bool:
    return user.is_enterprise_officer and user.enterprise_id == hazard.enterprise_id


def _enterprise_or_district_staff(user, hazard) -> bool:
    return _is_enterprise_officer(user, hazard) or _is_district_staff(user, hazard)


def _may_self_rectify(user, hazard) -> bool:
    # 自查自改: only hazards the enterprise found itself; a regulator's finding needs an order.
    return _is_enterprise_officer(user, hazard) and hazard.inspection.is_self_inspection


def _supervisor(user, hazard) -> bool:
    return _is_district_official(user, hazard) or user.is_city_official


# --- states -------------------------------------------------------------------------------

def _transition_state(action):
    allowed_from = TRANSITIONS[action][0]

    def state(hazard):
        if hazard.status in allowed_from:
            return None
        return _("当前状态“%(status)s”不允许执行“%(action)s”。") % {
            "status": hazard.get_status_display(), "action": HazardAction(action).label}
    return state


def _has_pending_extension(hazard) -> bool:
    return hazard.extensions.filter(status=ExtensionStatus.REQUESTED).exists()


def _extension_requestable(hazard):
    if hazard.status != HazardStatus.RECTIFYING:
        return _("只有整改中的隐患可以申请延期。")
    if hazard.rectification_deadline < today_cst():
        return _("整改期限已过，不能再申请延期。")
    if _has_pending_extension(hazard):
        return _("已有一份延期申请待审批。")
    return None


def _extension_decidable(extension):
    hazard = extension.hazard
    if extension.status == ExtensionStatus.LAPSED:
        return ExtensionLapsed(
            _("该延期申请（原整改期限 %(old)s，申请延至 %(new)s）已失效：%(why)s当前整改期限为 "
              "%(current)s。") % {"old": extension.old_deadline,
                                  "new": extension.requested_deadline,
                                  "why": extension.decision_note,
                                  "current": hazard.rectification_deadline or "—"})
    if extension.status != ExtensionStatus.REQUESTED:
        return _("该延期申请已经审批过了。")
    if hazard.status != HazardStatus.RECTIFYING:
        return _("只有整改中的隐患可以延期。")
    if hazard.rectification_deadline != extension.old_deadline:
        # a request decides only the deadline it was made against (extensions.py lapses it)
        return ExtensionLapsed(
            _("该延期申请针对的整改期限 %(old)s 已变更为 %(current)s，申请已失效，不能再审批。")
            % {"old": extension.old_deadline, "current": hazard.rectification_deadline})
    return None


def _plan_open(hazard):
    if not hazard.is_major:
        return _("只有重大隐患需要整改方案。")
    if hazard.status not in (HazardStatus.REPORTED, HazardStatus.RECTIFYING):
        return _("当前状态“%(status)s”不能提交整改方案。") % {
            "status": hazard.get_status_display()}
    return None


def _supervision_placeable(hazard):
    if not hazard.is_major:
        return _("只有重大隐患可以挂牌督办。")
    if not hazard.is_open:
        return _("已销号的隐患不能挂牌督办。")
    if hazard.supervisions.filter(lifted_on__isnull=True).exists():
        return _("该隐患已在挂牌督办中。")
    return None


def _supervision_liftable(supervision):
    if not supervision.is_active:
        return _("该挂牌督办已经解除。")
    if supervision.hazard.status != HazardStatus.CLOSED:
        return _("隐患销号后方可解除挂牌督办。")
    return None


def _photos_open(hazard):
    from inspections.models import RecordSigned

    if hazard.inspection.is_signed:
        return RecordSigned(_("检查记录已签署，不能再添加照片。"))
    return None


# --- the predicates -------------------------------------------------------------------------

can_order_rectification = Rule(
    "hazards.order_rectification", role=_is_district_official,
    state=_transition_state(HazardAction.RECTIFICATION_ORDERED),
    role_message=_("只有本区县的管理人员可以责令限期整改。"))
"""责令限期整改: a district official of the hazard's district, while ``reported``."""

can_start_self_rectification = Rule(
    "hazards.start_self_rectification", role=_may_self_rectify,
    state=_transition_state(HazardAction.SELF_RECTIFICATION_STARTED),
    role_message=_("只有本企业自查发现的隐患可以由企业自行整改。"))
"""自查自改: the enterprise's officer, for a hazard of its own self-inspection, while
``reported``."""

can_submit_evidence = Rule(
    "hazards.submit_evidence", role=_enterprise_or_district_staff,
    state=_transition_state(HazardAction.EVIDENCE_SUBMITTED),
    role_message=_("您无权提交该隐患的整改材料。"))
"""整改材料: the enterprise's officer or the district's staff, while ``rectifying``."""

can_verify = Rule(
    "hazards.verify", role=_is_district_staff,
    state=_transition_state(HazardAction.VERIFICATION_PASSED),
    role_message=_("只有本区县的执法人员可以复查。"))
"""复查 (passed or failed): the district's staff, while ``pending_verification``. An enterprise
can never close its own hazard."""

can_close_on_spot = Rule(
    "hazards.close_on_spot", role=_is_district_staff,
    state=_transition_state(HazardAction.CLOSED_ON_SPOT),
    role_message=_("只有本区县的执法人员可以现场整改销号。"))
"""现场整改销号: the district's staff who witnessed the fix, while ``reported``."""

can_request_extension = Rule(
    "hazards.request_extension", role=_is_enterprise_officer, state=_extension_requestable,
    role_message=_("只有本企业的安全管理人员可以申请延期。"))
"""延期申请: the enterprise's officer, while ``rectifying``, on or before the deadline day, with
no other request pending."""

can_decide_extension = Rule(
    "hazards.decide_extension",
    role=lambda user, extension: _is_district_official(user, extension.hazard),
    state=_extension_decidable, role_message=_("只有本区县的管理人员可以审批延期。"))
"""延期审批 (object: the DeadlineExtension): a district official of the district, while the
request is pending, the hazard ``rectifying`` and its deadline still the one the request was
made against."""

can_submit_plan = Rule(
    "hazards.submit_plan", role=_enterprise_or_district_staff, state=_plan_open,
    role_message=_("您无权提交该隐患的整改方案。"))
"""整改方案 (五落实), first version or revision: the enterprise's officer or the district's staff,
for a major hazard while ``reported`` or ``rectifying``."""

can_place_supervision = Rule(
    "hazards.place_supervision", role=_supervisor, state=_supervision_placeable,
    role_message=_("只有区县或市级管理人员可以挂牌督办。"))
"""挂牌督办: a district official of the district or a city official, for an open major hazard
not already listed."""

can_lift_supervision = Rule(
    "hazards.lift_supervision",
    role=lambda user, supervision: _supervisor(user, supervision.hazard),
    state=_supervision_liftable, role_message=_("只有区县或市级管理人员可以解除挂牌督办。"))
"""解除挂牌督办 (object: the Supervision): the same people, once the hazard is closed."""

can_add_finding_photos = Rule(
    "hazards.add_finding_photos", role=lambda user, hazard: is_officer_of(user, hazard.inspection),
    state=_photos_open, role_message=_("只有本次检查的检查人员可以添加照片。"))
"""现场照片 on a finding: the inspection's officers, until the record is signed."""


can_change_particulars = Rule(
    "hazards.change_particulars", role=_is_district_staff,
    role_message=_("您无权修改该隐患。"))
"""隐患信息更正 (description, measures, grade, …; ``services.hazard_update_particulars``): the
staff of the hazard's district, who registered it (inspectors) or run its loop (officials).
What the state allows depends on the fields changed (a closed hazard, a signed record, a
running deadline): the service decides that on the difference it computes."""


def _sees_document(user, document) -> bool:
    # a loop document hangs off its hazard; an inspection record is its own owner
    owner = getattr(document, "hazard", None) or document
    return user_sees(user, district_id=owner.district_id, enterprise_id=owner.enterprise_id)


can_download_document = Rule(
    "hazards.download_document", role=_sees_document,
    role_message=_("您无权下载该文书。"))
"""Downloading a document of the loop (指令书, 复查意见书, the inspection record, evidence files,
finding photos): whoever may see its hazard or inspection. The views reach the document
through a scoped selector first, so a stranger gets 404 before this is asked."""


# action -> its predicate, for the transition function (``services.lifecycle._transition``)
TRANSITION_RULES: dict[str, Rule] = {
    HazardAction.RECTIFICATION_ORDERED: can_order_rectification,
    HazardAction.SELF_RECTIFICATION_STARTED: can_start_self_rectification,
    HazardAction.EVIDENCE_SUBMITTED: can_submit_evidence,
    HazardAction.VERIFICATION_PASSED: can_verify,
    HazardAction.VERIFICATION_FAILED: can_verify,
    HazardAction.CLOSED_ON_SPOT: can_close_on_spot,
    # DEADLINE_EXTENDED: decided by can_decide_extension on the request (services.extensions)
}


def available_actions(user, hazard) -> list[str]:
    """The transitions ``user`` can take on ``hazard`` now, in table order."""
    return [action for action, rule in TRANSITION_RULES.items() if rule(user, hazard)]
