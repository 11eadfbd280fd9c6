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
import time

from django.conf import settings

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
