"""Load the reward tier table (data/public_reports/reward_tiers.csv, sources in SOURCES.md)."""
import csv
from decimal import Decimal
from pathlib import Path

from django.db import migrations

CSV = Path(__file__).resolve().parents[2] / "data" / "public_reports" / "reward_tiers.csv"


def _decimal(value):
    return Decimal(value) if value else None


def load(apps, schema_editor):
    tier_model = apps.get_model("public_reports", "RewardTier")
    with CSV.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            official = row["official"] == "true"
            tier_model.objects.update_or_create(code=row["code"], defaults={
                "name": row["name"], "basis": row["basis"], "rate": _decimal(row["rate"]),
                "amount": _decimal(row["amount"]), "min_amount": _decimal(row["min_amount"]),
                "max_amount": _decimal(row["max_amount"]), "source_title": row["source_title"],
                "source_number": row["source_number"], "source_article": row["source_article"],
                "official": official, "note": row["note"], "is_active": official,
                "sort_order": int(row["sort_order"])})


class Migration(migrations.Migration):
    dependencies = [("public_reports", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
