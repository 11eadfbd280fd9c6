"""The admins are emailed, content-free and at most once per period, while alerts are stuck."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from reporting.choices import NotificationStatus
from reporting.models import Case, Notification, WorkerHeartbeat
from reporting.services.operations import stuck_alerts_admins_email

pytestmark = pytest.mark.django_db


@pytest.fixture
def admins(settings):
    settings.ADMINS = [("IT", "it@school.example")]
    settings.STUCK_ALERTS_EMAIL_MINUTES = 60
    return settings


def alert(school, *, minutes_ago, status=NotificationStatus.PENDING) -> Case:
    case = Case.objects.create(school=school)
    Notification.objects.create(
        case=case, status=status, created_at=timezone.now() - timedelta(minutes=minutes_ago)
    )
    return case


def worker_seen(minutes_ago):
    WorkerHeartbeat.objects.update_or_create(
        worker_id="w1", defaults={"last_seen_at": timezone.now() - timedelta(minutes=minutes_ago)}
    )


def test_stuck_alerts_are_told_to_the_admins_with_counts_only(school, admins):
    worker_seen(0)
    cases = [alert(school, minutes_ago=7), alert(school, minutes_ago=9, status="failed")]
    alert(school, minutes_ago=1)  # not stuck yet
    alert(school, minutes_ago=30, status=NotificationStatus.SENT)
    assert stuck_alerts_admins_email() is True
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["it@school.example"]
    assert "2 alert(s) to safeguarding leads have waited more than 5 minutes" in message.body
    assert "last seen 0 minute(s) ago" in message.body
    for case in cases:
        assert case.reference not in message.body and case.reference not in message.subject
    assert school.hostname not in message.body


def test_a_silent_worker_is_told_even_before_an_alert_is_stuck(school, admins):
    worker_seen(10)
    assert stuck_alerts_admins_email() is True
    assert "last seen 10 minute(s) ago" in mail.outbox[0].body


def test_a_worker_never_seen_is_told(school, admins):
    assert stuck_alerts_admins_email() is True
    assert "never been seen" in mail.outbox[0].body


def test_nothing_is_sent_while_alerts_flow(school, admins):
    worker_seen(0)
    alert(school, minutes_ago=2)
    alert(school, minutes_ago=50, status=NotificationStatus.SENT)
    assert stuck_alerts_admins_email() is False
    assert mail.outbox == []


def test_the_admins_are_told_at_most_once_per_period(school, admins):
    worker_seen(0)
    alert(school, minutes_ago=6)
    now = timezone.now()
    sent = [
        stuck_alerts_admins_email(now=now + timedelta(minutes=minute))
        for minute in (0, 1, 30, 59, 61, 62)
    ]
    assert sent == [True, False, False, False, True, False]
    assert len(mail.outbox) == 2


def test_without_admin_emails_the_stuck_alerts_are_logged(school, settings, caplog):
    settings.ADMINS = []
    alert(school, minutes_ago=6)
    assert stuck_alerts_admins_email() is False
    assert mail.outbox == []
    assert "1 alert(s) to safeguarding leads are stuck and ADMIN_EMAILS is not set" in caplog.text
