"""Enterprise services: registering and editing an enterprise under supervision.

Who may: ``enterprises.rules`` (a city official any enterprise; a district official only in
their own district, and may not move one out of it; inspectors and enterprise officers read
only; docs/domain.md "Roles"). Edits carry the version they were based on
(``expected_version``): a stale one is ConcurrentModification (409), so two people editing the
same enterprise never overwrite each other silently.
"""
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.errors import ConcurrentModification, ValidationFailed

from . import rules
from .models import Enterprise

EDITABLE_FIELDS = ("credit_code", "name", "district", "township", "sector", "industry",
                   "address", "legal_representative", "safety_contact_name",
                   "safety_contact_phone", "safety_contact_email", "has_dust_explosion_risk",
                   "uses_ammonia_refrigeration", "has_confined_space_work", "risk_grade")


def _validate_and_save(enterprise: Enterprise, *, actor, reason: str = "",
                       exclude=()) -> Enterprise:
    # every caller (API, import, script) stores the same normalised values; before
    # full_clean, whose length checks must see the stored form
    enterprise.normalize_typed_fields()
    enterprise._history_user = actor
    enterprise._change_reason = (reason or "")[:100]
    try:
        enterprise.full_clean(exclude=list(exclude))
    except DjangoValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise ValidationFailed(messages[0], field=None if field == "__all__" else field) from exc
    try:
        with transaction.atomic():
            enterprise.save()
    except IntegrityError as exc:
        # two requests registering the same credit code at once: full_clean passed for both,
        # the unique constraint stops the second
        raise ValidationFailed(_("该统一社会信用代码已登记。"), field="credit_code") from exc
    return enterprise


def enterprise_create(*, actor, reason: str = "", **fields) -> Enterprise:
    """Register an enterprise.

    Inputs: the actor and the fields of ``EDITABLE_FIELDS`` (``district``, ``sector`` etc. as
    model instances); ``reason`` (≤ 100 characters kept, e.g. the import job and row) goes with
    the actor into the field history. Output: the saved Enterprise.
    Errors: PermissionDenied unless ``rules.can_register_enterprise(actor, district code)``;
    ValidationFailed (``field`` named) for a bad credit code (GB 32100 check digit), a
    duplicate credit code or a township outside the district.
    """
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationFailed(_("未知字段。"), field=sorted(unknown)[0])
    district = fields.get("district")
    if district is None:
        raise ValidationFailed(_("请选择区县。"), field="district")
    rules.can_register_enterprise.check(actor, district.pk)
    with transaction.atomic():
        return _validate_and_save(Enterprise(**fields), actor=actor, reason=reason)


def enterprise_update(*, actor, enterprise: Enterprise, expected_version: int | None = None,
                      reason: str = "", **changes) -> Enterprise:
    """Change fields of ``enterprise`` (any of ``EDITABLE_FIELDS``) under a row lock and bump
    its version.

    ``expected_version``: the version the change is based on; a different current version is
    ConcurrentModification (409, ``current_version`` set). Optional for non-HTTP callers
    (imports, commands, which act on the row they lock); pages and the API always pass it.
    ``reason`` (as for ``enterprise_create``) goes with the actor into the field history.
    Output: the saved Enterprise, ``version`` increased by one; nothing is written (and the
    version stays) when no value differs.
    Errors: PermissionDenied unless ``rules.can_edit_enterprise`` on the enterprise as it is
    and ``rules.can_register_enterprise`` in the new district; ValidationFailed as for
    ``enterprise_create``; ConcurrentModification.
    """
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationFailed(_("未知字段。"), field=sorted(unknown)[0])
    with transaction.atomic():
        locked = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
        rules.can_edit_enterprise.check(actor, locked)
        new_district = changes.get("district", locked.district)
        rules.can_register_enterprise.check(actor, new_district.pk)
        if expected_version is not None and locked.version != expected_version:
            raise ConcurrentModification(_("该企业信息已被他人修改，请刷新后重试。"),
                                         current_version=locked.version)
        if all(getattr(locked, name) == value for name, value in changes.items()):
            return locked
        for name, value in changes.items():
            setattr(locked, name, value)
        locked.version += 1
        return _validate_and_save(locked, actor=actor, reason=reason)
