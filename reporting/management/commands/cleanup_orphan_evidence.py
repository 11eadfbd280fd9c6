"""Remove evidence files that no report owns: expired held uploads, and files
left behind by a request that died between writing a file and committing.

Run it daily (cron or a scheduled task). Files younger than an hour are left
alone, as they may belong to a submission still in progress.
"""

from django.core.management.base import BaseCommand

from reporting.services.submission import orphan_evidence_cleanup


class Command(BaseCommand):
    help = "Delete expired held uploads and evidence files with no database row."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count what would be deleted."
        )

    def handle(self, *args, dry_run=False, **options):
        result = orphan_evidence_cleanup(dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(
            f"{verb} {result.expired_pending} expired held upload(s), "
            f"{result.orphan_files} orphaned file(s) and {result.partial_files} unfinished file(s)."
        )
