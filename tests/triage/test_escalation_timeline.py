"""An urgent case reported at 17:13 on a Friday in term is re-alerted every 15 real
minutes, walking the escalation order, until a lead acknowledges it."""

from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from reporting.choices import EventKind, NotificationStatus, Risk, TeamRole
from reporting.models import CaseEvent, Notification, ReportingSettings, SafeguardingLead
from reporting.notifications import deliver_notification
from reporting.school_calendar import reading_time
from reporting.services.cases import case_acknowledge, case_remind_unacknowledged
from reporting.triage.deadlines import urgent_overdue
from reporting.triage.reminders import urgent_reminders_send
from tests.builders import make_user

from .conftest import login, make_case

# 4 December 2026 is a Friday in the autumn term (no closure is recorded).
FRIDAY_1713 = timezone.make_aware(datetime(2026, 12, 4, 17, 13))


def _member(school, username, role):
    user = make_user(username=username, email=f"{username}@school.example")
    SafeguardingLead.objects.create(user=user, school=school, role=role)
    return user


@pytest.fixture
def team(school):
    return {
        "dsl": _member(school, "dsl", TeamRole.DSL),
        "deputy": _member(school, "deputy", TeamRole.DEPUTY),
        "on_call": _member(school, "oncall", TeamRole.OUT_OF_HOURS),
        "pastoral": _member(school, "pastoral", TeamRole.PASTORAL),
    }


def _deliver_all():
    for notification in Notification.objects.filter(status=NotificationStatus.PENDING):
        deliver_notification.call(str(notification.pk))


def _walk(start, minutes):
    """Run the every-minute scheduler over these minutes; when each reminder went, to whom."""
    sent = []
    for minute in range(minutes):
        now = start + timedelta(minutes=minute)
        mail.outbox.clear()
        if urgent_reminders_send(now=now):
            _deliver_all()
            sent.append((timezone.localtime(now).strftime("%H:%M"), sorted(mail.outbox[0].to)))
    return sent


def test_friday_evening_urgent_case_walks_the_escalation_order_until_acknowledged(school, team):
    settings = ReportingSettings.for_site(school)
    # The school has closed for the day: the old school-minutes clock would wait until Monday.
    assert not reading_time(settings=settings, now=FRIDAY_1713).open_now
    case = make_case(school=school, risk=Risk.URGENT, created_at=FRIDAY_1713)

    dsl, deputy, on_call = "dsl@school.example", "deputy@school.example", "oncall@school.example"
    assert _walk(FRIDAY_1713, 61) == [
        ("17:28", [dsl]),
        ("17:43", [deputy, dsl]),
        ("17:58", [deputy, dsl, on_call]),
        ("18:13", [deputy, dsl, on_call]),
    ]
    # Each step is in the chronology: who was alerted, in which role, by which channel.
    steps = list(CaseEvent.objects.filter(case=case, kind=EventKind.REMINDER))
    assert [event.data["roles"] for event in steps] == [
        ["dsl"],
        ["dsl", "deputy"],
        ["dsl", "deputy", "out_of_hours"],
        ["dsl", "deputy", "out_of_hours"],
    ]
    assert steps[1].data["alerted"] == [
        {"name": "dsl", "role": "dsl", "channels": ["email"]},
        {"name": "deputy", "role": "deputy", "channels": ["email"]},
    ]
    assert all("pastoral" not in str(event.data) for event in steps)

    # Acknowledged at 18:20: the reminders stop, all night.
    case_acknowledge(case=case, actor=team["dsl"])
    assert _walk(FRIDAY_1713 + timedelta(minutes=61), 600) == []


def test_two_schedulers_at_the_same_minute_send_one_reminder(school, team):
    case = make_case(school=school, risk=Risk.URGENT, created_at=FRIDAY_1713)
    at_1728 = FRIDAY_1713 + timedelta(minutes=15)
    # Both read the case before either claims it.
    first = type(case).objects.get(pk=case.pk)
    second = type(case).objects.get(pk=case.pk)
    settings = ReportingSettings.for_site(school)
    assert case_remind_unacknowledged(case=first, settings=settings, now=at_1728) is True
    assert case_remind_unacknowledged(case=second, settings=settings, now=at_1728) is False
    assert Notification.objects.filter(case=case, kind="urgent_unacknowledged").count() == 1


def test_a_scheduler_back_after_an_outage_sends_one_reminder_then_keeps_the_grid(school, team):
    case = make_case(school=school, risk=Risk.URGENT, created_at=FRIDAY_1713)
    back_at = FRIDAY_1713 + timedelta(minutes=52)  # 18:05, after three missed steps
    assert _walk(back_at, 24) == [
        ("18:05", ["deputy@school.example", "dsl@school.example", "oncall@school.example"]),
        ("18:13", ["deputy@school.example", "dsl@school.example", "oncall@school.example"]),
        ("18:28", ["deputy@school.example", "dsl@school.example", "oncall@school.example"]),
    ]
    assert CaseEvent.objects.filter(case=case, kind=EventKind.REMINDER).count() == 3


def test_a_missing_step_is_passed_over_so_the_alert_still_reaches_someone(school):
    only_deputy = _member(school, "deputy", TeamRole.DEPUTY)
    make_case(school=school, risk=Risk.URGENT, created_at=FRIDAY_1713)
    assert _walk(FRIDAY_1713 + timedelta(minutes=15), 1) == [("17:28", [only_deputy.email])]


def test_ordinary_cases_are_not_re_alerted(school, team):
    make_case(school=school, risk=Risk.HIGH, created_at=FRIDAY_1713)
    assert _walk(FRIDAY_1713, 61) == []


def test_the_case_page_shows_each_alert_in_the_chronology(school, lead):
    case = make_case(school=school, risk=Risk.URGENT, created_at=FRIDAY_1713)
    urgent_reminders_send(now=FRIDAY_1713 + timedelta(minutes=15))
    body = login(lead).get(reverse("reporting_triage:case_detail", args=[case.pk])).content.decode()
    assert "Reminder: number 1, not yet acknowledged" in body
    assert "Alerted: lead (Designated safeguarding lead) by email" in body
    # Showing the chronology did not acknowledge the case.
    assert type(case).objects.get(pk=case.pk).acknowledged_at is None


def test_an_urgent_case_is_overdue_in_real_minutes_when_school_is_closed(school):
    settings = ReportingSettings.for_site(school)
    case = make_case(school=school, risk=Risk.URGENT, created_at=FRIDAY_1713)
    assert not urgent_overdue(case, settings, now=FRIDAY_1713 + timedelta(minutes=14))
    assert urgent_overdue(case, settings, now=FRIDAY_1713 + timedelta(minutes=15))
    high = make_case(school=school, risk=Risk.HIGH, created_at=FRIDAY_1713)
    assert not urgent_overdue(high, settings, now=FRIDAY_1713 + timedelta(hours=3))
