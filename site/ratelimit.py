"""Rate-limit keys that never hold a client's address.

Rule 1 of Upstander: rate limiting uses short-lived, hashed cache counters only.
The key is an HMAC of the client address under a secret that rotates every
RATELIMIT_KEY_ROTATION_SECONDS, so a counter key cannot be turned back into an
address, and yesterday's keys cannot be linked to today's. The counters live only
in the cache, with the rate's own short expiry (django-ratelimit sets it).

The client address is REMOTE_ADDR unless TRUSTED_PROXY_COUNT says how many
proxies we run in front of the app; then the address those proxies saw is taken
from the right of X-Forwarded-For, so a forged header from the client is ignored.
"""

import hashlib
import hmac
import logging
import math
import time

from django.conf import settings
from django.core.cache import caches

ROTATION_SECONDS = getattr(settings, "RATELIMIT_KEY_ROTATION_SECONDS", 6 * 60 * 60)


def client_address(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    # Each trusted proxy appends the address it received from; the client may
    # prepend anything it likes, so count from the right.
    if len(forwarded) >= proxies:
        return forwarded[-proxies]
    return remote


def _rotating_secret(now: float | None = None) -> bytes:
    epoch = int((now if now is not None else time.time()) // ROTATION_SECONDS)
    return hmac.new(
        settings.SECRET_KEY.encode(), f"ratelimit:{epoch}".encode(), hashlib.sha256
    ).digest()


def hashed_client_key(group, request) -> str:
    """A django-ratelimit `key` callable: HMAC of the client address, rotating."""
    digest = hmac.new(
        _rotating_secret(), client_address(request).encode(), hashlib.sha256
    ).hexdigest()
    return digest[:32]


def everyone_key(group, request) -> str:
    """One counter for all clients: the overall limit on a flood."""
    return "all"


# --- Shared addresses: a school's pupils all come from one ---------------------------
#
# A school's network puts every pupil behind one address, so a per-address limit
# small enough to stop a script also stops the eleventh child. Instead, one
# address gets a school-sized hourly budget (django-ratelimit, in the views),
# a burst allowance that refills steadily (a token bucket, below), and, when the
# bucket is empty, a cost that a child has already paid and a script has not:
# the form must have been open for a while (reporting.form_stamps). Wrong
# receipts slow down the one client that typed them (a growing delay keyed on
# the reference and the client), so nobody can lock a reporter out.
#
# Counters are hashed keys in the cache with short lives, as above. Reads and
# writes are not atomic: under a race a burst may get a token or two more, which
# costs nothing that matters; a cache outage lets everyone through.

logger = logging.getLogger(__name__)


def now() -> float:
    """The clock every counter here reads (one place, so tests can move it)."""
    return time.time()


def _counters():
    return caches[settings.RATELIMIT_USE_CACHE]


def _scoped_key(scope: str, *parts: str) -> str:
    digest = hmac.new(
        settings.SECRET_KEY.encode(), "|".join((scope, *parts)).encode(), hashlib.sha256
    ).hexdigest()[:32]
    return f"rl:{scope}:{digest}"


def burst_take(*, scope: str, client_key: str, capacity: int, refill_seconds: float) -> float:
    """Take one token from this client's bucket: 0 when taken, else seconds until one is free."""
    key = _scoped_key(scope, client_key)
    moment = now()
    try:
        tokens, updated = _counters().get(key) or (capacity, moment)
        tokens = min(capacity, tokens + max(moment - updated, 0) / refill_seconds)
        wait = 0.0 if tokens >= 1 else (1 - tokens) * refill_seconds
        if not wait:
            tokens -= 1
        _counters().set(key, (tokens, moment), timeout=int(capacity * refill_seconds) + 60)
    except Exception:
        logger.warning("Rate-limit counters unavailable", exc_info=True)
        return 0.0
    return wait


def delay_remaining(
    *, scope: str, parts: tuple[str, ...], free_tries: int, base_seconds: float, max_seconds: float
) -> float:
    """Seconds this client must still wait before its next try (0: it may try now).

    After `free_tries` failures, each further try waits twice as long as the last,
    from `base_seconds` up to `max_seconds`; the wait runs from the last failure.
    """
    try:
        failures, last = _counters().get(_scoped_key(scope, *parts)) or (0, 0.0)
    except Exception:
        logger.warning("Rate-limit counters unavailable", exc_info=True)
        return 0.0
    if failures < free_tries:
        return 0.0
    delay = min(max_seconds, base_seconds * 2 ** (failures - free_tries))
    return max(last + delay - now(), 0.0)


def delay_record_failure(*, scope: str, parts: tuple[str, ...], max_seconds: float) -> None:
    key = _scoped_key(scope, *parts)
    try:
        failures, _last = _counters().get(key) or (0, 0.0)
        # Forgotten after a quiet spell as long as the longest wait, twice over.
        _counters().set(key, (failures + 1, now()), timeout=int(max_seconds * 2) + 60)
    except Exception:
        logger.warning("Rate-limit counters unavailable", exc_info=True)


def delay_clear(*, scope: str, parts: tuple[str, ...]) -> None:
    try:
        _counters().delete(_scoped_key(scope, *parts))
    except Exception:
        logger.warning("Rate-limit counters unavailable", exc_info=True)


def whole_seconds(seconds: float) -> int:
    """A wait in whole seconds, rounded up (Retry-After), never below one."""
    return max(math.ceil(round(seconds, 3)), 1)


def wait_in_words(seconds: float) -> str:
    """How long to wait, as a pupil would say it, never less than the real wait."""
    seconds = whole_seconds(seconds)
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    if minutes < 60:
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    hours = math.ceil(minutes / 60)
    return f"{hours} hour{'s' if hours != 1 else ''}"
