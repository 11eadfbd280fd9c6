"""A paused Redis (SIGSTOP: connections accepted, nothing answered) does not hang the site.

The test starts a Redis of its own on a spare port, serves the site against it
through the circuit-breaker backend the production settings use, warms the
pages, then pauses Redis. The first request after the pause waits one socket
timeout; after that no request goes to Redis at all (counted by the breaker),
so each public page is answered in about its uncached time, a
report is saved, and the report rate limit fails open. SIGCONT restores Redis
and the next probe closes the breaker.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time

import pytest
import redis
from django.core.cache import caches

from reporting.models import Case
from tests.reporting.conftest import report_data
from tests.school_pages import home, hub  # noqa: F401 (fixtures)
from upstander.cache_breaker import all_breakers, reset_breakers

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server"),
]

SOCKET_TIMEOUT = 0.5
GENEROUS_PAGE_SECONDS = 5
PUBLIC_PAGES = ("/", "/pupils/", "/report/", "/report/follow-up/")


def _spare_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def own_redis(tmp_path):
    port = _spare_port()
    process = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    direct = redis.Redis(host="127.0.0.1", port=port, socket_timeout=2)
    for _ in range(100):
        try:
            direct.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    yield process, port, direct
    if process.poll() is None:
        os.kill(process.pid, signal.SIGCONT)
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def site_on_own_redis(settings, own_redis):
    process, port, direct = own_redis
    backend = {
        "BACKEND": "upstander.cache_breaker.CircuitBreakerRedisCache",
        "LOCATION": f"redis://127.0.0.1:{port}/0",
        "KEY_PREFIX": "paused",
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": SOCKET_TIMEOUT,
            "SOCKET_TIMEOUT": SOCKET_TIMEOUT,
        },
    }
    settings.CACHES = {
        **settings.CACHES,
        "default": backend,
        "pages": {**backend, "KEY_PREFIX": "paused-pages"},
    }
    settings.CACHE_BREAKER_SECONDS = 1
    settings.RATELIMIT_ENABLE = True
    settings.REPORT_RATE_PER_CLIENT = "1/h"
    reset_breakers()
    yield process, direct
    reset_breakers()
    for alias in ("default", "pages"):
        caches[alias].close()


def _timed_get(client, path):
    started = time.monotonic()
    response = client.get(path)
    return response, time.monotonic() - started


@pytest.mark.usefixtures("hub")
def test_public_pages_reports_and_limits_work_while_redis_is_paused(client, site_on_own_redis):
    process, direct = site_on_own_redis
    normal = {}
    for path in PUBLIC_PAGES:
        client.get(path)
        response, normal[path] = _timed_get(client, path)
        assert response.status_code == 200
    assert direct.dbsize() > 0, "the site was not using this Redis"
    (breaker,) = all_breakers()
    assert not breaker.is_open

    os.kill(process.pid, signal.SIGSTOP)
    first, _ = _timed_get(client, "/")
    assert first.status_code == 200 and "Get help now" in first.content.decode()
    assert breaker.is_open and breaker.failures == 1
    attempts_after_first_failure = breaker.attempts

    for path in PUBLIC_PAGES:
        response, took = _timed_get(client, path)
        html = response.content.decode()
        assert response.status_code == 200 and "Get help now" in html
        # Generous: before the breaker a page waited 26-41 socket timeouts (16-25 s).
        # The strict check is the count of calls that went to Redis, below.
        assert took < max(2 * normal[path], GENEROUS_PAGE_SECONDS), (path, took, normal[path])
    assert breaker.attempts == attempts_after_first_failure, "a request went to the paused Redis"

    # Two reports from one pupil with a limit of one an hour: both saved (fail open).
    for words in ("first while paused", "second while paused"):
        response = client.post("/report/", report_data(what_happened=words))
        assert response.status_code == 200
        assert "Your report has been sent" in response.content.decode()
    assert sorted(c.report.what_happened for c in Case.objects.all()) == [
        "first while paused",
        "second while paused",
    ]

    # Monitoring hears of it, at once and without waiting on the paused Redis.
    health, took = _timed_get(client, "/healthz")
    assert health.status_code == 503 and "cache" in health.json()["failing"]
    assert health.json()["cache"] == {"ok": False, "bypassed": True}
    assert health.json()["database"]["ok"]
    assert took < GENEROUS_PAGE_SECONDS
    assert breaker.attempts == attempts_after_first_failure

    os.kill(process.pid, signal.SIGCONT)
    time.sleep(1.1)  # CACHE_BREAKER_SECONDS, so the next call is a probe
    assert client.get("/").status_code == 200
    assert not breaker.is_open
    assert breaker.attempts > attempts_after_first_failure
    assert client.get("/healthz").json()["cache"] == {"ok": True, "bypassed": False}
