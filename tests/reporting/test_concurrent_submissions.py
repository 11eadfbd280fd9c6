"""50 pupils sending at the same moment: all arrive, none lost, none duplicated.

Real threads need a real database (SQLite's in-memory test database is shared-cache
and locks under concurrent writers): the test migrates a fresh file database, or
a fresh PostgreSQL database when DATABASE_URL is set, and runs the writers in a
separate process.
"""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
REPORTS = 50
DOUBLES = 10


@pytest.fixture
def isolated_database(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "upstander.settings.test",
            "UPSTANDER_VAR_DIR": str(tmp_path),
            "SQLITE_PATH": str(tmp_path / "concurrency.sqlite3"),
        }
    )
    url = os.environ.get("DATABASE_URL")
    if not url:
        env.pop("DATABASE_URL", None)
        yield env
        return
    import psycopg

    parts = urlsplit(url)
    name = (parts.path.lstrip("/") or "upstander") + "_concurrency"
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    env["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))
    yield env
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.slow
def test_fifty_concurrent_submissions_all_arrive_none_lost_none_duplicated(isolated_database):
    env = isolated_database
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=600,
    )
    result = subprocess.run(
        [
            sys.executable,
            str(Path(__file__).with_name("concurrent_reports.py")),
            str(REPORTS),
            str(DOUBLES),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "error=" not in result.stdout, result.stdout
    for count in ("cases", "reports", "receipts", "notifications", "evidence", "distinct_texts"):
        assert f"{count}={REPORTS}\n" in result.stdout, result.stdout
