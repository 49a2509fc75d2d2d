from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    """双随机一公开 plans, inspection tasks and campaign follow-up. Above ``hazards`` and
    ``notifications`` (see the package docstring)."""

    name = "plans"
    verbose_name = _("检查计划与任务")
