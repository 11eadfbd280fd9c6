"""The process is killed (SIGKILL) in the middle of a submission.

A real server process runs the report view in a child process against a copy of the
test database and is killed at a chosen point. Afterwards: no half-saved case (no
case, report, receipt or evidence row without the others), and whatever file the
dead request left behind is found and removed by `manage.py cleanup_orphan_evidence`
(as an orphan once it is an hour old, or as an expired held upload).
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("killed_submission.py")

# The child process must see the migrated tables and the default Site, so they are
# committed: real transactions, with the Site restored after the test's flush.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def child_env(tmp_path, school):
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DATABASE_URL"}}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "upstander.settings.test",
            "UPSTANDER_VAR_DIR": str(tmp_path / "var"),
            "EVIDENCE_ROOT": str(tmp_path / "evidence"),
            "PYTHONPATH": str(ROOT),
        }
    )
    if connection.vendor == "sqlite":
        # The test database lives in memory: hand the child a file copy of it.
        copy = tmp_path / "killed.sqlite3"
        with sqlite3.connect(copy) as target:
            connection.ensure_connection()
            connection.connection.backup(target)
        env["SQLITE_PATH"] = str(copy)
    else:
        parts = urlsplit(os.environ["DATABASE_URL"])
        name = connection.settings_dict["NAME"]
        env["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))
    return env


def run(env, *args, expect_kill=False) -> list[dict]:
    result = subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if expect_kill:
        assert result.returncode == -signal.SIGKILL, (result.returncode, result.stderr[-3000:])
    else:
        assert result.returncode == 0, result.stderr[-3000:]
    return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]


def test_killed_after_the_file_is_written_leaves_an_orphan_that_cleanup_removes(child_env):
    printed = run(child_env, "submit", "after_file_written", expect_kill=True)
    assert {"survived": True} not in printed
    written = printed[0]["written"]

    report = run(child_env, "inspect", "2")[0]
    assert report["before"] == {
        "cases": 0,
        "reports": 0,
        "receipts": 0,
        "evidence_rows": 0,
        "pending_rows": 0,
        "files": [written],  # on disk, encrypted, and no row names it
    }
    assert report["after"]["files"] == []


def test_killed_inside_the_transaction_leaves_no_half_saved_case(child_env):
    printed = run(child_env, "submit", "inside_transaction", expect_kill=True)
    assert printed[0] == {"rows_in_transaction": 1}  # the evidence row had been written…
    assert {"survived": True} not in printed

    report = run(child_env, "inspect", "7")[0]
    state = report["before"]
    # …and went with the rest of the transaction: no case, report, receipt or evidence row.
    assert (state["cases"], state["reports"], state["receipts"], state["evidence_rows"]) == (
        0,
        0,
        0,
        0,
    )
    # The file the pupil added is still held (committed before the report was sent),
    # so the same form can be sent again; nobody will, as the page died with the process.
    assert state["pending_rows"] == 1 and len(state["files"]) == 1
    # Once the held file has expired, the daily sweep removes it.
    assert report["after"]["files"] == [] and report["after"]["pending_rows"] == 0
