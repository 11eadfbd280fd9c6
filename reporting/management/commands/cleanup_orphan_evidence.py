"""Remove evidence files that no report owns: expired held uploads, files
left behind by a request that died between writing a file and committing,
and raw uploads left in the spool by a worker killed while checking them.

Run it at least daily (cron or a scheduled task); hourly keeps a dead
request's raw upload on disk for less time. Stored files younger than an hour
and spool files younger than SPOOL_MAX_AGE_MINUTES are left alone, as they
may belong to a submission still in progress.
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
            f"{result.orphan_files} orphaned file(s), {result.partial_files} unfinished file(s) "
            f"and {result.spool_files} upload(s) left in the spool."
        )
