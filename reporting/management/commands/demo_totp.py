from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from reporting.demo_totp import current_code


class Command(BaseCommand):
    help = (
        "Print the current second-factor code of the demo accounts (DEBUG only). "
        "`python -m reporting.demo_totp` prints the same without loading Django."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("The demo second factor exists only when DEBUG is on.")
        self.stdout.write(current_code())
