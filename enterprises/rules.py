"""Who may register and edit enterprises: named predicates (``core.rules.Rule``) used by the
services in ``enterprises.services`` and by every page or API entry point that offers the
action. Rule (docs/domain.md "Roles"): a city official any enterprise; a district official only in
their own district (and may not move one out of it); inspectors and enterprise officers read
only."""
from django.utils.translation import gettext_lazy as _

from core.rules import Rule


def may_manage_district(user, district_id: str | None) -> bool:
    """True for a city official, or a district official of ``district_id`` (6-digit code)."""
    if user.is_city_official:
        return True
    return user.is_district_official and district_id is not None and (
        user.district_id == district_id)


can_register_enterprise = Rule(
    "enterprises.register", role=may_manage_district,
    role_message=_("您无权在该区县登记企业。"))
"""Registering an enterprise (object: the district code it is registered in)."""

can_edit_enterprise = Rule(
    "enterprises.edit", role=lambda user, enterprise: may_manage_district(
        user, enterprise.district_id), role_message=_("您无权修改该企业。"))
"""Editing an enterprise (object: the Enterprise as it is now). Moving it to another district
also needs ``can_register_enterprise`` there."""
