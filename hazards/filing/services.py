"""Inspection services: filing an inspection with its findings in one transaction."""
import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from campaigns.selectors import campaign_for_filing
from core.clock import today_cst
from core.errors import ValidationFailed
from core.text import NOTE_MAX_CHARS, validate_text_length
from hazards.services import hazard_register, validate_deadline
from inspections import rules
from inspections.enums import InspectionKind
from inspections.models import Inspection
from inspections.services import inspection_create

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
                    notes: str = "", campaign=None) -> Inspection:
    """File an inspection of ``enterprise`` with its findings, all or nothing.

    Inputs: the actor, the enterprise, the inspection kind (InspectionKind), the CST date of
    the visit (not in the future), the findings, and for regulator inspections the department
    and inspectors (the actor is always among the inspectors of a regulator inspection).
    ``campaign``: the 专项行动 it belongs to; None = the campaign running for the enterprise's
    sector on that day, if any (``campaigns.selectors.campaign_for_filing``).
    Output: the saved Inspection; its hazards are in state ``reported``.
    Errors: PermissionDenied (``inspections.rules.can_file_inspection``), ValidationFailed for a
    future date, an
    unknown kind or a bad finding (``field`` names it as ``findings[i].name``), DeadlineInPast.
    """
    if kind not in InspectionKind.values:
        raise ValidationFailed(_("检查类型无效。"), field="kind")
    rules.can_file_inspection.check(actor, rules.Filing(enterprise=enterprise, kind=kind))
    if inspected_on > today_cst():
        raise ValidationFailed(_("检查日期不能晚于今天。"), field="inspected_on")
    validate_text_length(notes, limit=NOTE_MAX_CHARS, field="notes")
    if len(findings) > MAX_FINDINGS:
        raise ValidationFailed(_("一次最多录入 %(n)d 条隐患。") % {"n": MAX_FINDINGS},
                               field="findings")
    if department is not None and department.district_id not in (None,
                                                                  enterprise.district_id):
        raise ValidationFailed(_("检查部门须为本区县或市级部门。"), field="department")
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
        if kind != InspectionKind.SELF_INSPECTION:
            inspection.inspectors.set({actor, *inspectors})
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
