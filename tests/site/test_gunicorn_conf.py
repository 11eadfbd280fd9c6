"""The shipped gunicorn settings: each worker freezes its loaded application.

A full garbage collection walks every object the worker holds; Django and
Wagtail leave about 200,000 that live as long as the worker. Frozen after
loading, they are skipped, so a reader's request does not pay for walking them.
"""

import gc
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path


def load_config() -> dict:
    config: dict = {}
    source = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"
    exec(compile(source.read_text(), str(source), "exec"), config)  # noqa: S102 - our own config file
    return config


def test_a_worker_freezes_what_it_loaded_out_of_the_collectors_sight():
    hook = load_config()["post_worker_init"]
    gc.unfreeze()
    try:
        hook(worker=None)
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()


def test_each_connection_serves_one_request_so_a_busy_connection_cannot_pin_a_worker():
    assert load_config()["keepalive"] == 0


def _spare_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _fetch(port: int) -> str:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as response:
            return response.read().decode()
    except (OSError, http.client.HTTPException):
        return "dropped"


def test_a_killed_worker_drops_only_the_requests_it_was_serving(tmp_path):
    """Ten requests at once on 2 workers x 2 threads; one worker is killed mid-request."""
    port = _spare_port()
    root = Path(__file__).resolve().parents[2]
    serving = tmp_path / "serving"
    serving.mkdir()
    env = {
        **os.environ,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
        "GUNICORN_THREADS": "2",
        "GUNICORN_ACCESS_LOG": str(tmp_path / "access.log"),
        "SLOW_WSGI_SERVING_DIR": str(serving),
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            str(root / "gunicorn.conf.py"),
            "tests.site.slow_wsgi:app",
        ],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(200):
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        with ThreadPoolExecutor(max_workers=10) as pool:
            answers = [pool.submit(_fetch, port) for _ in range(10)]
            for _ in range(200):
                if list(serving.iterdir()):
                    break
                time.sleep(0.02)
            victim = int(next(serving.iterdir()).name)
            os.kill(victim, signal.SIGKILL)
            results = [answer.result() for answer in answers]
    finally:
        server.terminate()
        server.wait(timeout=30)
    dropped = results.count("dropped")
    assert 1 <= dropped <= 2, results  # at most its two threads' requests
    assert str(victim) not in results
    assert len([r for r in results if r != "dropped"]) == 10 - dropped
