from django.core.management.base import BaseCommand

from reporting.crypto import generate_key_line


class Command(BaseCommand):
    help = "Print a new random encryption key line for ENCRYPTION_KEYS (id:base64key)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--id", default="k1", help="The key's id, stored with everything it encrypts."
        )

    def handle(self, *args, **options):
        self.stdout.write(generate_key_line(options["id"]))
