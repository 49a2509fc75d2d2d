"""Signatories and numbers of the numbered enforcement documents the loop issues."""

from django.utils.translation import gettext as _

from core.clock import today_cst
from core.errors import ValidationFailed

from ..documents import issuing_department, next_document_number
from ..models import Hazard


def _officer_snapshot(user) -> tuple[str, str]:
    return (str(user), user.badge_number or "")


def _document_officers(*, hazard: Hazard, actor, officers) -> list:
    """The (up to) two enforcement officers who sign a document.

    Given ``officers``: exactly two distinct district staff (or city officials) with badge
    numbers, else ValidationFailed (field ``officers``; an officer outside the district is
    refused without being named). Not given: the hazard inspection's
    inspectors with badge numbers, then the actor if it has one, at most two. When the
    setting ``HAZARD_DOCUMENTS_REQUIRE_TWO_OFFICERS`` is true (the default), fewer than two is a
    ValidationFailed as well; otherwise the document records who is known and
    ``has_two_officers`` is false.
    """
    from django.conf import settings

    if officers:
        officers = list(officers)
        if len(officers) != 2 or officers[0].pk == officers[1].pk:
            raise ValidationFailed(_("须由两名执法人员签发。"), field="officers")
        for officer in officers:
            # checked first, and without the name: a person outside the district must not be
            # named (or confirmed to exist) to whoever picked their id
            if not (officer.works_in_district(hazard.district_id) or officer.is_city_official):
                raise ValidationFailed(_("所选执法人员不是本区县的执法人员。"), field="officers")
        for officer in officers:
            if not officer.badge_number:
                raise ValidationFailed(_("执法人员“%(name)s”没有执法证号。") % {"name": officer},
                                       field="officers")
        return officers
    found = [u for u in hazard.inspection.inspectors.all() if u.badge_number]
    if getattr(actor, "badge_number", "") and actor.pk not in {u.pk for u in found}:
        found.append(actor)
    found = found[:2]
    if len(found) < 2 and getattr(settings, "HAZARD_DOCUMENTS_REQUIRE_TWO_OFFICERS", True):
        raise ValidationFailed(_("须由两名持执法证的执法人员签发。"), field="officers")
    return found


def _document_fields(*, kind: str, hazard: Hazard, actor, officers, department) -> dict:
    """Number, signatories and the parties as printed (issuing department's name, the
    enterprise's name and credit code) of a new document (runs inside the caller's
    transaction)."""
    department = issuing_department(hazard=hazard, actor=actor, department=department)
    number, year, seq = next_document_number(kind=kind, department=department,
                                             district=hazard.district, on=today_cst())
    enterprise = hazard.enterprise
    fields = {"number": number, "sequence_year": year, "sequence_value": seq,
              "department": department,
              "department_name": department.name if department is not None else "",
              "enterprise_name": enterprise.name, "enterprise_credit_code": enterprise.credit_code}
    for index, officer in enumerate(officers[:2], start=1):
        name, badge = _officer_snapshot(officer)
        fields.update({f"officer_{index}": officer, f"officer_{index}_name": name,
                       f"officer_{index}_badge": badge})
    return fields


def _order_items(hazard: Hazard, measures: str) -> list[dict]:
    basis = str(hazard.criterion) if hazard.criterion_id else ""
    return [{"hazard_id": hazard.pk, "description": hazard.description,
             "location": hazard.location, "measures": measures, "basis": basis}]
