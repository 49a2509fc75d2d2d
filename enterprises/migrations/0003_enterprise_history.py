"""Field history of enterprises (django-simple-history), with one baseline row per existing
enterprise (what ``manage.py populate_history`` does), so that the first change after this
migration already shows its old values."""

import django.db.models.deletion
import enterprises.validators
import simple_history.models
from django.conf import settings
from django.db import migrations, models


FIELDS = ("id", "credit_code", "name", "district_id", "township_id", "sector_id", "industry_id",
          "address", "legal_representative", "safety_contact_name", "safety_contact_phone",
          "safety_contact_email", "created_at")


def baseline(apps, schema_editor):
    Enterprise = apps.get_model("enterprises", "Enterprise")
    HistoricalEnterprise = apps.get_model("enterprises", "HistoricalEnterprise")
    batch = []
    for row in Enterprise.objects.order_by("pk").values(*FIELDS, "updated_at").iterator(
            chunk_size=2000):
        batch.append(HistoricalEnterprise(
            **{name: row[name] for name in FIELDS}, history_date=row["updated_at"],
            history_type="+", history_change_reason="baseline"))
        if len(batch) >= 2000:
            HistoricalEnterprise.objects.bulk_create(batch)
            batch = []
    HistoricalEnterprise.objects.bulk_create(batch)


class Migration(migrations.Migration):

    dependencies = [
        ('enterprises', '0002_enterprise_activities'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalEnterprise',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('credit_code', models.CharField(db_index=True, max_length=18, validators=[enterprises.validators.validate_credit_code], verbose_name='统一社会信用代码')),
                ('name', models.CharField(max_length=200, verbose_name='企业名称')),
                ('address', models.CharField(blank=True, max_length=300, verbose_name='地址')),
                ('legal_representative', models.CharField(blank=True, max_length=50, verbose_name='法定代表人')),
                ('safety_contact_name', models.CharField(blank=True, max_length=50, verbose_name='安全联系人')),
                ('safety_contact_phone', models.CharField(blank=True, max_length=30, verbose_name='联系电话')),
                ('safety_contact_email', models.EmailField(blank=True, max_length=254, verbose_name='联系邮箱')),
                ('created_at', models.DateTimeField(blank=True, editable=False)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('district', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='enterprises.district', verbose_name='区县')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('industry', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='enterprises.industry', verbose_name='国民经济行业')),
                ('sector', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='enterprises.sector', verbose_name='行业领域')),
                ('township', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='enterprises.township', verbose_name='镇街')),
            ],
            options={
                'verbose_name': 'historical 企业',
                'verbose_name_plural': 'historical 企业',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.RunPython(baseline, migrations.RunPython.noop),
    ]
