from django.db import models
from django.utils.translation import gettext_lazy as _


class DepartmentKind(models.TextChoices):
    """Regulator kinds (监管部门) named in docs/domain.md "Terms"."""

    EMERGENCY_MANAGEMENT = "emergency_management", _("应急管理")
    FIRE_RESCUE = "fire_rescue", _("消防救援")
    PUBLIC_SECURITY = "public_security", _("公安")
    TRANSPORT = "transport", _("交通运输")
    HOUSING_CONSTRUCTION = "housing_construction", _("住房城乡建设")
    ECONOMY_IT = "economy_it", _("经济信息")
    GAS = "gas", _("燃气")
    MARKET_REGULATION = "market_regulation", _("市场监管")
