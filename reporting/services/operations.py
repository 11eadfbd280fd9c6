"""Writes that keep the site's own machinery honest: the alert worker's heartbeat
and the leases that let one scheduler, of several, run each periodic job.

Used by `manage.py run_alert_worker` and `manage.py run_periodic_jobs`. Nothing
here touches a case.
"""

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from ..models import PeriodicJobLease, WorkerHeartbeat


def worker_heartbeat_record(*, worker_id: str, now: datetime | None = None) -> None:
    """Say that this worker is alive (one small row per worker process)."""
    now = now or timezone.now()
    updated = WorkerHeartbeat.objects.filter(worker_id=worker_id).update(last_seen_at=now)
    if not updated:
        WorkerHeartbeat.objects.update_or_create(
            worker_id=worker_id, defaults={"last_seen_at": now, "started_at": now}
        )


def worker_heartbeats_prune(*, older_than: timedelta, now: datetime | None = None) -> int:
    """Forget workers not seen for a long time (each restart adds a row)."""
    now = now or timezone.now()
    deleted, _ = WorkerHeartbeat.objects.filter(last_seen_at__lt=now - older_than).delete()
    return deleted


def periodic_job_claim(
    *,
    name: str,
    interval: timedelta,
    holder: str,
    lease: timedelta,
    now: datetime | None = None,
) -> bool:
    """Take the job `name` for this run if it is due and nobody else holds it.

    One conditional UPDATE decides: of two schedulers asking at the same moment
    the database lets exactly one change the row. The next run is booked at once
    (from now, plus the interval), so a job that fails waits its interval like
    one that succeeded, rather than being retried on every tick. `lease` bounds
    how long a crashed holder keeps others out.
    """
    now = now or timezone.now()
    try:
        with transaction.atomic():
            PeriodicJobLease.objects.get_or_create(name=name, defaults={"next_run_at": now})
    except IntegrityError:
        pass  # another scheduler made the row first; the UPDATE below decides
    claimed = (
        PeriodicJobLease.objects.filter(name=name, next_run_at__lte=now)
        .filter(Q(held_until__isnull=True) | Q(held_until__lte=now))
        .update(
            held_by=holder,
            held_until=now + lease,
            last_started_at=now,
            next_run_at=now + interval,
        )
    )
    return claimed == 1


def periodic_job_release(
    *, name: str, holder: str, failed: bool, now: datetime | None = None
) -> None:
    """Hand the job back once it has run (or failed), so its lease does not linger."""
    now = now or timezone.now()
    PeriodicJobLease.objects.filter(name=name, held_by=holder).update(
        held_by="", held_until=None, last_finished_at=now, last_failed=failed
    )
