"""A keyed blind index: find encrypted names and report words without storing either.

Who uses this: leads searching for a pupil by name ("patel", "Sam  PATEL",
"Zoë" typed as "zoe") and searching cases by words in a report. Names and
report text are encrypted at rest (EncryptedTextField), so the database cannot
search them. Instead each normalised word (and a pupil's full name) is stored
as HMAC-SHA256 under SEARCH_INDEX_KEY, a secret kept outside the database:
a stolen dump holds only digests, which cannot be tested against a list of
likely names without the key.

Each digest row carries the fingerprint of the key that made it, so after the
key is changed `manage.py reindex_blind_index` rebuilds exactly the rows made
under another key (from the decrypted values) and can be run again until none
is left. A search only ever asks for digests under the current key.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from collections.abc import Iterable

from django.conf import settings

# Purposes are mixed into each digest, so a name's digest never equals the same
# word's digest in a report (the two indexes cannot be joined to each other).
NAME = "name"
REPORT_WORD = "report-word"
UPN = "upn"

_APOSTROPHES = re.compile(r"['’`]")
_NOT_ALPHANUMERIC = re.compile(r"[^0-9a-z]+")
# Words shorter than this say nothing on their own and would only widen a search.
MIN_WORD_LENGTH = 2


def _key() -> bytes:
    configured = getattr(settings, "SEARCH_INDEX_KEY", "")
    if configured:
        return configured.encode()
    return hmac.new(
        settings.SECRET_KEY.encode(), b"upstander blind index key", hashlib.sha256
    ).digest()


def key_id() -> str:
    """A short fingerprint of the current key (not the key): which rows need rebuilding."""
    return hashlib.sha256(b"fingerprint|" + _key()).hexdigest()[:12]


def fold(text: str) -> str:
    """'  Zoë  O’Brien-Smith ' -> 'zoe obrien smith': case, accents, punctuation, spaces."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    without_marks = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    joined = _APOSTROPHES.sub("", without_marks.casefold())
    return " ".join(_NOT_ALPHANUMERIC.sub(" ", joined).split())


def words(text: str) -> list[str]:
    """The distinct folded words of `text`, in the order they first appear."""
    seen: dict[str, None] = {}
    for word in fold(text).split(" "):
        if len(word) >= MIN_WORD_LENGTH:
            seen.setdefault(word, None)
    return list(seen)


def digest(term: str, *, purpose: str) -> str:
    return hmac.new(_key(), f"{purpose}|{term}".encode(), hashlib.sha256).hexdigest()


def digests(terms: Iterable[str], *, purpose: str) -> list[str]:
    return [digest(term, purpose=purpose) for term in terms]


def name_terms(*, first_name: str, last_name: str) -> list[str]:
    """What a pupil's name is found by: each word of it, and the whole name both ways round."""
    terms = words(first_name) + words(last_name)
    full = fold(f"{first_name} {last_name}")
    reversed_full = fold(f"{last_name} {first_name}")
    return list(dict.fromkeys([*terms, full, reversed_full]))


def name_query(query: str) -> tuple[str, list[str]]:
    """A search box's text as (digest of the whole folded text, digests of each word)."""
    return digest(fold(query), purpose=NAME), digests(words(query), purpose=NAME)


def upn_digest(upn: str) -> str:
    """Unique pupil numbers are matched on re-import by digest, never stored in the clear."""
    compact = fold(upn).replace(" ", "").upper()
    return digest(compact, purpose=UPN) if compact else ""
