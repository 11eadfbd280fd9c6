"""`manage.py restore_upstander <folder>`: bring a backup back into an empty site.

Every file's SHA-256 is checked against the manifest before anything is
written. Set the same ENCRYPTION_KEYS as when the backup was made.
"""

from django.core.management.base import BaseCommand, CommandError

from reporting.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup made by backup_upstander into an empty database and evidence folder."

    def add_arguments(self, parser):
        parser.add_argument("folder")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace a database that already holds cases (everything in it is lost).",
        )

    def handle(self, *args, folder, force, **options):
        try:
            manifest = restore(folder, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the backup made at {manifest['created_at']}. It needs these "
                f"encryption key ids in ENCRYPTION_KEYS: {', '.join(manifest['key_ids'])}."
            )
        )
