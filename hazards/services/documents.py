"""Signatories and numbers of the numbered enforcement documents the loop issues.

Whoever signs answers for it (谁检查、谁签名、谁负责, docs/domain.md §2): every officer named on a
rectification order or a re-inspection opinion confirms with their own password, as on the
inspection record (``accounts.reauth.officer_confirm_password``, the one check for both).
"""
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from accounts.reauth import officer_confirm_password
from core.clock import today_cst
from core.errors import ValidationFailed

from ..documents import issuing_department, next_document_number
from ..models import Hazard


@dataclass(frozen=True)
class OfficerSignature:
    """One enforcement officer named on a document, with the password they typed to confirm
    it. ``field`` names the input the password came from, so an error lands beside it
    (``officer_2_password`` on the page, ``officers[1].password`` in the API)."""

    officer: object  # accounts.User
    password: str
    field: str = "officers"


def _officer_snapshot(user) -> tuple[str, str]:
    return (str(user), user.badge_number or "")


def _document_officers(*, hazard: Hazard, officers: Sequence[OfficerSignature] | None) -> list:
    """The enforcement officers who sign a document, each confirmed by their own password.

    Input: ``officers``, the ``OfficerSignature`` of each named officer (or None). Rule: two
    distinct officers with badge numbers (执法证号), each district staff of the hazard's
    district or a city official, each confirming with their password. When the setting
    ``HAZARD_DOCUMENTS_REQUIRE_TWO_OFFICERS`` is false (an office moving off paper), fewer may
    sign (none or one); whoever is named still confirms, and the document's
    ``has_two_officers`` is false.
    Output: the officers (users), in the order given.
    Errors: ValidationFailed (field ``officers``) for a missing, repeated, badge-less or
    out-of-district officer; AuthenticationFailed (field of the signature) for a wrong or
    missing password. Nothing is written here; the services call it inside their
    transaction, after the state and permission checks, so a refused signature leaves the
    hazard and the document numbers as they were.
    """
    signatures = list(officers or ())
    require_two = getattr(settings, "HAZARD_DOCUMENTS_REQUIRE_TWO_OFFICERS", True)
    people = [signature.officer for signature in signatures]
    if (len(people) != 2 if require_two else len(people) > 2) \
            or len({person.pk for person in people}) != len(people):
        raise ValidationFailed(_("须由两名持执法证的执法人员签发，每人输入本人密码确认。"),
                               field="officers")
    for officer in people:
        # checked first, and without the name: a person outside the district must not be
        # named (or confirmed to exist) to whoever picked their id
        if not (officer.works_in_district(hazard.district_id) or officer.is_city_official):
            raise ValidationFailed(_("所选执法人员不是本区县的执法人员。"), field="officers")
    for officer in people:
        if not officer.badge_number:
            raise ValidationFailed(_("执法人员“%(name)s”没有执法证号。") % {"name": officer},
                                   field="officers")
    for signature in signatures:
        officer_confirm_password(officer=signature.officer, password=signature.password,
                                 field=signature.field)
    return people


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
