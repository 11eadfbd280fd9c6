"""A real gunicorn, with gunicorn.conf.py, never writes a client's address to its log.

Gunicorn logs every malformed request at WARNING as "Invalid request from ip=…"
(gunicorn/workers/base.py). The client here connects from 127.0.0.3 so its
address cannot be confused with the address gunicorn listens on.
"""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLIENT_ADDRESS = "127.0.0.3"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def send_raw(port: int, data: bytes) -> bytes:
    with socket.create_connection(
        ("127.0.0.1", port), timeout=30, source_address=(CLIENT_ADDRESS, 0)
    ) as connection:
        connection.sendall(data)
        return connection.recv(4096)


@pytest.fixture
def gunicorn_server(tmp_path):
    port = free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL"}
    }
    env.update(
        {
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "WEB_CONCURRENCY": "1",
            "SECRET_KEY": "a-real-secret-" * 4,
            "ENCRYPTION_KEYS": "k1:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
            "UPSTANDER_VAR_DIR": str(tmp_path),
        }
    )
    log_path = tmp_path / "gunicorn.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "upstander.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        for _ in range(300):
            if "Booting worker" in log_path.read_text():
                break
            if server.poll() is not None:
                pytest.fail(log_path.read_text())
            time.sleep(0.1)
        yield port, log_path
    finally:
        server.terminate()
        server.wait(timeout=60)


def test_a_malformed_request_is_logged_without_the_clients_address(gunicorn_server):
    port, log_path = gunicorn_server
    too_long = send_raw(port, b"GET /" + b"a" * 8000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    garbled = send_raw(port, b"NOT A REQUEST\r\n\r\n")
    assert too_long.startswith(b"HTTP/1.1 414")
    assert garbled.startswith(b"HTTP/1.1 400")
    # Gunicorn writes its warning before it answers, so the log already holds it.

    log = log_path.read_text()
    # The log still says what went wrong (so a flood is visible), but not who sent it.
    assert log.count("Invalid request") >= 2, log
    assert "Request Line is too large" in log, log
    assert CLIENT_ADDRESS not in log, log
    assert "ip=" not in log, log
