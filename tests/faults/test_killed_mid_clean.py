"""A worker is killed (SIGKILL) while it cleans a pupil's photo.

While it cleans, the original photo (GPS position, camera serial, owner's
name, unencrypted) and its cleaned copy are on disk. They must be only in the
app's private spool (0700 folder, 0600 files), never in the system's
temporary folder, and once the worker is dead the next start-up or the
periodic clean-up removes them: nothing readable is left.
"""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.faults.test_killed_mid_submission import ROOT, child_env  # noqa: F401 - a fixture
from tests.identifying_files import CAMERA_SERIAL, markers_in

SCRIPT = Path(__file__).with_name("killed_cleaning.py")

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def worker_env(child_env, tmp_path):  # noqa: F811 - the imported fixture
    system_tmp = tmp_path / "system-tmp"
    system_tmp.mkdir()
    # The child's system temporary folder (tempfile.gettempdir()), so a file written
    # there by anything in the upload path is seen, apart from other programs' files.
    return {**child_env, "TMPDIR": str(system_tmp)}


def spool_of(env) -> Path:
    return Path(env["UPSTANDER_VAR_DIR"]) / "spool"


def files_under(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file()) if folder.exists() else []


def kill_while_cleaning(env) -> list[Path]:
    """Start a worker, wait until it is inside the cleaning step, look at the disk, kill it."""
    worker = subprocess.Popen(
        [sys.executable, str(SCRIPT), "clean"],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = worker.stdout.readline()
        assert json.loads(line or "{}") == {"cleaning": True}, worker.stderr.read()[-3000:]
        spooled = files_under(spool_of(env))
        # The raw upload and the cleaned copy, both in the private spool…
        assert any(path.name.endswith(".upload.jpg") for path in spooled), spooled
        assert any(CAMERA_SERIAL in markers_in(path.read_bytes()) for path in spooled)
        assert stat.S_IMODE(spool_of(env).stat().st_mode) == 0o700
        assert all(stat.S_IMODE(path.stat().st_mode) == 0o600 for path in spooled)
        # …and nothing in the system's temporary folder.
        assert files_under(Path(env["TMPDIR"])) == []
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.communicate(timeout=60)
    assert worker.returncode == -signal.SIGKILL
    return spooled


def age(paths: list[Path], seconds: float) -> None:
    past = time.time() - seconds
    for path in paths:
        os.utime(path, (past, past))


def run(env, *command: str) -> dict:
    result = subprocess.run(
        [sys.executable, str(SCRIPT), *command],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.splitlines()[-1])


def assert_nothing_readable_left(env) -> None:
    assert files_under(spool_of(env)) == []
    assert files_under(Path(env["TMPDIR"])) == []
    for path in files_under(Path(env["UPSTANDER_VAR_DIR"])):
        assert markers_in(path.read_bytes()) == [], path


def test_the_next_start_up_removes_what_a_worker_killed_mid_clean_left(worker_env, settings):
    spooled = kill_while_cleaning(worker_env)
    # The dead worker's files are still there (no `finally` ran): the raw photo among them.
    assert files_under(spool_of(worker_env)) == spooled
    # Young files may be another worker's request in progress: left alone.
    run(worker_env, "start")
    assert files_under(spool_of(worker_env)) == spooled
    # Older than the longest request: removed before the new process takes a request.
    age(spooled, settings.SPOOL_MAX_AGE_SECONDS + 60)
    run(worker_env, "start")
    assert_nothing_readable_left(worker_env)


def test_the_periodic_clean_up_removes_what_a_worker_killed_mid_clean_left(worker_env, settings):
    spooled = kill_while_cleaning(worker_env)
    run(worker_env, "cleanup", "0")
    assert files_under(spool_of(worker_env)) == spooled
    run(worker_env, "cleanup", str(settings.SPOOL_MAX_AGE_SECONDS + 60))
    assert_nothing_readable_left(worker_env)
