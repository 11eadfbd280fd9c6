"""Writes that keep the site's own machinery honest: the alert worker's heartbeat
and the leases that let one scheduler, of several, run each periodic job.

Used by `manage.py run_alert_worker` and `manage.py run_periodic_jobs`. Nothing
here touches a case.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import mail_admins
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from .. import alert_health
from ..models import PeriodicJobLease, WorkerHeartbeat

logger = logging.getLogger(__name__)


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


STUCK_ALERTS_EMAIL_LEASE = "stuck_alerts_email"


def stuck_alerts_admins_email(*, now: datetime | None = None) -> bool:
    """Email the site's admins, at most once per period, while alerts to leads are stuck.

    Says how many alerts have waited too long and when the worker was last seen:
    counts and ages only, never a reference or a school, because admin mail is
    not a safeguarding channel. Returns whether an email was sent.
    """
    now = now or timezone.now()
    stuck = alert_health.stuck_alert_count(now=now)
    seen_ago = alert_health.worker_last_seen_seconds_ago(now=now)
    worker_alive = alert_health.worker_is_alive(seen_ago)
    if not stuck and worker_alive:
        return False
    if not settings.ADMINS:
        logger.error(
            "%s alert(s) to safeguarding leads are stuck and ADMIN_EMAILS is not set", stuck
        )
        return False
    period = timedelta(minutes=settings.STUCK_ALERTS_EMAIL_MINUTES)
    if not periodic_job_claim(
        name=STUCK_ALERTS_EMAIL_LEASE, interval=period, holder="mail", lease=period, now=now
    ):
        return False
    worker_line = (
        "The alert worker has never been seen: it may not be running."
        if seen_ago is None
        else f"The alert worker was last seen {seen_ago // 60} minute(s) ago."
    )
    minutes = int(alert_health.ALERT_STUCK_AFTER.total_seconds() // 60)
    mail_admins(
        "Alerts to safeguarding leads are not getting through",
        f"{stuck} alert(s) to safeguarding leads have waited more than {minutes} minutes.\n"
        f"{worker_line}\n\n"
        "Check that the alert worker is running (manage.py run_alert_worker; on a server, "
        "systemctl status upstander-worker) and that the mail server answers. A safeguarding "
        "lead sees each waiting alert on the Notifications screen of the Safeguarding queue.\n\n"
        f"You will be told again in {settings.STUCK_ALERTS_EMAIL_MINUTES} minutes if this "
        "goes on.",
    )
    PeriodicJobLease.objects.filter(name=STUCK_ALERTS_EMAIL_LEASE).update(
        held_by="", held_until=None, last_finished_at=now
    )
    return True
