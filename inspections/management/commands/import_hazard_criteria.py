from django.core.management.base import BaseCommand, CommandError

from core.errors import DomainError
from inspections.models import HazardStandard
from inspections.standards import criteria_import


class Command(BaseCommand):
    help = "Import clauses (条款号, 条款内容[, 分组, 条目代码]) from an .xlsx or UTF-8 .csv file " \
           "into a determination standard that is not in use yet."

    def add_arguments(self, parser):
        parser.add_argument("standard_code", help="HazardStandard.code")
        parser.add_argument("path")

    def handle(self, *args, standard_code, path, **options):
        standard = HazardStandard.objects.filter(code=standard_code).first()
        if standard is None:
            raise CommandError(f"no standard with code {standard_code!r}")
        try:
            with open(path, "rb") as handle:
                count = criteria_import(standard=standard, upload=handle, name=path)
        except (DomainError, OSError) as exc:
            raise CommandError(getattr(exc, "message", str(exc))) from exc
        self.stdout.write(f"{standard.code}: {count} clauses imported")
