"""The alert worker: runs the durable task queue and never stops on its own.

    .venv/bin/python manage.py run_alert_worker

django-tasks-db's `db_worker` re-raises every database error except "database
is locked", so a PostgreSQL restart ends it and every alert after that waits,
unseen. This command runs the same queue through the library's own pieces (its
ready/locked queryset, `claim` and `Worker.run_task`), but when the database
(or anything else outside a task) fails it drops the broken connections,
waits (1 s, doubling to at most 30 s) and carries on. It writes a heartbeat
(reporting.WorkerHeartbeat) every HEARTBEAT_SECONDS so `/healthz` and the
periodic jobs can tell a stopped worker from a quiet one.

A process manager (systemd's Restart=always, `make run`'s loop) still restarts
it if it is killed; this loop is what keeps it alive through outages.
"""

import logging
import socket
import time

from django.core.management.base import BaseCommand
from django.db import Error as DatabaseLibraryError
from django.db import close_old_connections, connections
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker, valid_backend_name
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from reporting.services.operations import worker_heartbeat_record

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 15
FIRST_BACKOFF_SECONDS = 1.0
MAX_BACKOFF_SECONDS = 30.0
# A task that raised one of these met a database that went away, not a bug.
OUTAGE_ERRORS = ("OperationalError", "InterfaceError")


def met_an_outage(exception_class_path: str) -> bool:
    module, _, name = exception_class_path.rpartition(".")
    return name in OUTAGE_ERRORS and module.startswith(("django.db", "psycopg", "sqlite3"))


class TaskMetAnOutage(Exception):
    """A task failed because the database went away; it is back in the queue."""


class ResilientWorker(Worker):
    """django-tasks-db's Worker with a loop that survives outages and reports that it lives."""

    def __init__(
        self,
        *,
        heartbeat_seconds: float = HEARTBEAT_SECONDS,
        first_backoff: float = FIRST_BACKOFF_SECONDS,
        max_backoff: float = MAX_BACKOFF_SECONDS,
        **options,
    ):
        super().__init__(**options)
        self.heartbeat_seconds = heartbeat_seconds
        self.first_backoff = first_backoff
        self.max_backoff = max_backoff
        self.last_heartbeat = None
        # A task claimed but whose result could not be written (the database went
        # away mid-task): handed back to the queue once the database answers.
        self.unfinished_task_id = None

    def ready_tasks(self):
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        return tasks

    def heartbeat_if_due(self) -> None:
        now = time.monotonic()
        if self.last_heartbeat is None or now - self.last_heartbeat >= self.heartbeat_seconds:
            worker_heartbeat_record(worker_id=self.worker_id)
            self.last_heartbeat = now

    def hand_back_unfinished_task(self) -> None:
        """Put a task this worker claimed but could not finish back in the queue.

        Its notification says whether the email went: `deliver_notification`
        does nothing for one already marked sent, so running it again is safe.
        """
        if self.unfinished_task_id is None:
            return
        # RUNNING: its result could not be written; FAILED: it failed on the outage.
        DBTaskResult.objects.filter(
            id=self.unfinished_task_id, status__in=["RUNNING", "FAILED"]
        ).update(status="READY", started_at=None, finished_at=None)
        logger.warning(
            "Task %s was interrupted by an outage; queued again", self.unfinished_task_id
        )
        self.unfinished_task_id = None

    def claim_next(self) -> tuple[bool, DBTaskResult | None]:
        """(whether the database answered, the task claimed if any)."""
        tasks = self.ready_tasks()
        with exclusive_transaction(tasks.db):
            try:
                task_result = tasks.get_locked()
            except DatabaseLibraryError as error:
                if is_locked_database_exception(error):
                    return False, None
                raise
            if task_result is not None:
                task_result.claim(self.worker_id)
        return True, task_result

    def run_one(self) -> tuple[bool, bool]:
        """Run at most one task: (whether the database answered, whether a task ran)."""
        close_old_connections()
        self.hand_back_unfinished_task()
        self.heartbeat_if_due()
        answered, task_result = self.claim_next()
        if task_result is None:
            return answered, False
        self.unfinished_task_id = task_result.id
        self.run_task(task_result)
        if task_result.status == "FAILED" and met_an_outage(task_result.exception_class_path):
            # The task met the outage rather than a fault of its own: after the
            # usual wait it goes back in the queue instead of filed as failed.
            raise TaskMetAnOutage(task_result.exception_class_path)
        self.unfinished_task_id = None
        return True, True

    def drop_connections(self) -> None:
        for connection in connections.all(initialized_only=True):
            try:
                connection.close()
            except DatabaseLibraryError:
                # A connection to a server that went away cannot be closed
                # cleanly; forgetting it is enough for the next one to be new.
                connection.connection = None

    def run(self) -> None:
        logger.info("Alert worker %s started (queues %s)", self.worker_id, self.queue_names)
        backoff = self.first_backoff
        while self.running:
            try:
                answered, ran = self.run_one()
            except Exception as error:
                # Anything that escapes a task run is an outage (database, network),
                # not a bad task: run_task records a task's own failure as its result.
                logger.warning(
                    "Alert worker cannot reach what it needs (%s: %s); trying again in %.0f s",
                    type(error).__name__,
                    str(error).splitlines()[0][:200] if str(error) else "",
                    backoff,
                )
                self.drop_connections()
                self.sleep(backoff)
                backoff = min(backoff * 2, self.max_backoff)
                continue
            backoff = self.first_backoff
            if self.batch and answered and not ran:
                return
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                return
            if not ran:
                self.sleep(self.interval)

    def sleep(self, seconds: float) -> None:
        if self.running:
            time.sleep(seconds)


class Command(BaseCommand):
    help = "Deliver alerts and other durable jobs; survives database, cache and mail outages."

    def add_arguments(self, parser):
        parser.add_argument("--backend", default="durable", type=valid_backend_name)
        parser.add_argument("--queue-name", default="*", help="Queues, comma-separated; * for all")
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between polls")
        parser.add_argument("--heartbeat", type=float, default=HEARTBEAT_SECONDS)
        parser.add_argument("--max-backoff", type=float, default=MAX_BACKOFF_SECONDS)
        parser.add_argument(
            "--batch", action="store_true", help="Run what is due, then exit (for tests)"
        )

    def handle(
        self, *args, backend, queue_name, interval, heartbeat, max_backoff, batch, **options
    ):
        worker = ResilientWorker(
            queue_names=queue_name.split(","),
            interval=interval,
            batch=batch,
            backend_name=backend,
            startup_delay=False,
            max_tasks=None,
            worker_id=f"{socket.gethostname()[:40]}-{get_random_string(12)}",
            excluded_queue_names=[],
            heartbeat_seconds=heartbeat,
            max_backoff=max_backoff,
        )
        worker.configure_signals()
        worker.run()
