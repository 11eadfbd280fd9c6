"""PostgreSQL restarts under a running alert worker: every alert is delivered, exactly once.

A PostgreSQL of the test's own (tests/faults/private_services.py) is started on
a spare port; `manage.py run_alert_worker` runs against it in a subprocess, with
Redis unreachable the whole time and alerts written to files. Alerts are queued
before PostgreSQL stops (the worker is busy with them when it goes), and again
as soon as it is back (the worker still backing off) and once the worker has
recovered. Every one must reach the lead exactly once, the worker must still be
running, and `/healthz` must have named the database while it was down.

django-tasks-db's own `db_worker` fails this test: it exits at the first
database error (WORKER_COMMAND below is where to swap it in).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import pytest

from tests.faults.private_services import (
    PrivatePostgres,
    free_port,
    postgres_missing_reason,
)

ROOT = Path(__file__).resolve().parents[2]
HELPER = Path(__file__).with_name("alert_worker_helper.py")
WORKER_COMMAND = ["run_alert_worker", "--interval", "0.2", "--heartbeat", "1", "--max-backoff", "2"]

pytestmark = pytest.mark.skipif(
    postgres_missing_reason() is not None, reason=postgres_missing_reason() or ""
)


@pytest.fixture
def postgres():
    # Not under pytest's own temporary folder: that is private to root, and the
    # server may run as the postgres user.
    folder = Path(tempfile.mkdtemp(prefix="upstander-fault-pg-"))
    server = PrivatePostgres(folder)
    try:
        server.init()
        yield server
    finally:
        server.destroy()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def env(tmp_path, postgres):
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    environment = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DATABASE_URL"}}
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "tests.faults.fault_settings",
            "DATABASE_URL": postgres.url,
            # Redis is down for the whole test: nothing on this port.
            "REDIS_URL": f"redis://127.0.0.1:{free_port()}/0",
            "UPSTANDER_VAR_DIR": str(tmp_path / "var"),
            "EVIDENCE_ROOT": str(tmp_path / "evidence"),
            "FAULT_MAIL_DIR": str(mail_dir),
            "PYTHONPATH": str(ROOT),
            "UPSTANDER_TEST_VAR_OWNER": "fault-worker",
        }
    )
    return environment


def helper(env, *args) -> dict:
    result = subprocess.run(
        [sys.executable, str(HELPER), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def delivered_references(mail_dir: Path) -> Counter:
    found = Counter()
    for message in mail_dir.iterdir():
        found.update(re.findall(r"Case reference: ([A-Z0-9]{4}-[A-Z0-9]{4})", message.read_text()))
    return found


def wait_until_sent(env, references, worker, *, attempts=240) -> dict:
    for _ in range(attempts):
        alerts = helper(env, "inspect")["alerts"]
        if all(alerts.get(reference) == "sent" for reference in references):
            return alerts
        assert worker.poll() is None, "the worker stopped"
        time.sleep(0.5)
    pytest.fail(f"alerts not delivered: {alerts}")


def test_every_alert_queued_around_a_database_restart_is_delivered_exactly_once(env, postgres):
    helper(env, "setup")
    worker_log = Path(env["UPSTANDER_VAR_DIR"]) / "worker.log"
    worker_log.parent.mkdir(parents=True, exist_ok=True)
    with open(worker_log, "w") as log:
        worker = subprocess.Popen(
            [sys.executable, "manage.py", *WORKER_COMMAND],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        before = helper(env, "queue", "12")["queued"]
        postgres.stop()  # while the worker is busy with them
        time.sleep(3)  # the worker meets the outage and backs off
        assert worker.poll() is None, worker_log.read_text()[-3000:]
        down = helper(env, "healthz")
        assert down["status_code"] == 503 and "database" in down["body"]["failing"]

        postgres.start()
        during = helper(env, "queue", "8")["queued"]  # before the worker has reconnected
        wait_until_sent(env, before + during, worker)
        after = helper(env, "queue", "8")["queued"]
        alerts = wait_until_sent(env, before + during + after, worker)

        everything = before + during + after
        assert len(set(everything)) == 28 and set(alerts) == set(everything)
        assert delivered_references(Path(env["FAULT_MAIL_DIR"])) == Counter(everything)
        assert worker.poll() is None
        log_text = worker_log.read_text()
        assert "trying again" in log_text  # it did meet the outage
        up = helper(env, "healthz")
        assert up["body"]["worker"]["ok"] and up["body"]["alerts"]["ok"], up
        assert up["body"]["database"]["ok"]
    finally:
        worker.terminate()
        worker.wait(timeout=30)
