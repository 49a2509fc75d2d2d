"""Seal every record signed and every document issued before seals existed (docs/seals.md,
"Records from before seals").

Decision: seal them now, in one deterministic order (by signing or issue time, then record
before order before opinion, then id; ``hazards.seals.seal_backlog``), rather than leave them
"sealed later": from this migration on every signed or issued object has a seal, and
``verify_seals`` treats any object without one as a break. Their content is sealed as it
stands at this migration; a change made before it cannot be detected by the seal.

The backlog runs the current code (content functions, signing key), not historical models:
it needs the seal key (production settings require SEAL_PRIVATE_KEY anyway). On a database
with nothing signed (every fresh one) it touches no current model at all, so later schema
changes cannot break it there.
"""
from django.db import migrations


def seal_existing(apps, schema_editor):
    Inspection = apps.get_model("inspections", "Inspection")
    RectificationOrder = apps.get_model("hazards", "RectificationOrder")
    Verification = apps.get_model("hazards", "Verification")
    if not (Inspection.objects.filter(signed_at__isnull=False).exists()
            or RectificationOrder.objects.filter(number__isnull=False).exists()
            or Verification.objects.filter(number__isnull=False).exists()):
        return
    from hazards.seals import seal_backlog

    seal_backlog()


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0001_seals"),
        ("hazards", "0006_documents_parties_as_issued"),
        ("inspections", "0006_renumber_shipped_criteria_to_published_clauses"),
    ]

    operations = [
        migrations.RunPython(seal_existing, migrations.RunPython.noop, elidable=False),
    ]
