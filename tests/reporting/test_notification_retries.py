"""A failed alert is retried at most 60 s apart for its first ten minutes, then backs off."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from reporting.choices import NotificationStatus
from reporting.models import Notification
from reporting.notifications import deliver_notification, retry_delay
from tests.triage.conftest import make_case

CREATED = datetime(2026, 12, 4, 17, 13, tzinfo=timezone.get_fixed_timezone(0))


def _attempt_times(until: timedelta) -> list[timedelta]:
    """When a notification failing from its creation is tried, up to `until` of age."""
    times = [timedelta(0)]
    while times[-1] < until:
        delay = retry_delay(created_at=CREATED, now=CREATED + times[-1])
        if delay is None:
            break
        times.append(times[-1] + delay)
    return times


def test_retries_in_the_first_ten_minutes_are_at_most_a_minute_apart():
    times = [t for t in _attempt_times(timedelta(minutes=10)) if t <= timedelta(minutes=10)]
    gaps = [later - earlier for earlier, later in zip(times, times[1:], strict=False)]
    assert len(gaps) >= 10 and max(gaps) <= timedelta(seconds=60)


@pytest.mark.parametrize("outage_minutes", [1, 3, 5, 9])
def test_an_outage_of_a_few_minutes_delays_the_alert_under_a_minute_after_recovery(outage_minutes):
    recovery = timedelta(minutes=outage_minutes)
    first_try_after = next(t for t in _attempt_times(recovery * 2) if t >= recovery)
    assert first_try_after - recovery <= timedelta(seconds=60)


def test_after_ten_minutes_retries_back_off_to_at_most_an_hour_then_stop_after_a_day():
    times = _attempt_times(timedelta(days=2))
    late = [t for t in times if t > timedelta(minutes=10)]
    gaps = [later - earlier for earlier, later in zip(late, late[1:], strict=False)]
    assert gaps == sorted(gaps) and gaps[0] > timedelta(seconds=60)
    assert max(gaps) == timedelta(hours=1)
    assert retry_delay(created_at=CREATED, now=CREATED + timedelta(days=1)) is None
    # A day of retries stays within a small number of attempts.
    assert len(times) < 80


@pytest.mark.django_db
@pytest.mark.parametrize(("age_minutes", "expected_seconds"), [(2, 30), (5 * 60, 3600)])
def test_a_failed_delivery_is_queued_again_on_the_schedule(
    settings, school, lead, age_minutes, expected_seconds
):
    settings.EMAIL_BACKEND = "tests.reporting.failing_mail.MailServerDown"
    case = make_case(school=school)
    notification = Notification.objects.create(
        case=case, created_at=timezone.now() - timedelta(minutes=age_minutes)
    )
    before = timezone.now()
    assert deliver_notification.call(str(notification.pk)) == "failed"
    after = timezone.now()
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.FAILED
    expected = timedelta(seconds=expected_seconds)
    assert before + expected <= notification.next_attempt_at <= after + expected
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.run_after == notification.next_attempt_at


@pytest.mark.django_db
def test_an_alert_failing_for_a_day_is_given_up_and_shown(settings, school, lead):
    settings.EMAIL_BACKEND = "tests.reporting.failing_mail.MailServerDown"
    notification = Notification.objects.create(
        case=make_case(school=school), created_at=timezone.now() - timedelta(days=1, minutes=1)
    )
    deliver_notification.call(str(notification.pk))
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.GAVE_UP
    assert "mail server is down" in notification.last_error
