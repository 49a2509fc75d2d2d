from django.core.management.base import BaseCommand

from hazards.reference import load_all


class Command(BaseCommand):
    help = "Load districts, townships, sectors, departments, industries and accident types " \
           "(idempotent)."

    def handle(self, *args, **options):
        for table, rows in load_all().items():
            self.stdout.write(f"{table}: {rows}")
