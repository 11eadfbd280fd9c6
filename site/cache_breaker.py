"""A Redis cache that stops asking a Redis that does not answer.

A paused or overloaded Redis (process stopped, network black-holed) does not
refuse connections: every cache call waits its whole socket timeout, and a
public page makes dozens of them, so a pupil waited 16-40 s for help or to send
a report. After one call fails to reach Redis, this backend answers every cache
call in this process as a miss (or, for writes, as nothing stored) without
touching the network for CACHE_BREAKER_SECONDS. Then a single call is let
through as a probe: if it reaches Redis the breaker closes, otherwise it stays
open for another period. Other threads keep bypassing while the probe waits.

Calls that bypass raise django-redis's own ConnectionInterrupted, so
IGNORE_EXCEPTIONS turns them into misses exactly as a real outage would, and
rate limits fail open (RATELIMIT_FAIL_OPEN). A Redis that answers with an error
(a wrong type, say) is reachable, so it does not open the breaker.

The state is per process and per Redis address, shared by every cache alias
and thread that uses that Redis ("default" and "pages" trip together).
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field

from django.conf import settings
from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("upstander.cache")

DEFAULT_OPEN_SECONDS = 5.0
_UNREACHABLE = (RedisConnectionError, RedisTimeoutError, TimeoutError, OSError)


class CacheBypassed(RedisConnectionError):
    """Raised (as the cause of ConnectionInterrupted) for a call the breaker skipped."""


@dataclass
class Breaker:
    """Open/closed state for one Redis address in this process."""

    location: str
    clock: object = field(default=time.monotonic, repr=False)
    open_until: float = 0.0
    # Counted for metrics and for the fault tests: calls that went to Redis,
    # calls that failed to reach it, and calls answered without trying.
    attempts: int = 0
    failures: int = 0
    bypassed: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def is_open(self) -> bool:
        return self.open_until > 0.0

    def allow(self) -> bool:
        """True if this call may go to Redis (closed, or the one probe after a pause)."""
        with self._lock:
            if self.open_until == 0.0:
                self.attempts += 1
                return True
            now = self.clock()
            if now >= self.open_until:
                # This caller probes; everyone else keeps bypassing until it returns.
                self.open_until = now + open_seconds()
                self.attempts += 1
                return True
            self.bypassed += 1
            return False

    def record_success(self) -> None:
        if self.open_until == 0.0:
            return
        with self._lock:
            was_open = self.open_until != 0.0
            self.open_until = 0.0
        if was_open:
            logger.warning("cache reachable again", extra={"cache_location": self.location})

    def record_failure(self) -> None:
        with self._lock:
            was_open = self.open_until != 0.0
            self.failures += 1
            self.open_until = self.clock() + open_seconds()
        if not was_open:
            logger.warning(
                "cache unreachable: bypassing it for %.1f s",
                open_seconds(),
                extra={"cache_location": self.location},
            )


_breakers: dict[str, Breaker] = {}
_breakers_lock = threading.Lock()


def open_seconds() -> float:
    return float(getattr(settings, "CACHE_BREAKER_SECONDS", DEFAULT_OPEN_SECONDS))


def breaker_for(location: str) -> Breaker:
    with _breakers_lock:
        breaker = _breakers.get(location)
        if breaker is None:
            breaker = _breakers[location] = Breaker(location=location)
        return breaker


def all_breakers() -> list[Breaker]:
    with _breakers_lock:
        return list(_breakers.values())


def reset_breakers() -> None:
    """Forget every breaker (tests; a process that changes its Redis)."""
    with _breakers_lock:
        _breakers.clear()


def _reached_redis(error: ConnectionInterrupted) -> bool:
    return not isinstance(error.__cause__, _UNREACHABLE)


class _GuardedClient:
    """Stands in for django-redis's client: each method asks the breaker first."""

    def __init__(self, client, breaker: Breaker):
        self._client = client
        self._breaker = breaker

    def __getattr__(self, name):
        attribute = getattr(self._client, name)
        if not callable(attribute) or name.startswith("_"):
            return attribute
        breaker = self._breaker

        def guarded(*args, **kwargs):
            if not breaker.allow():
                raise ConnectionInterrupted(connection=None) from CacheBypassed(
                    "Redis skipped: circuit breaker open"
                )
            try:
                result = attribute(*args, **kwargs)
            except ConnectionInterrupted as error:
                if _reached_redis(error):
                    breaker.record_success()
                else:
                    breaker.record_failure()
                raise
            except _UNREACHABLE:
                breaker.record_failure()
                raise
            breaker.record_success()
            return result

        return guarded


class CircuitBreakerRedisCache(RedisCache):
    """django-redis's RedisCache behind a per-process circuit breaker."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._breaker = breaker_for(str(server))
        # The breaker logs once when Redis stops answering and once when it is
        # back; a stack trace for every skipped call would bury the logs.
        self._log_ignored_exceptions = False

    @property
    def client(self):
        return _GuardedClient(super().client, self._breaker)
