"""A failing mail server never loses a report: the notification is kept, retried and shown."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from reporting.choices import NotificationStatus
from reporting.models import Case, Notification, Report
from reporting.notifications import requeue_due_notifications
from tests.reporting.conftest import report_data

# The worker closes its database connection between jobs, as a real worker does:
# that needs real transactions (and the migrated Site restored after the flush).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def run_worker():
    call_command(
        "db_worker",
        "--batch",
        "--backend",
        "durable",
        "--queue-name",
        "*",
        "--no-startup-delay",
        verbosity=0,
    )


def test_a_notification_failure_leaves_the_report_intact_and_is_retried(
    client, school, lead, settings
):
    settings.EMAIL_BACKEND = "tests.reporting.failing_mail.MailServerDown"
    response = client.post("/report/", report_data(what_happened="please help"), follow=True)
    assert response.status_code == 200
    case = Case.objects.get()
    # The job was written in the same transaction as the report.
    assert DBTaskResult.objects.filter(task_path__endswith="deliver_notification").count() == 1

    run_worker()
    notification = Notification.objects.get(case=case)
    assert notification.status == NotificationStatus.FAILED
    assert notification.attempts == 1 and "mail server is down" in notification.last_error
    assert Report.objects.get(case=case).what_happened == "please help"
    # A retry is queued for later, with backoff.
    retry = DBTaskResult.objects.filter(status="READY").get()
    assert retry.run_after is not None and retry.run_after > timezone.now()

    # The mail server comes back; when the retry is due, the leads are told (without report text).
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now() - timedelta(seconds=1))
    run_worker()
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT and notification.attempts == 2
    assert len(mail.outbox) == 1
    assert case.reference in mail.outbox[0].body and "please help" not in mail.outbox[0].body
    assert lead.email in mail.outbox[0].to


def test_due_notifications_are_requeued_even_if_their_job_was_lost(client, school, lead):
    response = client.post("/report/", report_data(), follow=True)
    assert response.status_code == 200, response.content.decode()[:500]
    DBTaskResult.objects.all().delete()
    # The safety net re-queues what has waited too long (see notifications.REQUEUE_GRACE).
    assert requeue_due_notifications(now=timezone.now() + timedelta(hours=1)) == 1
    run_worker()
    assert Notification.objects.get().status == NotificationStatus.SENT
