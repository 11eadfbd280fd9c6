"""Telling the safeguarding leads that something is waiting, durably.

A Notification row (the outbox) and its delivery job are written in the same
transaction as the report, so a report can never exist without its alert. The
worker (`manage.py db_worker --backend durable`, started by `make run`) sends
the email; on failure it records the error, where leads and admins can see it,
and re-enqueues itself with backoff. `send_due_notifications` re-queues anything
due, as a safety net if a job row was ever lost.

Emails carry no report content: only that a new (urgent) report is waiting,
its reference and a link to the back office.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from .choices import NotificationStatus, Risk
from .models import Case, Notification, SafeguardingLead
from .permissions import ALERTED_ROLES

logger = logging.getLogger(__name__)

# Seconds to wait after the 1st, 2nd, … failure before trying again.
BACKOFF_SECONDS = [30, 120, 600, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600]
MAX_ATTEMPTS = len(BACKOFF_SECONDS) + 1

SUBJECTS = {
    "new_report": "A new report is waiting",
    "new_concern": "A new concern is waiting",
    "reporter_message": "A reporter has added to a case",
    "urgent_unacknowledged": "An urgent case has not been acknowledged",
}


def notification_enqueue(*, case: Case, kind: str = "new_report") -> Notification:
    """Record and queue a notification. Call inside the transaction that made the news."""
    notification = Notification.objects.create(case=case, kind=kind)
    deliver_notification.enqueue(str(notification.pk))
    return notification


def recipients_for(case: Case) -> list[str]:
    """The school's own team members whose role receives alerts (reporting.permissions): a
    report on school B's site never reaches school A, nor a governor or pastoral colleague."""
    return sorted(
        SafeguardingLead.objects.filter(
            school_id=case.school_id,
            receives_notifications=True,
            user__is_active=True,
            role__in=ALERTED_ROLES,
        )
        .exclude(user__email="")
        .values_list("user__email", flat=True)
        .distinct()
    )


def compose(notification: Notification) -> tuple[str, str]:
    case = notification.case
    urgent = case.risk == Risk.URGENT
    subject = SUBJECTS.get(notification.kind, "Upstander: something is waiting")
    if urgent:
        subject = f"URGENT: {subject}"
    link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "reporting_triage:case_detail", args=[case.pk]
    )
    body = (
        f"{subject} in Upstander for {case.school.site_name or case.school.hostname}.\n\n"
        f"Case reference: {case.reference}\n"
        f"Open it here (you will be asked to sign in): {link}\n\n"
        "This email deliberately contains nothing of what was reported."
    )
    return subject, body


@task(backend="durable")
def deliver_notification(notification_id: str) -> str:
    # No transaction is held while the mail server is contacted: on SQLite an
    # open write transaction would make every report submission wait for it.
    # Delivery is at-least-once; a lead may rarely get the same alert twice.
    notification = (
        Notification.objects.select_related("case", "case__school")
        .filter(pk=notification_id)
        .first()
    )
    if notification is None or notification.status in {
        NotificationStatus.SENT,
        NotificationStatus.GAVE_UP,
    }:
        return "nothing to do"
    try:
        recipients = recipients_for(notification.case)
        if not recipients:
            raise RuntimeError(
                "No safeguarding lead with an email address is set up for this school."
            )
        subject, body = compose(notification)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=False)
    except Exception as error:
        notification.attempts += 1
        notification.last_error = f"{type(error).__name__}: {error}"[:500]
        if notification.attempts >= MAX_ATTEMPTS:
            notification.status = NotificationStatus.GAVE_UP
        else:
            notification.status = NotificationStatus.FAILED
            delay = BACKOFF_SECONDS[notification.attempts - 1]
            notification.next_attempt_at = timezone.now() + timedelta(seconds=delay)
        with transaction.atomic():
            notification.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
            if notification.status == NotificationStatus.FAILED:
                deliver_notification.using(run_after=notification.next_attempt_at).enqueue(
                    str(notification.pk)
                )
        logger.warning(
            "Notification %s for case %s failed (attempt %s)",
            notification.pk,
            notification.case,
            notification.attempts,
        )
        return "failed"
    notification.attempts += 1
    notification.status = NotificationStatus.SENT
    notification.sent_at = timezone.now()
    notification.last_error = ""
    notification.save(update_fields=["attempts", "status", "sent_at", "last_error"])
    return "sent"


# A delivery job normally runs within seconds of its time; one still waiting
# after this long was lost (e.g. a worker killed mid-job) and is queued again.
REQUEUE_GRACE = timedelta(minutes=5)


def requeue_due_notifications(*, now=None) -> int:
    """Queue a delivery again for every unsent notification whose job seems lost."""
    now = now or timezone.now()
    due = Notification.objects.filter(
        status__in=[NotificationStatus.PENDING, NotificationStatus.FAILED],
        next_attempt_at__lte=now - REQUEUE_GRACE,
    ).values_list("pk", flat=True)
    count = 0
    for pk in list(due):
        with transaction.atomic():
            # Pushed forward so the same notification is not queued again every minute.
            Notification.objects.filter(pk=pk).update(next_attempt_at=now)
            deliver_notification.enqueue(str(pk))
        count += 1
    return count
