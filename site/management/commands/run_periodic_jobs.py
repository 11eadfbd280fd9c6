"""The site's periodic jobs, in one command a scheduler runs every minute.

    .venv/bin/python manage.py run_periodic_jobs --loop 60   # supervised (systemd, make run)
    * * * * *  cd /srv/upstander && .venv/bin/python manage.py run_periodic_jobs   # or cron

Each job runs at its own interval (JOBS). Several servers may run this at once:
a job's row in reporting.PeriodicJobLease is claimed by one conditional UPDATE,
so only one scheduler runs it per interval (the database decides, not the
cache, which can be flushed or evicted). A failing job is logged and does not
stop the others; it waits its interval before it is tried again. Each job is a
command or a service of its own, so a school can schedule them separately.
The jobs include remind_unconfirmed_transfers: a school's DSLs are alerted when a
child-protection file they sent is not confirmed within 5 school days (hourly).
"""

import logging
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone
from django.utils.crypto import get_random_string

logger = logging.getLogger(__name__)

# A scheduler started by cron wakes a little earlier or later each minute: a
# job is booked this much before its interval is up, so it is not skipped a tick.
EARLY_BY = timedelta(seconds=5)
# How long one scheduler may hold a job: longer than any job takes, so a job is
# never run twice at once; short enough that a crashed scheduler's hold expires.
LEASE = timedelta(minutes=30)


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    interval: timedelta
    # A management command of that name, or else this function.
    function: Callable[[], object] | None = None

    def installed(self, commands) -> bool:
        return self.function is not None or self.name in commands

    def run(self):
        if self.function is not None:
            return self.function()
        return call_command(self.name, verbosity=0)


def requeue_due_notifications():
    from reporting.notifications import requeue_due_notifications

    return requeue_due_notifications()


def email_admins_if_alerts_are_stuck():
    from reporting.services.operations import stuck_alerts_admins_email

    return stuck_alerts_admins_email()


def prune_worker_heartbeats():
    from reporting.services.operations import worker_heartbeats_prune

    return worker_heartbeats_prune(older_than=timedelta(days=7))


MINUTE, HOUR, DAY = timedelta(minutes=1), timedelta(hours=1), timedelta(days=1)
JOBS = [
    # Wagtail's scheduled publishing and unpublishing.
    PeriodicJob("publish_scheduled", MINUTE),
    # Re-alert leads about urgent cases nobody has acknowledged.
    PeriodicJob("notify_unacknowledged_urgent", MINUTE),
    # Remind each person of their tasks on cases that have come due, once.
    PeriodicJob("remind_due_tasks", MINUTE),
    # Queue again any alert whose delivery job was lost (a worker killed mid-job).
    PeriodicJob("requeue_due_notifications", MINUTE, requeue_due_notifications),
    # Tell the admins (counts only) when alerts are stuck or the worker is silent.
    PeriodicJob("email_admins_if_alerts_are_stuck", MINUTE, email_admins_if_alerts_are_stuck),
    # Evidence files with no record, expired held uploads.
    PeriodicJob("cleanup_orphan_evidence", HOUR),
    # Purge closed cases whose retention period has passed.
    PeriodicJob("apply_retention", DAY),
    PeriodicJob("prune_worker_heartbeats", DAY, prune_worker_heartbeats),
    # Alert the sending DSLs when a child-protection file's receipt is overdue.
    PeriodicJob("remind_unconfirmed_transfers", HOUR),
]


def scheduler_id() -> str:
    return f"{socket.gethostname()[:50]}-{get_random_string(8)}"


def run_due_jobs(*, holder: str, now: datetime | None = None, jobs=None) -> list[str]:
    """Run every job that is due and not held by another scheduler; return the names run."""
    from reporting.services.operations import periodic_job_claim, periodic_job_release

    now = now or timezone.now()
    commands = get_commands()
    ran = []
    for job in JOBS if jobs is None else jobs:
        if not job.installed(commands):
            continue
        try:
            claimed = periodic_job_claim(
                name=job.name, interval=job.interval - EARLY_BY, holder=holder, lease=LEASE, now=now
            )
        except Exception:
            logger.exception("Could not check whether periodic job %s is due", job.name)
            continue
        if not claimed:
            continue
        failed = False
        try:
            job.run()
        except Exception:
            failed = True
            logger.exception("Periodic job %s failed", job.name)
        ran.append(job.name)
        try:
            periodic_job_release(name=job.name, holder=holder, failed=failed)
        except Exception:
            logger.exception("Could not hand back periodic job %s", job.name)
    return ran


class Command(BaseCommand):
    help = "Run the site's periodic jobs that are due (or keep doing so every N seconds with --loop N)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop", type=int, default=0, help="Repeat every this many seconds, until stopped."
        )

    def handle(self, *args, loop=0, **options):
        holder = scheduler_id()
        while True:
            run_due_jobs(holder=holder)
            if not loop:
                return
            time.sleep(loop)
            # The database may have restarted since the last tick: drop a broken connection.
            close_old_connections()
