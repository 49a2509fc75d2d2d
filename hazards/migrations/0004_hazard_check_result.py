"""The checklist line → hazard link moves to the hazard (hazards depend on inspections, not
the reverse): add Hazard.check_result and copy each line's hazard into it."""
import django.db.models.deletion
from django.db import migrations, models


def copy_links(apps, schema_editor):
    CheckResult = apps.get_model("inspections", "InspectionCheckResult")
    Hazard = apps.get_model("hazards", "Hazard")
    for line_id, hazard_id in (CheckResult.objects.filter(hazard__isnull=False)
                               .values_list("pk", "hazard_id").iterator()):
        Hazard.objects.filter(pk=hazard_id).update(check_result_id=line_id)


def copy_links_back(apps, schema_editor):
    CheckResult = apps.get_model("inspections", "InspectionCheckResult")
    Hazard = apps.get_model("hazards", "Hazard")
    for hazard_id, line_id in (Hazard.objects.filter(check_result__isnull=False)
                               .values_list("pk", "check_result_id").iterator()):
        CheckResult.objects.filter(pk=line_id).update(hazard_id=hazard_id)


class Migration(migrations.Migration):

    dependencies = [
        ("hazards", "0003_register_indexes"),
        ("inspections", "0002_inspection_follow_up_of_inspection_standards_and_more"),
    ]

    operations = [
        migrations.AddField(
            model_name="hazard",
            name="check_result",
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="hazard", to="inspections.inspectioncheckresult", verbose_name="检查表条目"),
        ),
        migrations.AddField(
            model_name="historicalhazard",
            name="check_result",
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to="inspections.inspectioncheckresult", verbose_name="检查表条目"),
        ),
        migrations.RunPython(copy_links, copy_links_back),
    ]
