"""Receipts: the case reference and the secret words a pupil keeps to come back.

Who uses this: the report flow (a new receipt after submitting) and the
follow-up page (checking one). The passphrase is five words drawn with
`secrets` from a list of 1,600+ words a child can spell (receipt_words.txt),
so it carries more than 50 bits of entropy (5 x log2(1,658) = 53.5 bits).

Only a slow, peppered hash is stored: Argon2id of HMAC-SHA256(pepper, words).
The pepper lives outside the database (settings.RECEIPT_PEPPER, or derived
from SECRET_KEY), so a stolen database dump alone cannot be brute-forced.
The passphrase travels only in POST bodies: never a URL, log line or email.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import re
import secrets
from functools import lru_cache
from pathlib import Path

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from django.conf import settings

WORDS_FILE = Path(__file__).with_name("receipt_words.txt")
PASSPHRASE_WORDS = 5
MIN_ENTROPY_BITS = 50

# Argon2id cost: OWASP's recommended configuration (19 MiB, 2 passes, 1 lane;
# https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html#argon2id).
# About 30 ms of CPU on the project's 2-core machines (argon2-cffi 25.1), so
# the 5 report submissions a second `make bench` asks for spend a sixth of one
# core hashing. Why not more: the passphrase is five words drawn by `secrets` from
# 1,658 (53.5 bits), not a person's password, so even with the pepper stolen
# too, an offline search at 19 MiB per guess takes thousands of GPU-years per
# receipt (salt per receipt: nothing is shared between receipts); and online
# guessing is slowed per reference and client (reporting/throttles.py). The sums are
# in docs/data_protection.md ("Receipt passphrase hash"). The earlier 32 MiB x 3
# passes cost ~100 ms, 3x the time, for no protection that matters at 53.5 bits, and each
# follow-up check pays the same price. Hashes made at other costs still verify:
# argon2 reads the cost from the stored hash.
PRODUCTION_COST = {"time_cost": 2, "memory_cost": 19 * 1024, "parallelism": 1}
# Tests use the same algorithm at the smallest cost it allows.
TEST_COST = {"time_cost": 1, "memory_cost": 8, "parallelism": 1}

_SEPARATORS = re.compile(r"[^a-z]+")


@lru_cache(maxsize=1)
def word_list() -> tuple[str, ...]:
    words = []
    for line in WORDS_FILE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            words.append(line)
    return tuple(words)


def entropy_bits(word_count: int = PASSPHRASE_WORDS) -> float:
    return word_count * math.log2(len(word_list()))


def generate_passphrase() -> str:
    words = word_list()
    return " ".join(secrets.choice(words) for _ in range(PASSPHRASE_WORDS))


def normalise_passphrase(raw: str) -> str:
    """Forgive how a child writes the words down: case, commas, dashes, extra spaces."""
    return " ".join(part for part in _SEPARATORS.split((raw or "").lower()) if part)


def is_well_formed(passphrase: str) -> bool:
    """True if this is exactly PASSPHRASE_WORDS words from the list (as we hand out)."""
    parts = normalise_passphrase(passphrase).split(" ")
    known = _word_set()
    return len(parts) == PASSPHRASE_WORDS and all(part in known for part in parts)


@lru_cache(maxsize=1)
def _word_set() -> frozenset[str]:
    return frozenset(word_list())


def _pepper() -> bytes:
    configured = getattr(settings, "RECEIPT_PEPPER", "")
    if configured:
        return configured.encode()
    return hmac.new(
        settings.SECRET_KEY.encode(), b"upstander receipt pepper", hashlib.sha256
    ).digest()


def _peppered(passphrase: str) -> str:
    return hmac.new(
        _pepper(), normalise_passphrase(passphrase).encode(), hashlib.sha256
    ).hexdigest()


def _hasher() -> PasswordHasher:
    cost = TEST_COST if getattr(settings, "RECEIPT_HASH_FAST_FOR_TESTS", False) else PRODUCTION_COST
    return _hasher_for(**cost)


@lru_cache(maxsize=2)
def _hasher_for(*, time_cost: int, memory_cost: int, parallelism: int) -> PasswordHasher:
    return PasswordHasher(
        time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism, type=Type.ID
    )


def hash_passphrase(passphrase: str) -> str:
    return _hasher().hash(_peppered(passphrase))


def verify_passphrase(stored_hash: str, passphrase: str) -> bool:
    """Constant-time check (inside Argon2's verify) of a passphrase against its hash."""
    try:
        return _hasher().verify(stored_hash, _peppered(passphrase))
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


@lru_cache(maxsize=2)
def _dummy_hash_for(cost_key: tuple) -> str:
    return _hasher().hash(_peppered(generate_passphrase()))


def burn_dummy_check(passphrase: str) -> None:
    """Spend the same time as a real check, for a reference that does not exist.

    So the time taken does not tell a guesser whether the reference or the words were wrong.
    """
    cost = TEST_COST if getattr(settings, "RECEIPT_HASH_FAST_FOR_TESTS", False) else PRODUCTION_COST
    verify_passphrase(_dummy_hash_for(tuple(sorted(cost.items()))), passphrase)


def normalise_reference(raw: str) -> str:
    """'abcd efgh', 'ABCD-EFGH' and 'abcdefgh' are the same reference."""
    letters = re.sub(r"[^A-Z0-9]", "", (raw or "").upper())
    if len(letters) != 8:
        return ""
    return f"{letters[:4]}-{letters[4:]}"
