"""Numbering of enforcement documents (文书编号): 责令限期整改指令书, 整改复查意见书.

Rule: one configurable pattern per document kind (and optionally per department), counted per
issuing department and year (CST): ``{prefix}责改〔{year}〕{seq}号`` → ``渝涪应急责改〔2024〕17号``.
Numbers are unique (database constraint on the document) and never reused: the counter row
is locked (``select_for_update``) while a number is taken, in the caller's transaction.

Settings:
- ``HAZARD_DOCUMENT_NUMBER_PATTERNS``: ``{kind: pattern}``, overriding the defaults below.
- ``HAZARD_DOCUMENT_NUMBER_PATTERNS_BY_DEPARTMENT``: ``{department_code: {kind: pattern}}``.
Placeholders: ``{prefix}`` (Department.document_prefix, else its name, else the district's
name), ``{year}``, ``{seq}`` (a plain int; ``{seq:03d}`` pads).
"""
import datetime

from django.conf import settings
from django.db import transaction

from enterprises.enums import DepartmentKind
from enterprises.models import Department

from .enums import DocumentKind
from .models import DocumentSequence

DEFAULT_PATTERNS = {
    DocumentKind.RECTIFICATION_ORDER: "{prefix}责改〔{year}〕{seq}号",
    DocumentKind.VERIFICATION_OPINION: "{prefix}复查〔{year}〕{seq}号",
}


def issuing_department(*, hazard, actor, department=None) -> Department | None:
    """The department a document is issued in the name of: the one given, else the actor's,
    else the hazard inspection's, else the district's emergency-management bureau (or None)."""
    if department is not None:
        return department
    if getattr(actor, "department_id", None):
        return actor.department
    if hazard.inspection.department_id:
        return hazard.inspection.department
    return (Department.objects.filter(district_id=hazard.district_id,
                                      kind=DepartmentKind.EMERGENCY_MANAGEMENT)
            .order_by("code").first())


def number_pattern(kind: str, department: Department | None) -> str:
    """The pattern for ``kind`` documents of ``department`` (settings, then the default)."""
    if department is not None:
        by_department = getattr(settings, "HAZARD_DOCUMENT_NUMBER_PATTERNS_BY_DEPARTMENT", {})
        pattern = by_department.get(department.code, {}).get(kind)
        if pattern:
            return pattern
    return getattr(settings, "HAZARD_DOCUMENT_NUMBER_PATTERNS", {}).get(
        kind, DEFAULT_PATTERNS[kind])


def next_document_number(*, kind: str, department: Department | None, district,
                         on: datetime.date) -> tuple[str, int, int]:
    """Take the next number for a ``kind`` document of ``department`` in ``on``'s year.

    Inputs: the kind, the issuing department (None: counted per district), the district
    (for the fallback prefix and scope) and the CST issue date. Output:
    ``(number, year, seq)``. Must run inside the transaction that saves the document: the
    counter row stays locked until it commits, so concurrent issuers queue, and a rollback
    returns the number unused (no gap is ever visible on an issued document).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_document_number must run inside transaction.atomic")
    scope = department.code if department is not None else f"district:{district.pk}"
    # get_or_create under select_for_update: the first issuer of the year creates the row
    # (a concurrent creator hits the unique constraint and re-reads it, locked).
    sequence, _created = (DocumentSequence.objects.select_for_update()
                          .get_or_create(scope=scope, kind=kind, year=on.year))
    sequence.last_value += 1
    sequence.save(update_fields=["last_value"])
    if department is not None:
        prefix = department.document_prefix or department.name
    else:
        prefix = district.name
    number = number_pattern(kind, department).format(prefix=prefix, year=on.year,
                                                     seq=sequence.last_value)
    return number, on.year, sequence.last_value
