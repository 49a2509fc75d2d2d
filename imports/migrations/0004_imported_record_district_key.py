"""Import keys are unique per district: (district, preset, kind, natural key)."""
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("imports", "0003_imported_record_district"),
    ]

    operations = [
        migrations.AlterField(
            model_name="importedrecord",
            name="district",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to="enterprises.district",
                                    verbose_name="区县"),
        ),
        migrations.RemoveConstraint(
            model_name="importedrecord",
            name="imported_record_source_key_unique",
        ),
        migrations.AddConstraint(
            model_name="importedrecord",
            constraint=models.UniqueConstraint(
                fields=("district", "preset_code", "kind", "natural_key"),
                name="imported_record_district_key_unique"),
        ),
    ]
