"""Urgent cases nobody acknowledged in time are re-notified, once per interval, in school hours."""

from datetime import datetime, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from reporting.choices import EventKind, Risk, Status
from reporting.models import CaseEvent, Notification, ReportingSettings
from reporting.services.cases import case_acknowledge
from reporting.triage.deadlines import school_minutes_between

from .conftest import make_case


@pytest.fixture
def always_open(school):
    settings = ReportingSettings.for_site(school)
    settings.school_days = "0,1,2,3,4,5,6"
    settings.school_day_starts = "00:00"
    settings.school_day_ends = "23:59"
    settings.urgent_acknowledge_minutes = 15
    settings.save()
    return settings


def _reminders(case):
    return Notification.objects.filter(case=case, kind="urgent_unacknowledged").count()


def test_an_overdue_urgent_case_is_reminded_once_per_interval(school, lead, always_open):
    case = make_case(
        school=school, risk=Risk.URGENT, created_at=timezone.now() - timedelta(minutes=16)
    )
    call_command("notify_unacknowledged_urgent", verbosity=0)
    call_command("notify_unacknowledged_urgent", verbosity=0)
    assert _reminders(case) == 1
    assert CaseEvent.objects.filter(case=case, kind=EventKind.REMINDER).count() == 1
    # A whole interval later, one more.
    case.refresh_from_db()
    type(case).objects.filter(pk=case.pk).update(
        urgent_reminded_at=timezone.now() - timedelta(minutes=16)
    )
    call_command("notify_unacknowledged_urgent", verbosity=0)
    call_command("notify_unacknowledged_urgent", verbosity=0)
    assert _reminders(case) == 2


def test_no_reminder_before_the_deadline_or_after_acknowledgement(school, lead, always_open):
    early = make_case(school=school, risk=Risk.URGENT)
    seen = make_case(
        school=school, risk=Risk.URGENT, created_at=timezone.now() - timedelta(hours=1)
    )
    case_acknowledge(case=seen, actor=lead)
    not_urgent = make_case(
        school=school, risk=Risk.HIGH, created_at=timezone.now() - timedelta(hours=1)
    )
    closed = make_case(
        school=school,
        risk=Risk.URGENT,
        status=Status.CLOSED,
        created_at=timezone.now() - timedelta(hours=1),
    )
    call_command("notify_unacknowledged_urgent", verbosity=0)
    assert Notification.objects.filter(kind="urgent_unacknowledged").count() == 0
    assert {early, seen, not_urgent, closed}


def test_deadline_counts_school_hours_only(school):
    settings = ReportingSettings.for_site(school)  # Mon–Fri 08:30–16:00 by default
    tz = timezone.get_current_timezone()
    friday_evening = timezone.make_aware(datetime(2026, 1, 9, 19, 0), tz)
    monday_early = timezone.make_aware(datetime(2026, 1, 12, 8, 40), tz)
    monday_later = timezone.make_aware(datetime(2026, 1, 12, 8, 50), tz)
    assert school_minutes_between(friday_evening, monday_early, settings) == 10
    assert school_minutes_between(friday_evening, monday_later, settings) == 20
