"""Is the alert path working: is a worker alive, is any alert to a lead stuck?

One place for the thresholds, read by `/healthz` (for a load balancer and the
school's monitoring) and by the periodic job that emails the admins. Only ages
and counts: nothing that names a case.
"""

from datetime import datetime, timedelta

from django.utils import timezone

from . import selectors

# A worker writes its heartbeat every 15 s; two minutes of silence means it is gone.
WORKER_SILENT_AFTER = timedelta(minutes=2)
# A lead should hear of a report within minutes; an alert waiting longer is stuck.
ALERT_STUCK_AFTER = timedelta(minutes=5)


def _seconds_since(moment: datetime | None, now: datetime) -> int | None:
    return None if moment is None else max(int((now - moment).total_seconds()), 0)


def worker_last_seen_seconds_ago(*, now: datetime | None = None) -> int | None:
    return _seconds_since(selectors.worker_last_seen(), now or timezone.now())


def worker_is_alive(seconds_ago: int | None) -> bool:
    return seconds_ago is not None and seconds_ago <= WORKER_SILENT_AFTER.total_seconds()


def oldest_waiting_alert_seconds(*, now: datetime | None = None) -> int | None:
    return _seconds_since(selectors.oldest_undelivered_alert_created(), now or timezone.now())


def alerts_are_flowing(oldest_waiting_seconds: int | None) -> bool:
    return oldest_waiting_seconds is None or oldest_waiting_seconds <= (
        ALERT_STUCK_AFTER.total_seconds()
    )


def stuck_alert_count(*, now: datetime | None = None) -> int:
    now = now or timezone.now()
    return selectors.undelivered_alert_count(created_before=now - ALERT_STUCK_AFTER)
