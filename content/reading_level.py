"""How hard a page is to read, against the target for the youngest readers it is written for.

The measure is LIX (Björnsson, 1968): words per sentence plus the percentage of words longer
than six letters. It counts no syllables, so it needs no English syllable dictionary and does
not guess wrong on names, app names and slang, which pupils' guides are full of; it is stable
on the few hundred words of a short guide; and it is the measure Wagtail's own Checks panel
shows, so the two agree. Flesch-style scores depend on syllable counting, which heuristics get
wrong on exactly such words. Targets per age band live in content/data/reading_levels.toml.

The text is what readers see: the title, the summary and the body's text, read from the
StreamField's own searchable content (rich text without its markup; no block ids or URLs).
"""

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.html import strip_tags

TARGETS_FILE = Path(__file__).parent / "data" / "reading_levels.toml"
ADULTS = "adults"
YOUNGEST_BAND = "7-11"
LONG_WORD_LETTERS = 7  # "more than six letters"
# Fewer words than this and a score says little: the panel asks for more text instead.
MIN_WORDS = 20

WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|\n+")


@dataclass(frozen=True)
class BandTarget:
    key: str
    label: str
    target: int
    hint: str


@dataclass(frozen=True)
class ReadingLevel:
    score: float | None
    words: int
    sentences: int
    band: BandTarget | None

    @property
    def too_hard(self) -> bool:
        return self.score is not None and self.band is not None and self.score > self.band.target

    @property
    def too_short_to_score(self) -> bool:
        return self.score is None


@cache
def band_targets() -> dict[str, BandTarget]:
    data = tomllib.loads(TARGETS_FILE.read_text(encoding="utf-8"))
    return {
        key: BandTarget(key=key, label=band["label"], target=int(band["target"]), hint=band["hint"])
        for key, band in data["bands"].items()
    }


def lix(text: str) -> tuple[float | None, int, int]:
    """(LIX score, words, sentences) of plain text; no score below MIN_WORDS words."""
    words = WORD.findall(text)
    if len(words) < MIN_WORDS:
        return None, len(words), 0
    sentences = max(1, len([part for part in SENTENCE_END.split(text) if WORD.search(part)]))
    long_words = sum(1 for word in words if len(word.replace("-", "")) >= LONG_WORD_LETTERS)
    score = len(words) / sentences + 100 * long_words / len(words)
    return round(score, 1), len(words), sentences


def page_reader_text(page) -> str:
    """Title, summary and body text of an advice page, one paragraph per line."""
    parts = [page.title, getattr(page, "summary", "")]
    body = getattr(page, "body", None)
    if body is not None:
        # Each block's text ends a sentence of its own (a heading has no full stop).
        parts.extend(strip_tags(text) for text in body.stream_block.get_searchable_content(body))
    return "\n".join(part.strip() for part in parts if part and part.strip())


def target_for(page) -> BandTarget | None:
    """The target for the youngest readers the page is tagged for: its youngest age band when it
    is for pupils, the adults' target when it is only for parents and carers or staff."""
    targets = band_targets()
    bands = [band.key for band in page.age_bands.all()]
    audiences = {audience.key for audience in page.audiences.all()}
    if "pupils" in audiences or (bands and not audiences):
        for key in targets:  # the file lists bands youngest first
            if key in bands:
                return targets[key]
        return None
    if audiences:
        return targets.get(ADULTS)
    return None


def reading_level_of(page) -> ReadingLevel:
    score, words, sentences = lix(page_reader_text(page))
    return ReadingLevel(score=score, words=words, sentences=sentences, band=target_for(page))


def is_for_youngest_pupils(page) -> bool:
    band = target_for(page)
    return band is not None and band.key == YOUNGEST_BAND
