"""A PostgreSQL and a Redis of the test's own, on spare loopback ports, to stop and start at will.

The shared servers on 5432/6379 serve every session on the machine: a fault test
must never stop those. Debian's PostgreSQL binaries are looked for where the
package puts them; a test skips (saying why) only where they are not installed.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import time
from pathlib import Path

PG_BIN = Path("/usr/lib/postgresql/15/bin")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def postgres_missing_reason() -> str | None:
    if not (PG_BIN / "initdb").exists() or not (PG_BIN / "pg_ctl").exists():
        return f"PostgreSQL server binaries not found in {PG_BIN} (apt-get install postgresql-15)"
    return None


class PrivatePostgres:
    """initdb into a temporary folder, then pg_ctl start/stop on a spare port.

    PostgreSQL refuses to run as root, so as root the cluster belongs to the
    `postgres` system user (Debian's package creates it).
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self.data = folder / "data"
        self.port = free_port()
        self.run_as = None
        if os.geteuid() == 0:
            self.run_as = pwd.getpwnam("postgres")
            folder.mkdir(parents=True, exist_ok=True)
            shutil.chown(folder, user=self.run_as.pw_uid, group=self.run_as.pw_gid)

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/upstander_fault"

    def _run(self, *command: str) -> None:
        if self.run_as is not None:
            user = self.run_as

            def demote():
                os.setgid(user.pw_gid)
                os.setuid(user.pw_uid)

        else:
            demote = None
        result = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=120,
            preexec_fn=demote,  # drops root only for PostgreSQL's own tools
            cwd=self.folder,
        )
        if result.returncode != 0:
            raise RuntimeError(f"{command[0]} failed: {result.stderr[-2000:]}")

    def init(self) -> PrivatePostgres:
        self._run(
            str(PG_BIN / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
        )
        self.start()
        self._run(
            str(PG_BIN / "createdb") if (PG_BIN / "createdb").exists() else "createdb",
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            "postgres",
            "upstander_fault",
        )
        return self

    def start(self) -> None:
        self._run(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.folder / "postgres.log"),
            "-o",
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off",
            "-w",
            "start",
        )

    def stop(self) -> None:
        # "fast": disconnect every client at once, as a restart for an upgrade does.
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def destroy(self) -> None:
        if port_answers(self.port):
            self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")


class PrivateRedis:
    """redis-server on a spare port, keeping nothing on disk."""

    def __init__(self):
        self.port = free_port()
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            if port_answers(self.port):
                return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None
