"""``manage.py verify_seals [--district CODE]``: walk the seal chains and name the first break.

Exit status 0 when every chain checked is whole and every signed or issued object carries a
seal; 1 otherwise (for cron or a monitoring check). Prints, per district, the seals checked
and the head (sequence and hash: note it down, e.g. in the weekly dispatch, so a removed tail
can be proven later; docs/seals.md).
"""
from django.core.management.base import BaseCommand, CommandError

from core.seals import chain_verify


class Command(BaseCommand):
    help = "Verify the seal chains (every district, or --district CODE); exit 1 on a break."

    def add_arguments(self, parser):
        parser.add_argument("--district", help="6-digit district code (GB/T 2260)")
        parser.add_argument("--batch-size", type=int, default=500,
                            help="seals read per query (default 500)")

    def handle(self, *args, district=None, batch_size=500, **options):
        if district is not None and not (district.isdigit() and len(district) == 6):
            raise CommandError("--district takes a 6-digit district code, e.g. 500102")
        statuses = chain_verify(district, batch_size=batch_size)
        broken = 0
        for status in statuses:
            head = (f"head #{status.head_sequence} {status.head_hash}" if status.head_hash
                    else "no seals")
            self.stdout.write(f"{status.district_code}: {status.checked} seal(s) checked, {head}")
            if status.first_break is not None:
                found = status.first_break
                where = f"#{found.sequence}"
                if found.object_label:
                    where += f" ({found.kind} {found.object_id}: {found.object_label})"
                self.stdout.write(self.style.ERROR(
                    f"  FIRST BREAK at {where}: {found.problem}: {found.message}"))
            for kind, object_id, label in status.unsealed:
                self.stdout.write(self.style.ERROR(
                    f"  UNSEALED {kind} {object_id} ({label}): signed or issued, but no seal"))
            broken += not status.ok
        if not statuses:
            self.stdout.write("no seal chains" + (f" for {district}" if district else ""))
        if broken:
            self.stdout.write(self.style.ERROR(f"{broken} chain(s) broken"))
            raise SystemExit(1)
        self.stdout.write(self.style.SUCCESS("all seal chains verified"))
