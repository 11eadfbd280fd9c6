"""Small encrypted tokens for hidden form fields and one-time links.

A signed token (django.core.signing) can be read by anyone who holds it: the
follow-up page's token would show the case's id to whoever saw the page's source
or a saved copy. These tokens are encrypted and authenticated (Fernet: AES-128-CBC
with HMAC-SHA256, and a timestamp checked against max_age), under a key derived
from SECRET_KEY for one purpose, so a token made for one use opens nowhere else.
"""

import base64
import json

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.utils.crypto import salted_hmac


def _fernet(purpose: str, secret: str | None = None) -> Fernet:
    digest = salted_hmac(
        f"upstander.sealed.{purpose}", "fernet-key", secret=secret, algorithm="sha256"
    ).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def seal(payload: dict, *, purpose: str) -> str:
    return _fernet(purpose).encrypt(json.dumps(payload, separators=(",", ":")).encode()).decode()


def unseal(token: str, *, purpose: str, max_age: int) -> dict | None:
    """The payload, or None for a token that is damaged, forged, expired or for another purpose."""
    if not isinstance(token, str) or not token:
        return None
    # Tokens made just before SECRET_KEY was rotated still open until they expire.
    for secret in (settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])):
        try:
            plaintext = _fernet(purpose, secret).decrypt(token.encode(), ttl=max_age)
        except (InvalidToken, ValueError):
            continue
        try:
            payload = json.loads(plaintext)
        except ValueError:
            return None
        return payload if isinstance(payload, dict) else None
    return None
