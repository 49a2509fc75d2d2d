from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "inspections"
    verbose_name = _("检查")

    def ready(self):
        from django.db.models.signals import m2m_changed

        from .models import Inspection, refuse_m2m_change_when_signed

        # a signed record's officers, departments and standards are frozen like its fields
        for field in ("inspectors", "joint_departments", "standards"):
            m2m_changed.connect(refuse_m2m_change_when_signed,
                                sender=getattr(Inspection, field).through,
                                dispatch_uid=f"inspections.frozen.{field}")
