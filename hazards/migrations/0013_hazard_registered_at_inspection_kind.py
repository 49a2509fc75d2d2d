"""Hazard.registered_at (when it was found) and Hazard.inspection_kind (how: the source 来源),
filled for existing rows from the registration history row's time and the inspection's kind.

Both are copied at registration from then on (hazards.services.hazard_register)."""
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def fill_from_history(apps, schema_editor):
    Hazard = apps.get_model("hazards", "Hazard")
    HazardTransition = apps.get_model("hazards", "HazardTransition")
    Inspection = apps.get_model("inspections", "Inspection")
    registered = (HazardTransition.objects.filter(hazard_id=models.OuterRef("pk"),
                                                  action="registered")
                  .order_by("at", "id").values("at")[:1])
    kind = Inspection.objects.filter(pk=models.OuterRef("inspection_id")).values("kind")[:1]
    # one statement each (a migration may write with update(); the services are not loaded
    # here); a hazard without a registration row keeps created_at
    Hazard.objects.update(registered_at=models.functions.Coalesce(
        models.Subquery(registered), models.F("created_at")),
        inspection_kind=models.Subquery(kind))


class Migration(migrations.Migration):

    dependencies = [
        ('enterprises', '0001_initial'),
        ('hazards', '0012_hazard_campaign'),
        ('inspections', '0003_hazard_links_move_to_hazards'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='hazard',
            name='inspection_kind',
            field=models.CharField(choices=[('self_inspection', '企业自查'), ('enforcement', '执法检查'), ('covert', '“四不两直”暗查暗访'), ('joint', '联合检查'), ('expert_service', '专家指导服务'), ('report_verification', '举报核查')], default='enforcement', max_length=30, verbose_name='检查类型'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='hazard',
            name='registered_at',
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name='登记时间'),
        ),
        migrations.AddField(
            model_name='historicalhazard',
            name='inspection_kind',
            field=models.CharField(choices=[('self_inspection', '企业自查'), ('enforcement', '执法检查'), ('covert', '“四不两直”暗查暗访'), ('joint', '联合检查'), ('expert_service', '专家指导服务'), ('report_verification', '举报核查')], default='enforcement', max_length=30, verbose_name='检查类型'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='historicalhazard',
            name='registered_at',
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name='登记时间'),
        ),
        migrations.RunPython(fill_from_history, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name='hazard',
            index=models.Index(fields=['district', 'registered_at'], include=('grade', 'inspection_kind', 'closed_at', 'rectification_deadline'), name='hazard_district_registered'),
        ),
        migrations.AddIndex(
            model_name='hazard',
            index=models.Index(fields=['registered_at'], include=('district', 'grade', 'inspection_kind', 'closed_at', 'rectification_deadline'), name='hazard_registered'),
        ),
        migrations.AddIndex(
            model_name='hazard',
            index=models.Index(condition=models.Q(('status__in', ['reported', 'rectifying', 'pending_verification'])), fields=['district', 'grade', 'status', 'rectification_deadline'], name='hazard_open_state'),
        ),
        migrations.AddIndex(
            model_name='hazard',
            index=models.Index(condition=models.Q(('closed_at__isnull', False)), fields=['closed_at'], name='hazard_closed'),
        ),
        migrations.AddIndex(
            model_name='hazard',
            index=models.Index(fields=['district', 'inspection_kind'], name='hazard_district_kind'),
        ),
        migrations.AddConstraint(
            model_name='hazard',
            constraint=models.CheckConstraint(condition=models.Q(('inspection_kind__in', ['self_inspection', 'enforcement', 'covert', 'joint', 'expert_service', 'report_verification'])), name='hazard_inspection_kind_valid'),
        ),
    ]
