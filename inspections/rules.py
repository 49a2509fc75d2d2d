"""Who may file, fill, sign an inspection record: one named predicate per action
(``core.rules.Rule``: role first, a 403; then state, a 409). Pages gate their forms with these,
the services in ``hazards.filing`` check the same ones. Rules follow docs/domain.md §1–§3."""
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from core.errors import ValidationFailed
from core.rules import Rule

from .enums import InspectionKind
from .models import RecordSigned
from .team import signing_officers, validate_team


def is_officer_of(user, inspection) -> bool:
    """The inspection's own officers (a self-inspection: the person who filed it). One query
    unless ``inspectors`` is prefetched."""
    if inspection.is_self_inspection:
        return user.pk == inspection.created_by_id
    return any(officer.pk == user.pk for officer in inspection.inspectors.all())


def _is_district_staff(user) -> bool:
    return bool(user.district_id) and not user.is_enterprise_officer and not user.is_city_official


@dataclass(frozen=True)
class Filing:
    """What ``can_file_inspection`` judges: filing an inspection of ``kind`` at
    ``enterprise``."""

    enterprise: object
    kind: str


def _may_file(user, filing: Filing) -> bool:
    # 自查 by the enterprise itself; every other kind by the district's staff (docs/domain.md §1)
    if filing.kind == InspectionKind.SELF_INSPECTION:
        return user.is_enterprise_officer and user.enterprise_id == filing.enterprise.pk
    return user.works_in_district(filing.enterprise.district_id)


can_open_filing = Rule(
    "inspections.open_filing",
    role=lambda user, _nothing: user.is_enterprise_officer or _is_district_staff(user),
    role_message=_("您的角色不能录入检查。"))
"""The filing page (录入检查 / 录入自查): enterprise officers and district staff. Object: None."""

can_file_inspection = Rule(
    "inspections.file", role=_may_file, role_message=_("您无权对该企业录入此类检查。"))
"""Filing an inspection (``Filing(enterprise, kind)``): a self-inspection by the enterprise's own
officer, any other kind by the staff of the enterprise's district."""

can_start_checklist = Rule(
    "inspections.start_checklist",
    role=lambda user, _nothing: _is_district_staff(user),
    role_message=_("只有区县执法人员可以开始现场检查。"))
"""The checklist start page (检查表): the district's inspectors and officials. Object: None."""


def _checklist_open(inspection):
    if inspection.is_signed:
        return RecordSigned(_("检查记录已签署，不能修改。"))
    if inspection.check_results.exists():
        return _("本次检查的检查表已填写。")
    return None


can_record_checklist = Rule(
    "inspections.record_checklist", role=is_officer_of, state=_checklist_open,
    role_message=_("只有本次检查的检查人员可以填写检查表。"))
"""Filling the checklist of an inspection: its officers, once, before it is signed."""


def _signable(inspection):
    if inspection.is_signed:
        return RecordSigned(_("检查记录已签署，不能再次签署。"))
    if not inspection.is_self_inspection:
        try:
            validate_team(kind=inspection.kind, officers=signing_officers(inspection),
                          department=inspection.department,
                          joint_departments=list(inspection.joint_departments.all()))
        except ValidationFailed as refusal:
            return refusal
    return None


can_sign_inspection = Rule(
    "inspections.sign", role=is_officer_of, state=_signable,
    role_message=_("只有本次检查的检查人员可以提交签署。"))
"""Signing the record (谁检查、谁签名): one of its officers, while it is not signed and its team
is one the kind allows (``team.validate_team``; a record filed before the team rule was
enforced at filing can never be signed, and the page says why)."""
