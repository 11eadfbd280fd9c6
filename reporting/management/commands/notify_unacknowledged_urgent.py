"""Remind the leads about urgent cases nobody has acknowledged in time.

Run every few minutes by the scheduler. Idempotent: a case is reminded at most
once per ReportingSettings.urgent_acknowledge_minutes of school time, however
often (or however many copies of) this command runs.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from reporting.choices import Status
from reporting.models import Case
from reporting.services.cases import case_remind_unacknowledged
from reporting.triage.deadlines import (
    school_minutes_between,
    settings_by_school,
    urgent_overdue,
)


class Command(BaseCommand):
    help = "Re-notify safeguarding leads of urgent cases not acknowledged within the allowed time."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List the cases that would be reminded."
        )

    def handle(self, *args, dry_run=False, **options):
        now = timezone.now()
        waiting = list(
            Case.objects.filter(risk_rank=0, acknowledged_at__isnull=True)
            .exclude(status=Status.CLOSED)
            .select_related("school")
        )
        settings = settings_by_school({case.school_id for case in waiting})
        reminded = 0
        for case in waiting:
            school_settings = settings[case.school_id]
            if not urgent_overdue(case, school_settings, now=now):
                continue
            if case.urgent_reminded_at and (
                school_minutes_between(case.urgent_reminded_at, now, school_settings)
                < school_settings.urgent_acknowledge_minutes
            ):
                continue
            if dry_run:
                self.stdout.write(f"Would remind: {case.reference}")
                reminded += 1
            elif case_remind_unacknowledged(case=case, now=now):
                reminded += 1
        self.stdout.write(
            f"{'Would remind' if dry_run else 'Reminded'} leads of {reminded} case(s)."
        )
