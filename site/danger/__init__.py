"""Recognising, in a pupil's or a parent's own words, that a child may be in danger.

One module for everything that reads free text for danger: site search and survey
answers (to show the right help first), the report form, a pupil's follow-up replies
and a mentor's concern (to suggest an urgent risk, with the reason, to the
safeguarding lead). What it recognises and what each kind shows are data, in
kinds.toml and lexicon.toml beside this file; `make eval-danger` measures them
against tests/danger/phrases.tsv.

    recognition = danger.recognise("my stepdad hits me and im scared to go home")
    recognition.kinds            -> ("home",)
    danger.help_for(recognition, audience="pupil")   -> what to show first

It only suggests: a safeguarding lead always decides.

What a Signal keeps is the kind and the pupil's words that met a pattern (after
normalisation, so only words of the patterns, never the words in between). That is
what the lead is shown as the reason, and all that is stored of the text outside its
encrypted fields.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .matching import (
    compile_pattern,
    could_start,
    first_words,
    matched_words,
    normalise,
    tokenise_pattern,
)

DATA_FOLDER = Path(__file__).resolve().parent
AUDIENCES = ("pupil", "adult")


@dataclass(frozen=True)
class Helpline:
    key: str
    name: str
    phone: str = ""
    tel: str = ""
    text: str = ""
    text_word: str = ""
    url: str = ""
    hours: str = ""


@dataclass(frozen=True)
class Response:
    """What a reader sees first for one kind: a heading, one sentence, steps, helplines."""

    kind: str
    title: str
    first: str
    steps: tuple[str, ...]
    helplines: tuple[Helpline, ...]


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    order: int
    risk: str
    category: str
    patterns: tuple = field(repr=False)
    exceptions: tuple = field(repr=False)
    responses: dict = field(repr=False)


@dataclass(frozen=True)
class Signal:
    """One kind of danger found in a text, and the words that showed it."""

    kind: str
    label: str
    words: tuple[str, ...]


@dataclass(frozen=True)
class Recognition:
    signals: tuple[Signal, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.signals)

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(signal.kind for signal in self.signals)

    @property
    def suggested_risk(self) -> str | None:
        """The most serious risk of the kinds found (all are urgent today), or None."""
        risks = [_catalogue().kinds[kind].risk for kind in self.kinds]
        for risk in ("urgent", "high", "medium", "low"):
            if risk in risks:
                return risk
        return None

    @property
    def suggested_category(self) -> str | None:
        return _catalogue().kinds[self.kinds[0]].category if self.signals else None

    def as_data(self) -> list[dict]:
        """JSON for Case.danger_signals: kind, its label and the words, per kind found."""
        return [
            {"kind": signal.kind, "label": signal.label, "words": list(signal.words)}
            for signal in self.signals
        ]

    def merged(self, other: Recognition) -> Recognition:
        return _combine([*self.signals, *other.signals])

    @classmethod
    def from_data(cls, data: list[dict] | None) -> Recognition:
        """Back from Case.danger_signals; a kind since removed from kinds.toml is dropped."""
        known = _catalogue().kinds
        return _combine(
            Signal(kind=item["kind"], label="", words=tuple(item.get("words", ())))
            for item in data or ()
            if item.get("kind") in known
        )


@dataclass(frozen=True)
class _Catalogue:
    lexicon: dict[str, tuple[str, ...]]
    kinds: dict[str, Kind]
    languages: dict[str, str]


@functools.cache
def _catalogue() -> _Catalogue:
    lexicon_data = tomllib.loads((DATA_FOLDER / "lexicon.toml").read_text(encoding="utf-8"))
    data = tomllib.loads((DATA_FOLDER / "kinds.toml").read_text(encoding="utf-8"))
    lexicon = {word: tuple(plain.split()) for word, plain in lexicon_data["words"].items()}
    macros = {name: tokenise_pattern(body) for name, body in data["macros"].items()}
    helplines = {
        key: Helpline(key=key, **values) for key, values in data.get("helplines", {}).items()
    }
    kinds = {}
    for key, values in data["kinds"].items():
        responses = {
            audience: Response(
                kind=key,
                title=values[audience]["title"],
                first=values[audience]["first"],
                steps=tuple(values[audience].get("steps", ())),
                helplines=tuple(helplines[name] for name in values[audience].get("helplines", ())),
            )
            for audience in AUDIENCES
        }
        kinds[key] = Kind(
            key=key,
            label=values["label"],
            order=int(values["order"]),
            risk=values["risk"],
            category=values["category"],
            patterns=tuple(
                (compile_pattern(text, macros=macros), first_words(text, macros=macros))
                for text in values["patterns"]
            ),
            exceptions=tuple(
                compile_pattern(text, macros=macros) for text in values.get("not_when", ())
            ),
            responses=responses,
        )
    ordered = dict(sorted(kinds.items(), key=lambda item: item[1].order))
    return _Catalogue(lexicon=lexicon, kinds=ordered, languages=data.get("languages", {}))


# A near-miss ("nerf gun", "with homework") rules out a match it overlaps or stands
# close beside, in the same clause; one further away leaves the match alone.
EXCEPTION_REACH = 8


def _kind_words(kind: Kind, joined: str, present: set[str]) -> tuple[str, ...]:
    excluded = [
        (match.start() - EXCEPTION_REACH, match.end() + EXCEPTION_REACH)
        for pattern in kind.exceptions
        for match in pattern.finditer(joined)
    ]
    words: list[str] = []
    for pattern, firsts in kind.patterns:
        # Most patterns cannot start in most texts: skip those without one of their first words.
        if not could_start(firsts, present):
            continue
        for match in pattern.finditer(joined):
            if any(start < match.end() and match.start() < end for start, end in excluded):
                continue
            words.extend(word for word in matched_words(match) if word not in words)
    return tuple(words)


def _combine(signals: Iterable[Signal]) -> Recognition:
    by_kind: dict[str, list[str]] = {}
    for signal in signals:
        words = by_kind.setdefault(signal.kind, [])
        words.extend(word for word in signal.words if word not in words)
    kinds = _catalogue().kinds
    return Recognition(
        signals=tuple(
            Signal(kind=key, label=kind.label, words=tuple(by_kind[key]))
            for key, kind in kinds.items()
            if key in by_kind
        )
    )


def recognise(*texts: str) -> Recognition:
    """The kinds of danger in these texts, most pressing help first; empty when none."""
    catalogue = _catalogue()
    signals = []
    for text in texts:
        if not text:
            continue
        words_of_text = normalise(text, lexicon=catalogue.lexicon)
        joined = " ".join(words_of_text) + " "
        present = set(words_of_text)
        for kind in catalogue.kinds.values():
            words = _kind_words(kind, joined, present)
            if words:
                signals.append(Signal(kind=kind.key, label=kind.label, words=words))
    return _combine(signals)


def shows_danger(*texts: str) -> bool:
    return bool(recognise(*texts))


def help_for(recognition: Recognition, *, audience: str = "pupil") -> list[Response]:
    """What to show first, one response per kind found, in the order of kinds.toml."""
    audience = audience if audience in AUDIENCES else "pupil"
    kinds = _catalogue().kinds
    return [kinds[kind].responses[audience] for kind in recognition.kinds]


def kinds() -> dict[str, Kind]:
    return dict(_catalogue().kinds)


def languages() -> dict[str, str]:
    """The languages whose phrases the patterns cover, by code, with a note on each."""
    return dict(_catalogue().languages)
