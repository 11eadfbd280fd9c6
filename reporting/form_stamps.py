"""How long a report form has been open: what a burst of reports from one address costs.

Every report form carries a signed stamp of when it was first shown. When one
address has used up its burst allowance (upstander.ratelimit.burst_take), a
report is still taken at once if its form has been open for a while, as a
child's has after writing what happened; a script sending reports as fast as it
can has to wait that long for each one. This needs no JavaScript: a child whose
form is too young is told how many seconds to wait and sends it again.

Each stamp is spent by one report only (a second send of the same report, a
double click, may reuse it), so one old form cannot pay for many reports. The
stamp holds a time and a random number, nothing about the pupil; the cache
keeps only a keyed hash of spent stamps, for as long as a stamp could be used.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings
from django.core import signing
from django.core.cache import caches

from upstander import ratelimit

SALT = "upstander.reporting.form-stamp"


def stamp_issue() -> str:
    return signing.Signer(salt=SALT).sign(f"{int(ratelimit.now())}.{secrets.token_urlsafe(12)}")


def stamp_age(stamp: str) -> float | None:
    """Seconds since the stamp was issued, or None when it is not one of ours."""
    try:
        issued, _nonce = signing.Signer(salt=SALT).unsign(stamp).split(".", 1)
        return max(ratelimit.now() - int(issued), 0.0)
    except (signing.BadSignature, ValueError):
        return None


def stamp_spend(*, stamp: str, submission_token: str) -> bool:
    """Mark the stamp used by this report; False when another report already used it."""
    key = (
        "stamp:"
        + hmac.new(settings.SECRET_KEY.encode(), stamp.encode(), hashlib.sha256).hexdigest()[:32]
    )
    owner = hmac.new(
        settings.SECRET_KEY.encode(), submission_token.encode(), hashlib.sha256
    ).hexdigest()[:32]
    counters = caches[settings.RATELIMIT_USE_CACHE]
    try:
        if counters.add(key, owner, timeout=settings.REPORT_FORM_STAMP_DAYS * 86400):
            return True
        return counters.get(key) == owner
    except Exception:
        return True  # a cache outage must never stop a child reporting
