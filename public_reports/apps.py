from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicReportsConfig(AppConfig):
    """举报 and 举报奖励. Above ``hazards`` and ``notifications`` (see the package
    docstring for why)."""

    name = "public_reports"
    verbose_name = _("举报与奖励")
