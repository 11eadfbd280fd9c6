from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp

from reporting.demo import DEMO_TOTP_KEY_HEX


class Command(BaseCommand):
    help = "Print the current second-factor code of the demo accounts (DEBUG only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("The demo second factor exists only when DEBUG is on.")
        self.stdout.write(f"{totp(bytes.fromhex(DEMO_TOTP_KEY_HEX)):06d}")
