"""Pending extension requests that the new rule says have lapsed already: their hazard is no
longer rectifying (evidence came first), or its deadline is no longer the one they were
requested against (a failed re-inspection set a new one). Each is closed as ``lapsed`` with the
history row ``extension_lapsed`` the service would have written, by the system (no actor), and
the hazard's version is bumped so that open forms showing the request become stale."""
from django.db import migrations
from django.db.models import F
from django.utils import timezone


def lapse_stale_requests(apps, schema_editor):
    DeadlineExtension = apps.get_model("hazards", "DeadlineExtension")
    Hazard = apps.get_model("hazards", "Hazard")
    HazardTransition = apps.get_model("hazards", "HazardTransition")
    now = timezone.now()
    pending = (DeadlineExtension.objects.filter(status="requested").select_related("hazard")
               .order_by("id"))
    for extension in pending.iterator(chunk_size=500):
        hazard = extension.hazard
        if hazard.status == "rectifying" and hazard.rectification_deadline == extension.old_deadline:
            continue
        if hazard.status != "rectifying":
            why, cause = "整改已结束，原整改期限不再计算。", "rectification_ended"
        else:
            why = (f"整改期限已由 {extension.old_deadline.isoformat()} 变更为 "
                   f"{hazard.rectification_deadline.isoformat()}。")
            cause = "deadline_changed"
        DeadlineExtension.objects.filter(pk=extension.pk).update(
            status="lapsed", decided_at=now, decided_by=None, decision_note=why)
        HazardTransition.objects.create(
            hazard_id=hazard.pk, action="extension_lapsed", from_status=hazard.status,
            to_status=hazard.status, actor=None, at=now, note=why,
            data={"extension_id": extension.pk,
                  "old_deadline": extension.old_deadline.isoformat(),
                  "requested_deadline": extension.requested_deadline.isoformat(),
                  "current_deadline": (hazard.rectification_deadline.isoformat()
                                       if hazard.rectification_deadline else None),
                  "cause": cause, "migration": "0010_lapse_stale_extension_requests"})
        Hazard.objects.filter(pk=hazard.pk).update(version=F("version") + 1, updated_at=now)


class Migration(migrations.Migration):

    dependencies = [
        ("hazards", "0009_plan_supervision_versions_extension_lapse"),
    ]

    operations = [
        migrations.RunPython(lapse_stale_requests, migrations.RunPython.noop),
    ]
