"""``manage.py delete_orphan_files [--grace-minutes N]``: remove stored evidence files and
finding photos that no committed row names (see ``hazards.orphan_files``)."""
import datetime

from django.core.management.base import BaseCommand

from hazards.orphan_files import orphan_files_delete


class Command(BaseCommand):
    help = "Delete evidence files and photos left by transactions that rolled back."

    def add_arguments(self, parser):
        parser.add_argument("--grace-minutes", type=int, default=None,
                            help="only files older than this (default ORPHAN_FILE_GRACE_MINUTES)")

    def handle(self, *args, grace_minutes=None, **options):
        grace = None if grace_minutes is None else datetime.timedelta(minutes=grace_minutes)
        deleted = orphan_files_delete(grace=grace)
        self.stdout.write(f"{len(deleted)} orphan files deleted")
