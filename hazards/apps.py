from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HazardsConfig(AppConfig):
    name = "hazards"
    verbose_name = _("隐患")

    def ready(self):
        from .seals import register_seal_kinds

        # core.seals verifies what it cannot import: the kinds this app seals
        register_seal_kinds()
