from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    """District and city oversight: statistics from the history, dashboards, the ranking
    (动态晾晒) and the periodic reports (周调度、月分析、季通报、年考核)."""

    name = "oversight"
    verbose_name = _("统计督导")
