"""The mail server is down, or the task worker is stopped: reports wait, nothing is lost.

tests/reporting/test_notifications_durable.py shows the outbox and retry with a fake
backend that raises. Here the real SMTP backend talks to a closed port, the pupil's
receipt is checked to be the ordinary one, the failure is checked on the leads'
notifications screen, and a stopped worker is shown to leave every report waiting
as a job until it runs.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from reporting.choices import NotificationStatus
from reporting.models import Case, Notification, Report
from tests.reporting.conftest import report_data
from tests.security.helpers import verified_login

# The worker closes its database connection between jobs, as a real worker does:
# that needs real transactions (and the migrated Site restored after the flush).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# What the pupil must never be shown because of a problem on our side.
ALARMING = ("error", "fail", "mail", "server", "problem", "sorry", "traceback")


def run_worker():
    # The alert worker the site runs, until the queue is empty.
    call_command("run_alert_worker", "--batch", "--interval", "0", verbosity=0)


def assert_ordinary_receipt(response, case):
    assert response.status_code == 200
    html = response.content.decode()
    assert "Your report has been sent" in html and case.reference in html
    assert "Get help now" in html
    # The receipt words are drawn at random from a list that holds e.g. "mail":
    # leave them out, the check is about what the page itself says.
    html = re.sub(r'<strong class="receipt__words"[^>]*>.*?</strong>', "", html, flags=re.S)
    assert 'id="receipt-words"' not in html
    lowered = html.lower()
    words = [word for word in ALARMING if f" {word}" in lowered.split("<main", 1)[-1]]
    assert not words, words


def row_for(screen: str, reference: str) -> str:
    """The text of the notifications table row of one case (the filters use the same words)."""
    rows = [row for row in re.findall(r"<tr\b.*?</tr>", screen, re.S) if reference in row]
    assert len(rows) == 1, rows
    return " ".join(re.sub(r"<[^>]+>", " ", rows[0]).split())


def notifications_screen(client, lead) -> str:
    verified_login(client, lead)
    response = client.get(reverse("reporting_triage:notifications"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def smtp_down(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 1  # nothing listens on port 1
    settings.EMAIL_TIMEOUT = 2
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    return settings


def test_with_the_mail_server_down_the_report_is_saved_shown_as_failed_and_sent_later(
    client, school, lead, smtp_down, django_user_model
):
    pupil = client.__class__()
    response = pupil.post("/report/", report_data(what_happened="please help me"), follow=True)
    case = Case.objects.get()
    assert_ordinary_receipt(response, case)
    assert Report.objects.get(case=case).what_happened == "please help me"

    run_worker()  # tries the SMTP server on port 1: connection refused
    notification = Notification.objects.get(case=case)
    assert notification.status == NotificationStatus.FAILED
    assert notification.attempts == 1 and "Connection" in notification.last_error
    assert not mail.outbox
    row = row_for(notifications_screen(client, lead), case.reference)
    assert "Failed, will retry" in row and "ConnectionRefusedError" in row

    # The mail server comes back; when the retry is due, the worker sends it.
    smtp_down.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    DBTaskResult.objects.filter(status="READY").update(
        run_after=timezone.now() - timedelta(seconds=1)
    )
    run_worker()
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT and notification.attempts == 2
    assert [message.to for message in mail.outbox] == [[lead.email]]
    assert case.reference in mail.outbox[0].body and "please help me" not in mail.outbox[0].body
    row = row_for(notifications_screen(client, lead), case.reference)
    assert "Sent" in row and "Failed" not in row


def test_with_the_worker_stopped_reports_wait_as_jobs_and_are_delivered_when_it_runs(
    client, school, lead
):
    pupil = client.__class__()
    for index in range(3):
        response = pupil.post("/report/", report_data(what_happened=f"report {index}"), follow=True)
        assert_ordinary_receipt(response, Case.objects.order_by("-created_at").first())
    cases = list(Case.objects.all())
    assert len(cases) == 3
    # Nobody runs the worker: every report waits as a job, nothing is sent, nothing lost.
    jobs = DBTaskResult.objects.filter(task_path__endswith="deliver_notification")
    assert jobs.count() == 3 and set(jobs.values_list("status", flat=True)) == {"READY"}
    assert set(Notification.objects.values_list("status", flat=True)) == {
        NotificationStatus.PENDING
    }
    assert not mail.outbox
    screen = notifications_screen(client, lead)
    for case in cases:
        assert "Waiting to send" in row_for(screen, case.reference)

    run_worker()
    assert set(Notification.objects.values_list("status", flat=True)) == {NotificationStatus.SENT}
    assert sorted(message.body.split("Case reference: ")[1][:9] for message in mail.outbox) == (
        sorted(case.reference for case in cases)
    )
    assert set(jobs.values_list("status", flat=True)) == {"SUCCESSFUL"}
