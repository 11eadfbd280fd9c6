"""`manage.py run_alert_worker`: the alert worker's loop survives outages and says it is alive.

The fault test (tests/faults/test_worker_survives_outages.py) restarts a real
PostgreSQL under it; these tests pin the loop's own rules in one process: how it
backs off, that a task the outage interrupted runs again (once), and the heartbeat.
"""

from __future__ import annotations

from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import OperationalError, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from reporting.choices import NotificationStatus
from reporting.management.commands.run_alert_worker import ResilientWorker
from reporting.models import Case, Notification, WorkerHeartbeat
from reporting.notifications import notification_enqueue

# The worker opens and closes its own transactions and connections.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def queue_alert(school) -> Case:
    with transaction.atomic():
        case = Case.objects.create(school=school)
        notification_enqueue(case=case)
    return case


def batch_worker(**options) -> ResilientWorker:
    return ResilientWorker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="durable",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
        **options,
    )


def failing_then_real(method, failures: int):
    calls = {"count": 0}

    def claim(self):
        calls["count"] += 1
        if calls["count"] <= failures:
            raise OperationalError("server closed the connection unexpectedly")
        return method(self)

    return claim


@pytest.mark.parametrize(
    ("failures", "waits"),
    [
        (3, [1, 2, 4]),
        (8, [1, 2, 4, 8, 16, 30, 30, 30]),  # doubling, capped at 30 s
    ],
)
def test_database_errors_make_the_worker_back_off_and_carry_on(school, lead, failures, waits):
    case = queue_alert(school)
    worker = batch_worker()
    with (
        mock.patch.object(
            ResilientWorker,
            "claim_next",
            failing_then_real(ResilientWorker.claim_next, failures),
        ),
        mock.patch("reporting.management.commands.run_alert_worker.time.sleep") as sleep,
    ):
        worker.run()
    assert [call.args[0] for call in sleep.call_args_list] == waits
    assert Notification.objects.get(case=case).status == NotificationStatus.SENT
    assert [message.to for message in mail.outbox] == [[lead.email]]


def test_the_wait_starts_again_at_one_second_once_the_database_answers():
    worker = batch_worker()
    worker.batch = False  # a long-running worker
    down = OperationalError("down")
    outcomes = iter([down, down, (True, False), down, "stop"])

    def run_one():
        outcome = next(outcomes)
        if outcome == "stop":
            worker.running = False
            return True, False
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    with (
        mock.patch.object(worker, "run_one", side_effect=run_one),
        mock.patch("reporting.management.commands.run_alert_worker.time.sleep") as sleep,
    ):
        worker.run()
    # 1 and 2 s in the outage, the ordinary poll interval (0) once it answers,
    # then 1 s again for the next outage.
    assert [call.args[0] for call in sleep.call_args_list] == [1, 2, 0, 1]


def test_a_delivery_the_outage_interrupted_runs_again_and_is_sent_once(school, lead):
    case = queue_alert(school)
    real_select_related = Notification.objects.select_related
    calls = {"count": 0}

    def select_related(*args, **kwargs):
        calls["count"] += 1
        if calls["count"] == 1:
            raise OperationalError("terminating connection due to administrator command")
        return real_select_related(*args, **kwargs)

    with (
        mock.patch(
            "reporting.notifications.Notification.objects.select_related",
            side_effect=select_related,
        ),
        mock.patch("reporting.management.commands.run_alert_worker.time.sleep") as sleep,
    ):
        call_command("run_alert_worker", "--batch", "--interval", "0", verbosity=0)
    assert [call.args[0] for call in sleep.call_args_list] == [1]  # waited, as for any outage
    assert calls["count"] == 2  # the task ran twice: interrupted, then for real
    assert Notification.objects.get(case=case).status == NotificationStatus.SENT
    assert len(mail.outbox) == 1
    job = DBTaskResult.objects.get(task_path__endswith="deliver_notification")
    assert job.status == "SUCCESSFUL"


def test_a_task_that_fails_on_its_own_is_not_run_again(school, lead):
    queue_alert(school)
    with mock.patch(
        "reporting.notifications.Notification.objects.select_related",
        side_effect=ValueError("a bug in the task, not an outage"),
    ) as select_related:
        call_command("run_alert_worker", "--batch", "--interval", "0", verbosity=0)
    assert select_related.call_count == 1
    assert DBTaskResult.objects.get().status == "FAILED"


def test_the_worker_records_a_heartbeat_as_it_runs(school):
    before = timezone.now()
    call_command("run_alert_worker", "--batch", "--interval", "0", verbosity=0)
    beat = WorkerHeartbeat.objects.get()
    assert beat.last_seen_at >= before and beat.started_at >= before


def test_the_heartbeat_is_refreshed_at_its_interval_not_on_every_poll(school):
    worker = batch_worker(heartbeat_seconds=15)
    with (
        mock.patch(
            "reporting.management.commands.run_alert_worker.worker_heartbeat_record"
        ) as record,
        mock.patch(
            "reporting.management.commands.run_alert_worker.time.monotonic",
            side_effect=[100.0, 105.0, 114.0, 115.0, 131.0],
        ),
    ):
        for _ in range(5):
            worker.heartbeat_if_due()
    assert record.call_count == 3  # at 100, 115 and 131
