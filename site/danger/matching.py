"""How words are normalised and how the patterns of kinds.toml are compiled and matched.

The patterns are a small language (described at the top of kinds.toml) compiled to
regular expressions over the normalised words, joined by single spaces. Each word of
a pattern is a capturing group, so a match says which of the pupil's (normalised)
words met the pattern, and the words a gap skipped over are never kept.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_APOSTROPHES = re.compile(r"['’‘`´]")
_SPLIT = re.compile(r"[^a-z0-9*]+")
_LONG_RUN = re.compile(r"([a-z])\1{2,}")
_REPEAT = re.compile(r"([a-z])\1+")
# Digits typed for letters ("k1ll", "su1c1de"), only inside words that also have letters.
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t"})
_HAS_LETTER = re.compile(r"[a-z]")
_HAS_DIGIT = re.compile(r"[0-9]")
_LEET_SYMBOL = {"@": "a", "$": "s"}
_SYMBOL_IN_WORD = re.compile(r"(?<=[a-z0-9])[@$]|[@$](?=[a-z0-9])")


def normalise(text: str, *, lexicon: dict[str, tuple[str, ...]]) -> list[str]:
    """The words of `text` as plain lower-case words, spellings and text-speak resolved.

    "I dont wanna b here anymore!!" becomes ["i", "do", "not", "want", "to", "b", "here",
    "any", "more"]. Accents are dropped ("ŵ" to "w"), so Welsh typed with or without
    them matches the same patterns.
    """
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(char for char in text if not unicodedata.combining(char)).lower()
    text = _APOSTROPHES.sub("", text)
    # "@" and "$" stand for letters in "k@ll" or "$uicide"; elsewhere they split words.
    text = _SYMBOL_IN_WORD.sub(lambda match: _LEET_SYMBOL[match.group()], text)
    words = []
    for raw in _SPLIT.split(text.replace("*", " ")):
        if not raw:
            continue
        # "killll" and "anymoreeee": letters held down, tried doubled and then single.
        word = _LONG_RUN.sub(r"\1\1", raw)
        single = _REPEAT.sub(r"\1", raw)
        if word not in lexicon and single in lexicon and single != raw:
            word = single
        if word in lexicon:
            words.extend(lexicon[word])
            continue
        if _HAS_LETTER.search(word) and _HAS_DIGIT.search(word):
            word = word.translate(_LEET)
        words.extend(lexicon.get(word, (word,)))
    return words


# --- The pattern language -------------------------------------------------------------------

_PATTERN_TOKEN = re.compile(r"\(|\)|\||\?|~\d+|\{[a-z_]+\}|[a-z0-9]+\*?")


class PatternError(ValueError):
    """A pattern in kinds.toml that cannot be read; the message says which and why."""


@dataclass
class _Parser:
    tokens: list[str]
    macros: dict[str, list[str]]
    source: str
    position: int = 0

    def peek(self) -> str | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self) -> str:
        token = self.tokens[self.position]
        self.position += 1
        return token

    def alternatives(self, closing: str | None) -> str:
        options = [self.sequence(closing)]
        while self.peek() == "|":
            self.take()
            options.append(self.sequence(closing))
        return "(?:" + "|".join(options) + ")" if len(options) > 1 else options[0]

    def sequence(self, closing: str | None) -> str:
        parts = []
        while (token := self.peek()) is not None and token not in ("|", ")"):
            parts.append(self.item())
        if closing is None and self.peek() == ")":
            raise PatternError(f"unmatched ')' in {self.source!r}")
        if not parts:
            raise PatternError(f"empty alternative in {self.source!r}")
        return "".join(parts)

    def item(self) -> str:
        piece = self.take()
        if piece == "(":
            inner = self.alternatives(")")
            if self.peek() != ")":
                raise PatternError(f"missing ')' in {self.source!r}")
            self.take()
            compiled = f"(?:{inner})"
        elif piece.startswith("{"):
            name = piece[1:-1]
            if name not in self.macros:
                raise PatternError(f"unknown macro {piece} in {self.source!r}")
            compiled = (
                f"(?:{_Parser(self.macros[name], self.macros, self.source).alternatives(None)})"
            )
        elif piece.startswith("~"):
            return rf"(?:\S+ ){{0,{int(piece[1:])}}}"
        elif piece == "?":
            raise PatternError(f"'?' with nothing before it in {self.source!r}")
        elif piece.endswith("*"):
            compiled = rf"({re.escape(piece[:-1])}\S*) "
        else:
            compiled = rf"({re.escape(piece)}) "
        if self.peek() == "?":
            self.take()
            compiled = f"(?:{compiled})?"
        return compiled


class _FirstWords:
    """The words a pattern's match can start with, so a text without any of them is skipped.

    Walks the same grammar as _Parser. None means "any word" (a pattern that starts
    with a gap, or can match nothing), which is never skipped.
    """

    def __init__(self, tokens: list[str], macros: dict[str, list[str]]):
        self.tokens = tokens
        self.macros = macros
        self.position = 0

    def alternatives(self) -> tuple[set[str] | None, bool]:
        firsts, nullable = self.sequence()
        while self.position < len(self.tokens) and self.tokens[self.position] == "|":
            self.position += 1
            more, more_nullable = self.sequence()
            firsts = None if firsts is None or more is None else firsts | more
            nullable = nullable or more_nullable
        return firsts, nullable

    def sequence(self) -> tuple[set[str] | None, bool]:
        firsts: set[str] | None = set()
        nullable = True
        while self.position < len(self.tokens) and self.tokens[self.position] not in ("|", ")"):
            item, item_nullable = self.item()
            if nullable:
                firsts = None if firsts is None or item is None else firsts | item
                nullable = item_nullable
        return firsts, nullable

    def item(self) -> tuple[set[str] | None, bool]:
        piece = self.tokens[self.position]
        self.position += 1
        if piece == "(":
            firsts, nullable = self.alternatives()
            self.position += 1  # the ")"
        elif piece.startswith("{"):
            firsts, nullable = _FirstWords(self.macros[piece[1:-1]], self.macros).alternatives()
        elif piece.startswith("~"):
            return None, True
        else:
            firsts, nullable = {piece}, False
        if self.position < len(self.tokens) and self.tokens[self.position] == "?":
            self.position += 1
            nullable = True
        return firsts, nullable


def first_words(pattern: str, *, macros: dict[str, list[str]]) -> frozenset[str] | None:
    """Words (a trailing "*" for a prefix) one of which a text needs for `pattern` to match."""
    firsts, nullable = _FirstWords(tokenise_pattern(pattern), macros).alternatives()
    return None if firsts is None or nullable else frozenset(firsts)


def could_start(firsts: frozenset[str] | None, words: set[str]) -> bool:
    if firsts is None or not firsts.isdisjoint(words):
        return True
    prefixes = [first[:-1] for first in firsts if first.endswith("*")]
    return any(word.startswith(prefix) for prefix in prefixes for word in words)


def tokenise_pattern(pattern: str) -> list[str]:
    tokens = _PATTERN_TOKEN.findall(pattern.lower())
    if "".join(tokens) != re.sub(r"\s+", "", pattern.lower()):
        raise PatternError(f"unexpected characters in {pattern!r}")
    return tokens


def compile_pattern(pattern: str, *, macros: dict[str, list[str]]) -> re.Pattern:
    """One pattern of kinds.toml as a regular expression over words joined by spaces."""
    parser = _Parser(tokenise_pattern(pattern), macros, pattern)
    body = parser.alternatives(None)
    if parser.peek() is not None:
        raise PatternError(f"unmatched ')' in {pattern!r}")
    # Start at a word's beginning; every word in the body ends with its own space.
    return re.compile(r"(?<![^ ])" + body)


def matched_words(match: re.Match) -> tuple[str, ...]:
    return tuple(group for group in match.groups() if group)
