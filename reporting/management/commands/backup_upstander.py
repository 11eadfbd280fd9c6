"""`manage.py backup_upstander <folder>`: a consistent, still-encrypted backup.

See reporting.backup. The encryption keys are not in the backup: keep
ENCRYPTION_KEYS safe elsewhere, or the backup cannot be read.
"""

from django.core.management.base import BaseCommand, CommandError

from reporting.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and the encrypted evidence store into a new folder, with a SHA-256 manifest."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="A new, empty folder for this backup.")

    def handle(self, *args, folder, **options):
        try:
            result = backup(folder)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up the database ({result.database_file}) and "
                f"{result.evidence_files} evidence files to {result.path}."
            )
        )
