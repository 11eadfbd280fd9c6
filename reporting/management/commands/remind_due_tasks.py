"""Remind each person whose task on a case has come due, by their own alert channels.

Run every minute by the scheduler (run_periodic_jobs). Idempotent: a task is
reminded once, however often (or however many copies of) this command runs.
"""

from django.core.management.base import BaseCommand

from reporting.services.tasks import task_reminders_send


class Command(BaseCommand):
    help = "Remind the safeguarding team of their tasks on cases that have come due."

    def handle(self, *args, **options):
        reminded = task_reminders_send()
        self.stdout.write(f"Reminded {len(reminded)} task(s).")
