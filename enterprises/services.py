"""Enterprise services: registering and editing an enterprise under supervision.

Rule (docs/domain.md "Roles"): a city official may register or edit any enterprise; a district
official only in their own district (and may not move one out of it). Inspectors and
enterprise officers read only.
"""
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.errors import PermissionDenied, ValidationFailed

from .models import Enterprise

EDITABLE_FIELDS = ("credit_code", "name", "district", "township", "sector", "industry",
                   "address", "legal_representative", "safety_contact_name",
                   "safety_contact_phone", "safety_contact_email")


def may_manage_enterprises(user, district_id: str | None = None) -> bool:
    """True for a city official, or a district official of ``district_id`` (any district
    official when ``district_id`` is None, i.e. the question "may they ever")."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_city_official:
        return True
    return user.is_district_official and (district_id is None
                                          or user.district_id == district_id)


def _validate_and_save(enterprise: Enterprise, *, exclude=()) -> Enterprise:
    # every caller (API, import, script) stores the same normalised values; before
    # full_clean, whose length checks must see the stored form
    enterprise.normalize_typed_fields()
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


def enterprise_create(*, actor, **fields) -> Enterprise:
    """Register an enterprise.

    Inputs: the actor and the fields of ``EDITABLE_FIELDS`` (``district``, ``sector`` etc. as
    model instances). Output: the saved Enterprise.
    Errors: PermissionDenied unless ``may_manage_enterprises(actor, district)``;
    ValidationFailed (``field`` named) for a bad credit code (GB 32100 check digit), a
    duplicate credit code or a township outside the district.
    """
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationFailed(_("未知字段。"), field=sorted(unknown)[0])
    district = fields.get("district")
    if district is None:
        raise ValidationFailed(_("请选择区县。"), field="district")
    if not may_manage_enterprises(actor, district.pk):
        raise PermissionDenied(_("您无权在该区县登记企业。"))
    with transaction.atomic():
        return _validate_and_save(Enterprise(**fields))


def enterprise_update(*, actor, enterprise: Enterprise, **changes) -> Enterprise:
    """Change fields of ``enterprise``.

    Errors: PermissionDenied unless the actor may manage both the current district and the
    new one; ValidationFailed as for ``enterprise_create``.
    """
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationFailed(_("未知字段。"), field=sorted(unknown)[0])
    new_district = changes.get("district", enterprise.district)
    if not (may_manage_enterprises(actor, enterprise.district_id)
            and may_manage_enterprises(actor, new_district.pk)):
        raise PermissionDenied(_("您无权修改该企业。"))
    with transaction.atomic():
        locked = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
        for name, value in changes.items():
            setattr(locked, name, value)
        return _validate_and_save(locked)
