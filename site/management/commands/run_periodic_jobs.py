"""The site's periodic jobs, in one command a scheduler (cron, systemd timer) runs every minute.

    * * * * *  cd /srv/upstander && .venv/bin/python manage.py run_periodic_jobs

`make run` runs it in a loop beside the site (`--loop 60`). Each job is a
command of its own, so a school can schedule them separately instead:
- publish_scheduled: Wagtail's scheduled publishing and unpublishing (every minute);
- notify_unacknowledged_urgent: re-alert leads about urgent cases nobody has opened (every minute);
- requeue of due notifications, in case a delivery job was ever lost (every minute);
- cleanup_orphan_evidence: evidence files with no record, expired held uploads (hourly);
- apply_retention: purge closed cases whose retention period has passed (daily);
- remind_unconfirmed_transfers: alert a school's DSLs when a child-protection file they
  sent is not confirmed within 5 school days (hourly).
A failing job is logged and does not stop the others.
"""

import logging
import time

from django.core.cache import cache
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand

logger = logging.getLogger(__name__)

# (command, minimum seconds between runs)
JOBS = [
    ("publish_scheduled", 0),
    ("notify_unacknowledged_urgent", 0),
    ("cleanup_orphan_evidence", 60 * 60),
    ("apply_retention", 24 * 60 * 60),
    ("remind_unconfirmed_transfers", 60 * 60),
]


class Command(BaseCommand):
    help = "Run the site's periodic jobs once (or every N seconds with --loop N)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop", type=int, default=0, help="Repeat every this many seconds, until stopped."
        )

    def handle(self, *args, loop=0, **options):
        while True:
            self.run_once()
            if not loop:
                return
            time.sleep(loop)

    def run_once(self):
        from reporting.notifications import requeue_due_notifications

        available = get_commands()
        for name, interval in JOBS:
            if name not in available:
                continue
            # The cache remembers when a job last ran, so the daily job is daily
            # however often this command is called.
            stamp = f"periodic:{name}"
            if interval and cache.get(stamp):
                continue
            try:
                call_command(name, verbosity=0)
            except Exception:
                logger.exception("Periodic job %s failed", name)
                continue
            if interval:
                cache.set(stamp, True, timeout=interval)
        try:
            requeue_due_notifications()
        except Exception:
            logger.exception("Re-queueing due notifications failed")
