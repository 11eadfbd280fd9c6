"""Reads of reports and cases, always scoped by the access policy (reporting.permissions)."""

from datetime import datetime

from django.db.models import Max, Min, QuerySet

from .choices import CaseAction, NotificationStatus
from .models import Case, Notification, PeriodicJobLease, WorkerHeartbeat
from .permissions import case_policy


def cases_visible_to(*, user, action: CaseAction = CaseAction.VIEW) -> QuerySet[Case]:
    """The cases this user may open (or do `action` to); none for anyone else.

    A case outside it is simply absent, so it answers exactly like one that does not exist.
    """
    return case_policy.instances_user_has_permission_for(user, action)


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
