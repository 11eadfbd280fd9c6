"""Simultaneous writes to the embedded SQLite default never fail with "database is locked".

SQLite's in-memory test database cannot show this, so the test migrates a
file database in a separate process and writes to it from 20 threads at once.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WRITERS = 20


@pytest.mark.slow
def test_twenty_concurrent_writes_to_the_sqlite_default_all_succeed(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "upstander.settings.dev",
            "UPSTANDER_VAR_DIR": str(tmp_path),
            "SQLITE_PATH": str(tmp_path / "concurrency.sqlite3"),
        }
    )
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )
    result = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("concurrent_writer.py")), str(WRITERS)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "error=" not in result.stdout, result.stdout
    assert f"cases={WRITERS}" in result.stdout
