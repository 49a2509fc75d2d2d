"""Import keys belong to a district: ``ImportedRecord.district``, back-filled from the district
of the object each record points to (a record whose object is gone takes its first job's
district). The next migration makes it required and part of the unique source key (apart,
because PostgreSQL refuses to alter a table with row updates pending in the same
transaction)."""
from django.db import migrations, models
from django.db.models import OuterRef, Subquery
import django.db.models.deletion

OBJECT_MODELS = {"enterprise": ("enterprises", "Enterprise"),
                 "inspection": ("inspections", "Inspection"),
                 "hazard": ("hazards", "Hazard")}


def backfill_district(apps, schema_editor):
    ImportedRecord = apps.get_model("imports", "ImportedRecord")
    ImportJob = apps.get_model("imports", "ImportJob")
    for kind, (app_label, model_name) in OBJECT_MODELS.items():
        model = apps.get_model(app_label, model_name)
        # one UPDATE … SET district_id = (SELECT …) per kind, however many records
        ImportedRecord.objects.filter(kind=kind, district__isnull=True).update(
            district_id=Subquery(model.objects.filter(pk=OuterRef("object_id"))
                                 .values("district_id")[:1]))
    ImportedRecord.objects.filter(district__isnull=True).update(
        district_id=Subquery(ImportJob.objects.filter(pk=OuterRef("first_job_id"))
                             .values("district_id")[:1]))
    # neither object nor job left: the record can match nothing any more
    ImportedRecord.objects.filter(district__isnull=True).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("enterprises", "0001_initial"),
        ("hazards", "0005_findingphoto"),
        ("inspections", "0003_hazard_links_move_to_hazards"),
        ("imports", "0002_preset_layout_enterprises"),
    ]

    operations = [
        migrations.AddField(
            model_name="importedrecord",
            name="district",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to="enterprises.district",
                                    verbose_name="区县"),
        ),
        migrations.RunPython(backfill_district, migrations.RunPython.noop),
    ]
