"""Words that mean a child may be in danger now.

Used by site search and surveys (to show the help panel first) and by the
report form (to suggest an urgent risk). Matching is on whole words and
phrases, case-insensitive, after folding punctuation, so "kill myself!" matches
and "skill" does not.
"""

import re

CRISIS_PHRASES = (
    "suicide",
    "suicidal",
    "kill myself",
    "killing myself",
    "end my life",
    "want to die",
    "wanna die",
    "self harm",
    "self-harm",
    "selfharm",
    "hurt myself",
    "hurting myself",
    "cutting",
    "cut myself",
    "overdose",
    "nudes",
    "nude",
    "sexting",
    "sextortion",
    "grooming",
    "groomed",
    "abuse",
    "abused",
    "raped",
    "rape",
    "blackmail",
    "blackmailed",
    "not safe",
)

_FOLD = re.compile(r"[^a-z0-9]+")


def _fold(text: str) -> str:
    return f" {_FOLD.sub(' ', text.lower()).strip()} "


_FOLDED_PHRASES = tuple(_fold(phrase) for phrase in CRISIS_PHRASES)


def mentions_crisis(text: str) -> bool:
    folded = _fold(text or "")
    return any(phrase in folded for phrase in _FOLDED_PHRASES)
