from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The roles of docs/domain.md ("Roles"). Scope follows from the role (see accounts.scoping)."""

    CITY_OFFICIAL = "city_official", _("市级管理人员")
    DISTRICT_OFFICIAL = "district_official", _("区县管理人员")
    INSPECTOR = "inspector", _("执法检查人员")
    ENTERPRISE_OFFICER = "enterprise_officer", _("企业安全管理人员")


DISTRICT_ROLES = frozenset({Role.DISTRICT_OFFICIAL, Role.INSPECTOR})
