"""Telling the safeguarding leads that something is waiting, durably.

A Notification row (the outbox) and its delivery job are written in the same
transaction as the report, so a report can never exist without its alert. The
worker (`manage.py db_worker --backend durable`, started by `make run`) sends
each alert by the channels its recipients chose (email, SMS, Teams/Slack;
reporting.triage.escalation says who); on failure it records the error, where
leads and admins can see it, and re-enqueues itself (see retry_delay). `send_due_notifications` re-queues
anything due, as a safety net if a job row was ever lost.

No alert carries report content or any name: only that a new (urgent) case is
waiting, its reference, the school and a link to the back office.
"""

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from . import alert_channels
from .choices import AlertChannel, EventKind, NotificationStatus, Risk
from .chronology import event_add
from .models import Case, Notification
from .triage.escalation import describe_recipients, recipients_for

logger = logging.getLogger(__name__)

# Retries notice a recovered mail server, SMS provider or webhook quickly: for the
# first ten minutes of an alert's life a failed delivery is tried again every
# FAST_RETRY_SECONDS (so an outage of a few minutes delays it by under a minute
# after recovery), then ever further apart, up to an hour, until it is a day old.
FAST_RETRY_WINDOW = timedelta(minutes=10)
FAST_RETRY_SECONDS = 30
SLOW_RETRY_FRACTION = 0.25
SLOW_RETRY_CAP = timedelta(hours=1)
GIVE_UP_AFTER = timedelta(days=1)

SUBJECTS = {
    "new_report": "A new report is waiting",
    "new_concern": "A new concern is waiting",
    "reporter_message": "A reporter has added to a case",
    "urgent_unacknowledged": "An urgent case has not been acknowledged",
    "transfer_unconfirmed": "A child-protection file's receipt has not been confirmed",
    "task_due": "A task on a case is due",
}


def retry_delay(*, created_at: datetime, now: datetime) -> timedelta | None:
    """How long to wait before trying a failed alert again; None once it is too old."""
    age = now - created_at
    if age >= GIVE_UP_AFTER:
        return None
    if age < FAST_RETRY_WINDOW:
        return timedelta(seconds=FAST_RETRY_SECONDS)
    # A quarter of the alert's age: 2.5 minutes at 10 minutes old, 15 at an hour.
    return min(SLOW_RETRY_CAP, age * SLOW_RETRY_FRACTION)


def notification_enqueue(
    *,
    case: Case,
    kind: str = "new_report",
    roles: list[str] | None = None,
    event_kind: str = EventKind.ALERT_SENT,
    detail: dict | None = None,
    recipient=None,
) -> Notification:
    """Record and queue an alert, and note in the chronology who it goes to, by which channel.

    Call inside the transaction that made the news. The chronology names staff
    and channels only, never anything the reporter wrote.
    """
    notification = Notification.objects.create(
        case=case, kind=kind, roles=list(roles or []), recipient=recipient
    )
    deliver_notification.enqueue(str(notification.pk))
    alerted = describe_recipients(
        recipients_for(school_id=case.school_id, roles=notification.roles, person=recipient)
    )
    event_add(
        case=case,
        kind=event_kind,
        data={
            **(detail or {}),
            "alert": kind,
            "notification": str(notification.pk),
            "alerted": alerted,
        },
    )
    return notification


def case_link(case: Case) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "reporting_triage:case_detail", args=[case.pk]
    )


def alert_text(notification: Notification) -> str:
    """The short line for a text message or a chat: reference and school, nothing else."""
    case = notification.case
    school = case.school.site_name or case.school.hostname
    what = "Urgent case" if case.risk == Risk.URGENT else "Case"
    if notification.kind == "urgent_unacknowledged":
        return f"{what} {case.reference} at {school} is not yet acknowledged: open Upstander"
    if notification.kind == "task_due":
        return f"A task on case {case.reference} at {school} is due: open Upstander"
    if notification.kind == "reporter_message":
        return f"{what} {case.reference} at {school} has something new: open Upstander"
    return f"{what} {case.reference} at {school}: open Upstander"


def compose(notification: Notification) -> tuple[str, str]:
    case = notification.case
    urgent = case.risk == Risk.URGENT
    subject = SUBJECTS.get(notification.kind, "Upstander: something is waiting")
    if urgent:
        subject = f"URGENT: {subject}"
    body = (
        f"{subject} in Upstander for {case.school.site_name or case.school.hostname}.\n\n"
        f"Case reference: {case.reference}\n"
        f"Open it here (you will be asked to sign in): {case_link(case)}\n\n"
        "This email deliberately contains nothing of what was reported."
    )
    return subject, body


def _deliveries(notification: Notification) -> list[tuple[str, Callable[[], None]]]:
    """Every (key, send) this alert still owes, one per channel and person."""
    recipients = recipients_for(
        school_id=notification.case.school_id,
        roles=notification.roles,
        person=notification.recipient,
    )
    if not recipients and notification.recipient_id:
        raise RuntimeError("The person this reminder is for can no longer be alerted.")
    if not recipients:
        raise RuntimeError("No safeguarding lead who can be alerted is set up for this school.")
    done = set(notification.delivered)
    owed = []
    emails = sorted({p.email for p in recipients if AlertChannel.EMAIL in p.channels})
    if emails and "email" not in done:
        subject, body = compose(notification)

        def send_email():
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, emails, fail_silently=False)

        owed.append(("email", send_email))
    text = alert_text(notification)
    link = case_link(notification.case)
    for person in recipients:
        if AlertChannel.SMS in person.channels and f"sms:{person.lead_id}" not in done:
            owed.append(
                (
                    f"sms:{person.lead_id}",
                    lambda number=person.mobile_number: alert_channels.sms_provider().send(
                        phone_number=number, message=text, reference=notification.case.reference
                    ),
                )
            )
        if AlertChannel.WEBHOOK in person.channels and f"webhook:{person.lead_id}" not in done:
            owed.append(
                (
                    f"webhook:{person.lead_id}",
                    lambda url=person.webhook_url: alert_channels.webhook_send(
                        url=url, message=text, link=link
                    ),
                )
            )
    return owed


@task(backend="durable")
def deliver_notification(notification_id: str) -> str:
    # No transaction is held while the mail server is contacted: on SQLite an
    # open write transaction would make every report submission wait for it.
    # Delivery is at-least-once per channel: what already went out is recorded in
    # `delivered` and not sent again when another channel is retried.
    notification = (
        Notification.objects.select_related("case", "case__school", "recipient")
        .filter(pk=notification_id)
        .first()
    )
    if notification is None or notification.status in {
        NotificationStatus.SENT,
        NotificationStatus.GAVE_UP,
    }:
        return "nothing to do"
    errors = []
    try:
        for key, send in _deliveries(notification):
            try:
                send()
            except Exception as error:
                errors.append(f"{key.split(':')[0]}: {type(error).__name__}: {error}")
            else:
                notification.delivered = [*notification.delivered, key]
    except Exception as error:
        errors.append(f"{type(error).__name__}: {error}")
    notification.attempts += 1
    if errors:
        now = timezone.now()
        notification.last_error = "; ".join(errors)[:500]
        delay = retry_delay(created_at=notification.created_at, now=now)
        if delay is None:
            notification.status = NotificationStatus.GAVE_UP
        else:
            notification.status = NotificationStatus.FAILED
            notification.next_attempt_at = now + delay
        with transaction.atomic():
            notification.save(
                update_fields=["attempts", "last_error", "status", "next_attempt_at", "delivered"]
            )
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
    notification.status = NotificationStatus.SENT
    notification.sent_at = timezone.now()
    notification.last_error = ""
    notification.save(update_fields=["attempts", "status", "sent_at", "last_error", "delivered"])
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
