"""The check result's hazard link now lives on the hazard (hazards 0004), and the finding
photos move to the hazards app (hazards 0005 takes over the same table)."""
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("inspections", "0002_inspection_follow_up_of_inspection_standards_and_more"),
        ("hazards", "0004_hazard_check_result"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="inspectioncheckresult",
            name="check_result_hazard_iff_non_compliant",
        ),
        migrations.RemoveField(
            model_name="inspectioncheckresult",
            name="hazard",
        ),
        # the table stays; hazards 0005 adopts it
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="FindingPhoto")],
            database_operations=[],
        ),
    ]
