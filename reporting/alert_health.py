"""Is the alert path working: is a worker alive, do the periodic jobs run (urgent
cases are re-alerted by them), is any alert to a lead stuck?

One place for the thresholds, read by `/healthz` (for a load balancer and the
school's monitoring) and by the periodic job that emails the admins. Only ages
and counts: nothing that names a case.
"""

from datetime import datetime, timedelta

from django.utils import timezone

from . import selectors

# A worker writes its heartbeat every 15 s; two minutes of silence means it is gone.
WORKER_SILENT_AFTER = timedelta(minutes=2)
# The scheduler starts a job every minute (re-alerts of urgent cases among them).
SCHEDULER_SILENT_AFTER = timedelta(minutes=5)
# A lead should hear of a report within minutes; an alert waiting longer is stuck.
ALERT_STUCK_AFTER = timedelta(minutes=5)


def _seconds_since(moment: datetime | None, now: datetime) -> int | None:
    return None if moment is None else max(int((now - moment).total_seconds()), 0)


def worker_last_seen_seconds_ago(*, now: datetime | None = None) -> int | None:
    return _seconds_since(selectors.worker_last_seen(), now or timezone.now())


def worker_is_alive(seconds_ago: int | None) -> bool:
    return seconds_ago is not None and seconds_ago <= WORKER_SILENT_AFTER.total_seconds()


def scheduler_last_ran_seconds_ago(*, now: datetime | None = None) -> int | None:
    return _seconds_since(selectors.scheduler_last_ran(), now or timezone.now())


def scheduler_is_running(seconds_ago: int | None) -> bool:
    return seconds_ago is not None and seconds_ago <= SCHEDULER_SILENT_AFTER.total_seconds()


def oldest_waiting_alert_seconds(*, now: datetime | None = None) -> int | None:
    return _seconds_since(selectors.oldest_undelivered_alert_created(), now or timezone.now())


def alerts_are_flowing(oldest_waiting_seconds: int | None) -> bool:
    return oldest_waiting_seconds is None or oldest_waiting_seconds <= (
        ALERT_STUCK_AFTER.total_seconds()
    )


def stuck_alert_count(*, now: datetime | None = None) -> int:
    now = now or timezone.now()
    return selectors.undelivered_alert_count(created_before=now - ALERT_STUCK_AFTER)
