"""The reminder command: urgent, open, unacknowledged cases only; at most once per step."""

from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from reporting.choices import EventKind, Risk, Status
from reporting.models import CaseEvent, Notification
from reporting.services.cases import case_acknowledge

from .conftest import make_case


def _reminders(case):
    return Notification.objects.filter(case=case, kind="urgent_unacknowledged").count()


def test_an_overdue_urgent_case_is_reminded_once_per_step_however_often_the_command_runs(
    school, lead
):
    case = make_case(
        school=school, risk=Risk.URGENT, created_at=timezone.now() - timedelta(minutes=16)
    )
    call_command("notify_unacknowledged_urgent", verbosity=0)
    call_command("notify_unacknowledged_urgent", verbosity=0)
    assert _reminders(case) == 1
    assert CaseEvent.objects.filter(case=case, kind=EventKind.REMINDER).count() == 1


def test_no_reminder_before_the_deadline_or_after_acknowledgement(school, lead):
    early = make_case(school=school, risk=Risk.URGENT)
    seen = make_case(
        school=school, risk=Risk.URGENT, created_at=timezone.now() - timedelta(hours=1)
    )
    case_acknowledge(case=seen, actor=lead)
    make_case(school=school, risk=Risk.HIGH, created_at=timezone.now() - timedelta(hours=1))
    make_case(
        school=school,
        risk=Risk.URGENT,
        status=Status.CLOSED,
        created_at=timezone.now() - timedelta(hours=1),
    )
    call_command("notify_unacknowledged_urgent", "--dry-run", verbosity=0)
    call_command("notify_unacknowledged_urgent", verbosity=0)
    assert Notification.objects.filter(kind="urgent_unacknowledged").count() == 0
    assert early.acknowledged_at is None
