"""Alert a school's DSLs when a child-protection file they sent is not confirmed in 5 school days.

Run by the scheduler beside `notify_unacknowledged_urgent` (daily is enough).
Idempotent: each transfer is reminded once, however often this runs.
"""

from django.core.management.base import BaseCommand

from reporting.services.transfers import transfers_remind_unconfirmed


class Command(BaseCommand):
    help = "Remind senders of child-protection files whose receipt is overdue (5 school days)."

    def handle(self, *args, **options):
        reminded = transfers_remind_unconfirmed()
        self.stdout.write(f"Reminded the sending school about {reminded} transfer(s).")
