"""Checklists from determination standards (检查表).

Starting an inspection fixes the standards it uses: the editions in force ON THE INSPECTION'S
DATE for the enterprise's sector and for all sectors, whose text is loaded
(``Inspection.standards``), so a later new version never changes an inspection already under
way or done, and an inspection dated before a new edition's effective date keeps the old one.
Special-area clauses (专项类) are offered only to enterprises that carry on that activity
(``Enterprise.activities``). An edition in force whose text is not loaded is named on the
checklist (``checklist_notices``) instead of being replaced by a superseded one. A re-inspection (``follow_up_of``) checks only the
criteria that failed last time (carried forward) and shows the earlier findings.

Marking a criterion non-compliant registers a major hazard citing that criterion (判定依据,
docs/domain.md §10); other findings are registered as general hazards.
"""
import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from core.errors import ValidationFailed
from core.text import cleaned
from hazards.enums import HazardCategory, HazardGrade
from hazards.models import Hazard
from hazards.services import hazard_register, validate_deadline
from inspections import rules
from inspections.enums import CheckResult
from inspections.models import HazardCriterion, Inspection, InspectionCheckResult
from inspections.standards import (
    standard_missing_text_notice,
    standards_current_for_sector,
    standards_not_loaded,
)

from .photos import finding_photos_save, prepare_photos
from .services import inspection_file


def inspection_start(*, actor, enterprise, kind: str, inspected_on: datetime.date,
                     department=None, joint_departments=(), inspectors=(), notes: str = "",
                     follow_up_of: Inspection | None = None) -> Inspection:
    """Start an inspection of ``enterprise`` that will be filled from a checklist.

    Inputs as ``inspection_file`` (no findings yet), plus the other departments of a joint
    inspection and, for a re-inspection, the earlier inspection of the same enterprise.
    Output: the saved inspection with ``standards`` set to its sector's current standards.
    Errors: those of ``inspection_file`` (which enforces the team rule, ``inspections.team.validate_team``: two
    officers with badge numbers for enforcement, two departments for a joint inspection) and
    ValidationFailed for a follow-up of another enterprise's inspection.
    """
    if follow_up_of is not None and follow_up_of.enterprise_id != enterprise.pk:
        raise ValidationFailed(_("复查的原检查必须是同一企业的检查。"), field="follow_up_of")
    with transaction.atomic():
        inspection = inspection_file(actor=actor, enterprise=enterprise, kind=kind,
                                     inspected_on=inspected_on, findings=[],
                                     department=department, inspectors=inspectors,
                                     joint_departments=joint_departments, notes=notes)
        if follow_up_of is not None:
            inspection.follow_up_of = follow_up_of
            inspection.save(update_fields=["follow_up_of", "updated_at"])
        inspection.standards.set(standards_current_for_sector(enterprise.sector_id,
                                                              on=inspected_on))
    return inspection


def checklist_criteria(inspection: Inspection) -> list[HazardCriterion]:
    """The criteria to check at ``inspection``, in standard and clause order.

    A first inspection: the criteria of the standards fixed at its start, less the
    special-area clauses for activities the enterprise does not carry on (read at the time of
    asking: recording the checklist asks again, so a changed activity shows up as a clause to
    mark). A re-inspection: only the criteria found non-compliant at the earlier inspection
    (carried forward), in the version that inspection used.
    """
    queryset = HazardCriterion.objects.select_related("standard")
    if inspection.follow_up_of_id:
        queryset = queryset.filter(
            check_results__inspection_id=inspection.follow_up_of_id,
            check_results__result=CheckResult.NON_COMPLIANT)
    else:
        activities = inspection.enterprise.activities
        queryset = queryset.filter(Q(activity="") | Q(activity__in=activities),
                                   standard__in=inspection.standards.all())
    return list(queryset.order_by("standard__code", "sort_order", "id"))


def checklist_notices(inspection: Inspection) -> list[str]:
    """Sentences for the checklist: each edition in force on the inspection's date for the
    enterprise whose text is not loaded (``standard_missing_text_notice``). Empty for a
    re-inspection, which carries its clauses forward."""
    if inspection.follow_up_of_id:
        return []
    return [standard_missing_text_notice(s) for s in
            standards_not_loaded(inspection.enterprise.sector_id, inspection.inspected_on)]


def criteria_matching(criteria: list[HazardCriterion], query: str) -> list[HazardCriterion]:
    """The criteria of ``criteria`` whose text, group, clause number or standard title contain
    every word of ``query`` (split on spaces, case-insensitive), in the given order; empty for
    an empty query. Works on the checklist already loaded (≈100 clauses), so no query."""
    words = [w.casefold() for w in (query or "").split()]
    if not words:
        return []
    return [c for c in criteria
            if all(w in f"{c.text} {c.group_name} {c.number} {c.standard.title}".casefold()
                   for w in words)]


def earlier_findings(inspection: Inspection) -> list[Hazard]:
    """The findings of the inspection that ``inspection`` re-inspects (empty otherwise)."""
    if not inspection.follow_up_of_id:
        return []
    return list(Hazard.objects.filter(inspection_id=inspection.follow_up_of_id)
                .select_related("criterion__standard").prefetch_related("photos")
                .order_by("id"))


def inspection_checklist_recorded(inspection: Inspection) -> bool:
    return inspection.check_results.exists()


@dataclass
class CheckItem:
    """The inspector's mark on one criterion; a non-compliant one describes the finding."""

    criterion: HazardCriterion
    result: str
    description: str = ""
    location: str = ""
    category: str = HazardCategory.UNLAWFUL_ACT
    rectification_deadline: datetime.date | None = None
    photos: list = field(default_factory=list)


@dataclass
class GeneralFinding:
    """A finding outside the checklist; registered as a general hazard."""

    description: str
    category: str = HazardCategory.EQUIPMENT_DEFECT
    location: str = ""
    rectification_deadline: datetime.date | None = None
    photos: list = field(default_factory=list)


def inspection_record_checklist(*, inspection: Inspection, actor, items: list[CheckItem],
                                general_findings: list[GeneralFinding] = ()) -> list[Hazard]:
    """Record the checklist of ``inspection`` and register its findings, all or nothing.

    Every criterion of ``checklist_criteria`` must be marked exactly once. A non-compliant one
    registers a MAJOR hazard citing it (description defaults to the clause text); each general
    finding a GENERAL hazard. Photos are checked and re-encoded before anything is written.
    Output: the registered hazards, in order.
    Predicate ``inspections.rules.can_record_checklist``.
    Errors: RecordSigned (the record is frozen), PermissionDenied (not one of its officers),
    TransitionNotAllowed (already recorded), ValidationFailed naming ``criterion-<id>`` / ``general-<i>`` fields, DeadlineInPast.
    """
    rules.can_record_checklist.check(actor, inspection)
    expected = {c.pk: c for c in checklist_criteria(inspection)}
    marked = {}
    for item in items:
        name = f"criterion-{item.criterion.pk}"
        if item.criterion.pk not in expected:
            raise ValidationFailed(_("该条款不属于本次检查表。"), field=name)
        if item.result not in CheckResult.values:
            raise ValidationFailed(_("请选择检查结果。"), field=name)
        item.description = cleaned(item.description, field=f"{name}-description",
                                   key="hazard.description")
        marked[item.criterion.pk] = item
    for pk in expected:
        if pk not in marked:
            raise ValidationFailed(_("请选择检查结果。"), field=f"criterion-{pk}")
    photos = {}
    for item in marked.values():
        if item.result == CheckResult.NON_COMPLIANT:
            name = f"criterion-{item.criterion.pk}"
            if item.rectification_deadline is not None:
                validate_deadline(item.rectification_deadline, field=f"{name}-deadline")
            photos[name] = prepare_photos(item.photos, field=f"{name}-photos")
    for index, finding in enumerate(general_findings):
        name = f"general-{index}"
        if not (finding.description or "").strip():
            raise ValidationFailed(_("请填写隐患描述。"), field=f"{name}-description")
        if finding.rectification_deadline is not None:
            validate_deadline(finding.rectification_deadline, field=f"{name}-deadline")
        photos[name] = prepare_photos(finding.photos, field=f"{name}-photos")

    hazards = []
    with transaction.atomic():
        locked = Inspection.objects.select_for_update().get(pk=inspection.pk)
        # again under the lock: a second submission of the same checklist stops here
        rules.can_record_checklist.check(actor, locked)
        for pk, criterion in expected.items():
            item = marked[pk]
            non_compliant = item.result == CheckResult.NON_COMPLIANT
            line = InspectionCheckResult.objects.create(
                inspection=locked, criterion=criterion, result=item.result,
                note="" if non_compliant else item.description)
            if non_compliant:
                # every non-compliant line gets its hazard, in this same transaction
                hazard = hazard_register(
                    inspection=locked, actor=actor, grade=HazardGrade.MAJOR,
                    category=item.category, criterion=criterion, check_result=line,
                    description=item.description or criterion.text,
                    location=item.location, rectification_deadline=item.rectification_deadline,
                    history_data={"criterion": criterion.clause})
                finding_photos_save(hazard=hazard, actor=actor,
                                    photos=photos[f"criterion-{pk}"])
                hazards.append(hazard)
        for index, finding in enumerate(general_findings):
            hazard = hazard_register(
                inspection=locked, actor=actor, grade=HazardGrade.GENERAL,
                category=finding.category, description=finding.description,
                location=finding.location,
                rectification_deadline=finding.rectification_deadline)
            finding_photos_save(hazard=hazard, actor=actor, photos=photos[f"general-{index}"])
            hazards.append(hazard)
    return hazards


def check_results_for(inspection: Inspection) -> list[InspectionCheckResult]:
    """The recorded checklist lines with criterion, standard and hazard (one query)."""
    return list(inspection.check_results.select_related("criterion__standard", "hazard")
                .prefetch_related(Prefetch("hazard__photos")))
