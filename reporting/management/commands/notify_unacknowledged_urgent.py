"""Alert the team again about urgent cases nobody has acknowledged, round the clock.

Run every minute by the scheduler. Each reminder walks the school's escalation
order (designated leads, then deputies, then the out-of-hours contact). Idempotent:
a case gets each step of its schedule at most once, however often (or however many
copies of) this command runs.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from reporting.triage.reminders import urgent_reminders_send


class Command(BaseCommand):
    help = "Re-alert the safeguarding team about urgent cases nobody has acknowledged yet."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List the cases that would be reminded."
        )

    def handle(self, *args, dry_run=False, **options):
        reminded = urgent_reminders_send(now=timezone.now(), dry_run=dry_run)
        if dry_run:
            for case in reminded:
                self.stdout.write(f"Would remind: {case.reference}")
        self.stdout.write(
            f"{'Would remind' if dry_run else 'Reminded'} leads of {len(reminded)} case(s)."
        )
