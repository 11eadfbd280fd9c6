"""The receipt page, shown once: POST, then redirect, then one GET.

Rendered in the report's POST response, a receipt came back on every reload (the
browser sends the form again) and from the history of a shared computer. Instead
the POST keeps the rendered page for one read and redirects to a one-time address;
the GET takes it and a reload finds nothing ("already shown").

What is kept: the page's HTML (with the secret words), encrypted with a key derived
from the random token in the address, under a cache key derived from it too, for
RECEIPT_PAGE_SECONDS. The token is never stored, so neither the cache nor a dump of
it can be read without the address the pupil's browser was sent to. No cookie.
"""

import base64
import hashlib
import secrets

from cryptography.fernet import Fernet, InvalidToken
from django.core.cache import cache

# Long enough for a slow phone to follow the redirect; short enough that a
# receipt never waits around for long.
RECEIPT_PAGE_SECONDS = 10 * 60
TOKEN_BYTES = 32


def _derived(token: str) -> tuple[str, Fernet]:
    cache_key = "receipt-page:" + hashlib.sha256(b"cache-key:" + token.encode()).hexdigest()
    key = base64.urlsafe_b64encode(hashlib.sha256(b"encryption-key:" + token.encode()).digest())
    return cache_key, Fernet(key)


def receipt_page_hold(*, html: bytes) -> str | None:
    """Keep the rendered receipt for one read; its one-time token, or None if it could not be kept.

    None (the cache is down or full) means: show the receipt in this response
    instead, so a pupil never loses their words to a cache outage.
    """
    token = secrets.token_urlsafe(TOKEN_BYTES)
    cache_key, fernet = _derived(token)
    try:
        # add() says whether it stored the entry; Redis errors are swallowed (IGNORE_EXCEPTIONS).
        stored = cache.add(cache_key, fernet.encrypt(html), timeout=RECEIPT_PAGE_SECONDS)
    except Exception:  # any cache failure means "show it now instead"
        stored = False
    return token if stored else None


def receipt_page_take(*, token: str) -> bytes | None:
    """The receipt held under `token`, once: None when it was already shown, expired or never existed."""
    if not token or len(token) > 100:
        return None
    cache_key, fernet = _derived(token)
    try:
        held = cache.get(cache_key)
        # Only the request whose delete removed the entry shows it: two reloads
        # racing each other cannot both see the words.
        if held is None or not cache.delete(cache_key):
            return None
    except Exception:  # a cache outage shows "already shown", never an error
        return None
    try:
        return fernet.decrypt(held)
    except InvalidToken:
        return None
