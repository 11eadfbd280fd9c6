"""The circuit breaker in front of Redis (upstander.cache_breaker).

A Redis that cannot be reached costs one failed call per process per
CACHE_BREAKER_SECONDS, not one per cache call: the counters below are the
calls that really went to Redis.
"""

from __future__ import annotations

import pytest
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import ResponseError
from redis.exceptions import TimeoutError as RedisTimeoutError

from upstander.cache_breaker import (
    Breaker,
    CircuitBreakerRedisCache,
    _GuardedClient,
    reset_breakers,
)

UNREACHABLE = "redis://127.0.0.1:1/0"  # nothing listens on port 1: refused at once


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture(autouse=True)
def _fresh_breakers(settings):
    settings.CACHE_BREAKER_SECONDS = 5
    reset_breakers()
    yield
    reset_breakers()


def unreachable_cache() -> CircuitBreakerRedisCache:
    return CircuitBreakerRedisCache(
        UNREACHABLE,
        {"OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.5}},
    )


def test_after_one_failure_the_cache_stops_asking_redis():
    cache = unreachable_cache()
    breaker = cache._breaker
    assert cache.get("first") is None
    assert breaker.is_open and breaker.attempts == 1 and breaker.failures == 1
    for number in range(20):
        assert cache.get(f"key-{number}", "fallback") == "fallback"
        assert cache.set(f"key-{number}", "value") is None
        assert cache.add(f"key-{number}", 1) is None
    assert breaker.attempts == 1, "a bypassed call still went to Redis"
    assert breaker.bypassed == 60


def test_aliases_on_the_same_redis_share_one_breaker():
    first, second = unreachable_cache(), unreachable_cache()
    first.get("anything")
    second.get("anything")
    assert second._breaker is first._breaker
    assert first._breaker.attempts == 1


class ScriptedClient:
    """A django-redis client whose calls fail or succeed as the test says."""

    def __init__(self):
        self.calls = 0
        self.next_error: Exception | None = None

    def get(self, key):
        self.calls += 1
        if self.next_error is not None:
            error, self.next_error = self.next_error, None
            raise error
        return f"value of {key}"


def interrupted(cause: Exception) -> ConnectionInterrupted:
    try:
        raise ConnectionInterrupted(connection=None) from cause
    except ConnectionInterrupted as error:
        return error


def test_after_the_pause_one_probe_closes_the_breaker_when_redis_answers():
    clock = FakeClock()
    breaker = Breaker(location="redis://test", clock=clock)
    real = ScriptedClient()
    client = _GuardedClient(real, breaker)
    real.next_error = interrupted(RedisTimeoutError("Timeout reading from socket"))
    with pytest.raises(ConnectionInterrupted):
        client.get("a")
    clock.now += 4.9
    with pytest.raises(ConnectionInterrupted):
        client.get("b")
    assert real.calls == 1
    clock.now += 0.2
    assert client.get("c") == "value of c"
    assert not breaker.is_open and real.calls == 2
    assert client.get("d") == "value of d" and real.calls == 3


def test_a_failed_probe_keeps_it_open_for_another_pause():
    clock = FakeClock()
    breaker = Breaker(location="redis://test", clock=clock)
    real = ScriptedClient()
    client = _GuardedClient(real, breaker)
    real.next_error = interrupted(RedisTimeoutError("timeout"))
    with pytest.raises(ConnectionInterrupted):
        client.get("a")
    clock.now += 5
    real.next_error = interrupted(RedisTimeoutError("timeout"))
    with pytest.raises(ConnectionInterrupted):
        client.get("probe")
    clock.now += 4
    with pytest.raises(ConnectionInterrupted):
        client.get("still paused")
    assert real.calls == 2 and breaker.failures == 2


def test_while_a_probe_is_waiting_other_callers_bypass():
    clock = FakeClock()
    breaker = Breaker(location="redis://test", clock=clock)
    breaker.record_failure()
    clock.now += 5
    assert breaker.allow() is True  # the probe
    assert breaker.allow() is False  # another thread, while the probe waits
    assert breaker.attempts == 1 and breaker.bypassed == 1


def test_an_error_answer_from_redis_does_not_open_the_breaker():
    # Redis answered (a wrong type, say): it is reachable, so keep using it.
    breaker = Breaker(location="redis://test", clock=FakeClock())
    real = ScriptedClient()
    client = _GuardedClient(real, breaker)
    real.next_error = interrupted(ResponseError("WRONGTYPE"))
    with pytest.raises(ConnectionInterrupted):
        client.get("a")
    assert not breaker.is_open
    assert client.get("b") == "value of b"
