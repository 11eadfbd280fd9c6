"""`manage.py rotate_encryption_key`: re-encrypt reports, names, messages and evidence.

Put a new key, with a new id, first in ENCRYPTION_KEYS (make one with
`manage.py generate_encryption_key`), keep the old keys after it, restart, and
run this (SECURITY.md, "Deployment checklist", step 9). It can be stopped and run again at any time; see reporting.keyrotation.
"""

from django.core.management.base import BaseCommand

from reporting.keyrotation import rotate_all


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted value and evidence file under the first key in ENCRYPTION_KEYS."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=200)
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Count what would be re-encrypted; change nothing.",
        )
        parser.add_argument(
            "--remove-orphans",
            action="store_true",
            help="Delete evidence files older than an hour that no case or held upload refers to.",
        )

    def handle(self, *args, batch_size, dry_run, remove_orphans, **options):
        result = rotate_all(batch_size=batch_size, dry_run=dry_run, remove_orphans=remove_orphans)
        verb = "Would re-encrypt" if dry_run else "Re-encrypted"
        self.stdout.write(
            f"{verb} {result.text_values} text values and {result.files} evidence files "
            f"(pupils' held uploads included) under key {result.active_key_id!r}."
        )
        if result.remaining and not dry_run:
            self.stdout.write(
                self.style.WARNING(f"Still under older keys: {result.remaining}. Run again.")
            )
        elif not dry_run:
            self.stdout.write(
                self.style.SUCCESS(
                    "Nothing is left under an older key: old keys can be removed from "
                    "ENCRYPTION_KEYS once your backups made with them have expired."
                )
            )
        if result.orphans:
            action = "Removed" if remove_orphans and not dry_run else "Found"
            self.stdout.write(
                f"{action} {len(result.orphans)} evidence files that no case refers to"
                + ("" if remove_orphans else " (use --remove-orphans to delete them)")
                + "."
            )
