"""Finding photos belong to the hazard: adopt the table inspections_findingphoto and rename
it to hazards_findingphoto."""
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import hazards.models.files


class Migration(migrations.Migration):

    dependencies = [
        ("hazards", "0004_hazard_check_result"),
        ("inspections", "0003_hazard_links_move_to_hazards"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="FindingPhoto",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("image", models.ImageField(upload_to=hazards.models.files.finding_photo_path, verbose_name="照片")),
                        ("width", models.PositiveIntegerField(default=0)),
                        ("height", models.PositiveIntegerField(default=0)),
                        ("original_name", models.CharField(blank=True, max_length=200, verbose_name="原文件名")),
                        ("sha256", models.CharField(max_length=64, verbose_name="SHA-256")),
                        ("uploaded_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="上传时间")),
                        ("hazard", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="photos", to="hazards.hazard", verbose_name="隐患")),
                        ("uploaded_by", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="上传人")),
                    ],
                    options={
                        "verbose_name": "现场照片",
                        "verbose_name_plural": "现场照片",
                        "ordering": ["uploaded_at", "id"],
                        "db_table": "inspections_findingphoto",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="findingphoto", table=None),
    ]
