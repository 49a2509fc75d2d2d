from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    """专项行动: campaigns and their phases. Below ``inspections`` (they point at a campaign);
    imports only ``enterprises``, ``accounts`` and ``core`` (see the package docstring)."""

    name = "campaigns"
    verbose_name = _("专项行动")
