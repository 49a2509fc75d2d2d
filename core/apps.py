from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The ground floor: the domain error family, text rules, the clock and the API's
    plumbing. It imports no other app of the product."""

    name = "core"
    verbose_name = _("基础")
