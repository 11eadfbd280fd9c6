"""`manage.py apply_retention [--dry-run]`: delete closed cases whose retention period has passed.

Run nightly (cron line in the README). Each purged case leaves one audit entry
(action "purge", with its reference); --dry-run lists what would go and changes nothing.
"""

from django.core.management.base import BaseCommand

from reporting.records.retention import retention_apply


class Command(BaseCommand):
    help = (
        "Delete closed cases (rows and evidence files) whose retention period has passed "
        "and that are not on legal hold. Child-protection records are never deleted."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List what would be deleted and change nothing.",
        )

    def handle(self, *args, dry_run=False, **options):
        result = retention_apply(dry_run=dry_run)
        if dry_run:
            self.stdout.write(self.style.WARNING("Dry run: nothing was changed."))
        for line in result.summary_lines():
            self.stdout.write(line)
