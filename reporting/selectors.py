"""Reads of reports and cases, always scoped to what the user may see."""

from datetime import datetime

from django.db.models import Max, Min, QuerySet

from .choices import NotificationStatus
from .models import Case, Notification, PeriodicJobLease, WorkerHeartbeat
from .roles import schools_led_by


def cases_visible_to(*, user) -> QuerySet[Case]:
    """Cases of the schools this user leads safeguarding for; none for anyone else.

    A case of another school is simply absent, so it answers exactly like one
    that does not exist.
    """
    school_ids = schools_led_by(user)
    if not school_ids:
        return Case.objects.none()
    return Case.objects.filter(school_id__in=school_ids)


# An alert is undelivered while it waits for its first try or a retry.
UNDELIVERED = [NotificationStatus.PENDING, NotificationStatus.FAILED]


def worker_last_seen() -> datetime | None:
    """When an alert worker last said it was alive (None: never)."""
    return WorkerHeartbeat.objects.aggregate(latest=Max("last_seen_at"))["latest"]


def oldest_undelivered_alert_created() -> datetime | None:
    """When the oldest alert still waiting to reach a lead was made (None: none waits)."""
    return Notification.objects.filter(status__in=UNDELIVERED).aggregate(oldest=Min("created_at"))[
        "oldest"
    ]


def undelivered_alert_count(*, created_before: datetime) -> int:
    """How many alerts made before this moment still wait to reach a lead."""
    return Notification.objects.filter(
        status__in=UNDELIVERED, created_at__lt=created_before
    ).count()


def scheduler_last_ran() -> datetime | None:
    """When a scheduler (`run_periodic_jobs`) last started a job (None: never)."""
    return PeriodicJobLease.objects.aggregate(latest=Max("last_started_at"))["latest"]
