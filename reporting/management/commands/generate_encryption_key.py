"""`manage.py generate_encryption_key`: print a new key line for ENCRYPTION_KEYS.

Each key gets an id of its own (the date and random letters), stored with
everything it encrypts: two keys under one id would make the first one's data
unreadable, so an id already in ENCRYPTION_KEYS is refused.
"""

from django.core.management.base import BaseCommand, CommandError

from reporting import crypto


class Command(BaseCommand):
    help = "Print a new random encryption key line for ENCRYPTION_KEYS (id:base64key)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--id",
            default=None,
            help="The key's id, stored with everything it encrypts (default: the date "
            "and random letters). Must differ from every id already in ENCRYPTION_KEYS.",
        )

    def handle(self, *args, **options):
        in_use = crypto.keyring().keys
        key_id = options["id"] or crypto.new_key_id()
        while options["id"] is None and key_id in in_use:
            key_id = crypto.new_key_id()
        if key_id in in_use:
            raise CommandError(
                f"ENCRYPTION_KEYS already has a key with the id {key_id!r}: a second one would "
                "hide it and its data could no longer be read. Choose another id, or leave "
                "--id out to get a new one."
            )
        try:
            line = crypto.generate_key_line(key_id)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(line)
        # On stderr, so `export ENCRYPTION_KEYS=$(manage.py generate_encryption_key)` still works.
        self.stderr.write(
            "To rotate: put this line FIRST in ENCRYPTION_KEYS, keep the current keys "
            "after it, restart, then run `manage.py rotate_encryption_key` (SECURITY.md)."
        )
