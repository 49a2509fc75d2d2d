"""Inspection services: filing an inspection with its findings in one transaction."""
import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from campaigns.selectors import campaign_for_filing
from core.clock import today_cst
from core.errors import ValidationFailed
from core.text import cleaned
from hazards.services import hazard_register, validate_deadline
from inspections import rules
from inspections.enums import InspectionKind
from inspections.models import Inspection
from inspections.services import inspection_create
from inspections.team import validate_team

# one submission is one visit; a larger batch belongs in a ledger import
MAX_FINDINGS = 50


@dataclass
class Finding:
    """One finding to register as a hazard. Deadline: CST date; funds: yuan."""

    grade: str
    category: str
    description: str
    location: str = ""
    rectification_measures: str = ""
    responsible_person: str = ""
    rectification_deadline: datetime.date | None = None
    accident_type: object = None
    criterion: object = None
    rectification_funds: Decimal | None = None
    interim_safety_measures: str = ""
    extra: dict = field(default_factory=dict)


def inspection_file(*, actor, enterprise, kind: str, inspected_on: datetime.date,
                    findings: list[Finding], department=None, inspectors=(),
                    joint_departments=(), notes: str = "", campaign=None) -> Inspection:
    """File an inspection of ``enterprise`` with its findings, all or nothing.

    Inputs: the actor, the enterprise, the inspection kind (InspectionKind), the CST date of
    the visit (not in the future), the findings, and for regulator inspections the department,
    the other departments of a joint inspection and the inspectors (the actor is always among
    the inspectors of a regulator inspection; the others must be active district staff of the
    enterprise's district). ``campaign``: the 专项行动 it belongs to; None = the campaign
    running for the enterprise's sector on that day, if any
    (``campaigns.selectors.campaign_for_filing``).
    The team rule of the kind (``inspections.team.validate_team``: two officers with badge
    numbers for enforcement, the lead and another department for a joint inspection) is
    enforced here, so that every filed record can be signed.
    Output: the saved Inspection; its hazards are in state ``reported``.
    Errors: PermissionDenied (``inspections.rules.can_file_inspection``), ValidationFailed for
    a future date, an unknown kind, an inspector from elsewhere or a team the kind does not
    allow (``field`` ``inspectors`` or ``joint_departments``), or a bad finding (``field``
    names it as ``findings[i].name``), DeadlineInPast.
    """
    if kind not in InspectionKind.values:
        raise ValidationFailed(_("检查类型无效。"), field="kind")
    rules.can_file_inspection.check(actor, rules.Filing(enterprise=enterprise, kind=kind))
    if inspected_on > today_cst():
        raise ValidationFailed(_("检查日期不能晚于今天。"), field="inspected_on")
    notes = cleaned(notes, field="notes", key="inspection.notes")
    if len(findings) > MAX_FINDINGS:
        raise ValidationFailed(_("一次最多录入 %(n)d 条隐患。") % {"n": MAX_FINDINGS},
                               field="findings")
    if department is not None and department.district_id not in (None,
                                                                  enterprise.district_id):
        raise ValidationFailed(_("检查部门须为本区县或市级部门。"), field="department")
    if kind == InspectionKind.SELF_INSPECTION:
        team, joint_departments = [], []
    else:
        team = list({actor.pk: actor, **{o.pk: o for o in inspectors}}.values())
        for officer in team[1:]:
            if not (officer.is_active and officer.works_in_district(enterprise.district_id)):
                # never named: the id may belong to someone outside the user's scope
                raise ValidationFailed(_("所选检查人员中有人不是本区县的执法人员。"),
                                       field="inspectors")
        # the lead is ``department``; listed among the others too it would print twice
        joint_departments = [d for d in joint_departments if d != department]
        for other in joint_departments:
            if other.district_id not in (None, enterprise.district_id):
                raise ValidationFailed(_("联合检查部门须为本区县或市级部门。"),
                                       field="joint_departments")
        validate_team(kind=kind, officers=team, department=department,
                      joint_departments=list(joint_departments))
    for index, finding in enumerate(findings):
        if finding.rectification_deadline is not None:
            validate_deadline(finding.rectification_deadline,
                              field=f"findings[{index}].rectification_deadline")
    if campaign is None:
        campaign = campaign_for_filing(enterprise=enterprise, on=inspected_on)
    with transaction.atomic():
        inspection = inspection_create(actor=actor, enterprise=enterprise, kind=kind,
                                       inspected_on=inspected_on, department=department,
                                       notes=notes, campaign=campaign)
        if team:
            inspection.inspectors.set(team)
        if joint_departments:
            inspection.joint_departments.set(joint_departments)
        for index, finding in enumerate(findings):
            try:
                hazard_register(
                    inspection=inspection, actor=actor, grade=finding.grade,
                    category=finding.category, description=finding.description,
                    location=finding.location,
                    rectification_measures=finding.rectification_measures,
                    responsible_person=finding.responsible_person,
                    rectification_deadline=finding.rectification_deadline,
                    accident_type=finding.accident_type, criterion=finding.criterion,
                    rectification_funds=finding.rectification_funds,
                    interim_safety_measures=finding.interim_safety_measures)
            except ValidationFailed as exc:
                exc.field = f"findings[{index}].{exc.field}" if exc.field else None
                raise
    return inspection
