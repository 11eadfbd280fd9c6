"""Site search on Wagtail's search backend (database by default; see docs for OpenSearch).

Filters on audience and age are applied with the ORM first, because search backends
only filter on declared FilterFields; the backend then finds and scores the matches, and
the best of them are ranked again here for the reader:

- the reader's words are widened first: misspellings corrected, plurals and singulars
  added, and synonyms from content/search_words.yaml (which editors can change);
- a page whose title or summary says what was asked rises above one that only
  mentions it in the body;
- a page for the reader's audience (the hub they searched from, or the audience they
  chose) rises; guidance written only for staff sinks for everyone else.

Nothing is written per search: Wagtail's query logging (Query.add_hit) is not used.
A ranking is kept in the fragment cache until the next publish, like a listing.
"""

import difflib
import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.core.paginator import Paginator

from upstander.pagecache import cached_for_generation

from .models import AdvicePage, Audience
from .purge import listing_tag
from .search_adapter import backend_ranked_ids
from .selectors import _listed_content_types, cards_for, public

PER_PAGE = 10
# How many of the backend's best matches are ranked again for the reader; the rest follow
# in the backend's order. Another backend than SQLite gives no more than this many.
RERANK_WINDOW = 100
STAFF = "staff"

WORD = re.compile(r"\w+", re.UNICODE)
WORDS_FILE = Path(__file__).resolve().parent / "search_words.yaml"

# How much each kind of evidence counts; tuned on part of tests/content/search_queries.yaml.
WEIGHT_BACKEND_ORDER = 1.0
WEIGHT_TITLE = 2.0
WEIGHT_SUMMARY = 1.0
READER_MATCH = 1.5
READER_MISMATCH = -1.0
STAFF_ONLY_FOR_OTHERS = -2.0


def search_terms(query: str) -> str:
    """Only the words: punctuation such as ':' or '"' is query syntax to SQLite FTS5 and
    PostgreSQL tsquery, and must not turn a pupil's search into an error page."""
    return " ".join(WORD.findall(query or ""))[:200]


@functools.cache
def search_words() -> dict:
    with WORDS_FILE.open(encoding="utf-8") as data:
        words = yaml.safe_load(data)
    return {
        "misspellings": {k.lower(): v.lower() for k, v in words["misspellings"].items()},
        "synonyms": {k.lower(): [w.lower() for w in v] for k, v in words["synonyms"].items()},
        "ignored": {w.lower() for w in words["ignored"]},
    }


def stem(word: str) -> str:
    """A light English stem, so "images", "image" and "imaging" compare equal."""
    word = word.lower()
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            return word[: -len(suffix)] + keep
    return word


def word_forms(word: str) -> set[str]:
    """The word with its plural or singular, as the index stores whole words."""
    forms = {word}
    if word.endswith("ies") and len(word) > 4:
        forms.add(word[:-3] + "y")
    elif word.endswith("es") and len(word) > 4:
        forms.update({word[:-2], word[:-1]})
    elif word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        forms.add(word[:-1])
    elif word.endswith("y") and len(word) > 3:
        forms.update({word + "s", word[:-1] + "ies"})
    else:
        forms.update(
            {word + "s", word + "es"} if word.endswith(("sh", "ch", "x")) else {word + "s"}
        )
    return forms


@dataclass(frozen=True)
class Concept:
    """One word of the reader's query: the forms that mean it, and words close to it."""

    stems: frozenset[str]
    related_stems: frozenset[str]
    search_words: frozenset[str]
    counts: bool  # whether a title or summary is ranked higher for containing it


def understand(query: str, vocabulary: frozenset[str]) -> list[Concept]:
    words = search_words()
    concepts = []
    for raw in WORD.findall(query.lower()):
        word = words["misspellings"].get(raw, raw)
        if word not in vocabulary and len(word) >= 4 and not word.isdigit():
            close = difflib.get_close_matches(word, vocabulary, n=1, cutoff=0.82)
            word = close[0] if close else word
        forms = word_forms(word) | {raw}
        related = set()
        for form in forms:
            related.update(words["synonyms"].get(form, ()))
        related -= forms
        concepts.append(
            Concept(
                stems=frozenset(stem(form) for form in forms),
                related_stems=frozenset(stem(form) for form in related),
                search_words=frozenset(forms.union(*(word_forms(word) for word in related))),
                counts=word not in words["ignored"],
            )
        )
    return concepts


def reader_audience(request, chosen_audience=None) -> str | None:
    """Whose search this is: the audience chosen, else the hub the search came from (?for=)."""
    asked = chosen_audience or request.GET.get("for")
    known = {key for key, _ in _audience_choices()}
    return asked if asked in known else None


def _audience_choices():
    from .filters import taxonomy_choices

    return taxonomy_choices("audience")


def _vocabulary(site, request) -> frozenset[str]:
    """Every word in a title or summary on this school's site (cached until publish)."""

    def words():
        pages = AdvicePage.objects.live().descendant_of(site.root_page)
        texts = pages.values_list("title", "summary")
        return frozenset(
            word for text in texts for part in text for word in WORD.findall(part.lower())
        )

    return cached_for_generation(
        f"content:search-vocabulary:{site.pk}",
        words,
        request=request,
        tags=(listing_tag(site.root_page.path),),
    )


def search_advice(*, request, site, query, audience=None, age=None, topic=None, reader=None):
    candidates = public(
        AdvicePage.objects.live().descendant_of(site.root_page, inclusive=False), request=request
    ).filter(content_type_id__in=_listed_content_types())
    if audience:
        candidates = candidates.filter(audiences__key=audience)
    if age:
        candidates = candidates.filter(age_bands__key=age)
    if topic:
        candidates = candidates.filter(topics__slug=topic)
    terms = search_terms(query)
    if not terms:
        return Paginator([], PER_PAGE).get_page(1)
    reader = reader or audience
    asked = request.GET.get("page")
    # The ranking depends only on published content, the school, the filters, the reader's
    # audience and the words, so it is kept until the next publish, as listings are. The
    # key is hashed (cached_for_generation); nothing ties it to a reader.
    ids = cached_for_generation(
        f"content:search:{site.pk}:{audience}:{age}:{topic}:{reader}:{terms.casefold()}",
        lambda: rank(candidates, understand(terms, _vocabulary(site, request)), reader=reader),
        request=request,
        keep=lambda ranked: True,
        tags=(listing_tag(site.root_page.path),),
    )
    page = Paginator(ids, PER_PAGE).get_page(asked)
    # The ids passed every filter when they were ranked. Their cards are usually
    # in the fragment cache; the pages are loaded only if one is not.
    page.object_list = cards_for(page.object_list)
    return page


def rank(candidates, concepts: list[Concept], *, reader: str | None) -> list[int]:
    """Ids of every matching page, best for this reader first."""
    words = sorted(set().union(*(concept.search_words for concept in concepts)))
    if not words:
        return []
    # A subquery, not a list of ids: at 10,000 pages a list would be 10,000 parameters.
    results = AdvicePage.objects.filter(pk__in=candidates.values("pk")).search(
        " ".join(words), operator="or"
    )
    ids = backend_ranked_ids(results, candidates, AdvicePage)
    if ids is None:
        ids = [page.pk for page in results[:RERANK_WINDOW]]
    window, rest = ids[:RERANK_WINDOW], ids[RERANK_WINDOW:]
    texts = {
        pk: (title, summary)
        for pk, title, summary in AdvicePage.objects.filter(pk__in=window).values_list(
            "pk", "title", "summary"
        )
    }
    audiences: dict[int, set[str]] = {pk: set() for pk in window}
    for pk, key in Audience.objects.filter(advice_pages__in=window).values_list(
        "advice_pages", "key"
    ):
        audiences[pk].add(key)
    scores = {}
    for position, pk in enumerate(window):
        title, summary = texts[pk]
        score = WEIGHT_BACKEND_ORDER * (1 - position / len(window))
        score += WEIGHT_TITLE * _coverage(concepts, title)
        score += WEIGHT_SUMMARY * _coverage(concepts, summary)
        score += _audience_fit(audiences[pk], reader)
        scores[pk] = score
    # sorted() is stable: equal scores keep the backend's order.
    return sorted(window, key=lambda pk: -scores[pk]) + rest


def _coverage(concepts: list[Concept], text: str) -> float:
    """How much of what was asked `text` says: 1 per word found, ½ per synonym found."""
    counted = [concept for concept in concepts if concept.counts] or concepts
    stems = {stem(word) for word in WORD.findall(text.lower())}
    found = 0.0
    for concept in counted:
        if concept.stems & stems:
            found += 1
        elif concept.related_stems & stems:
            found += 0.5
    return found / len(counted)


def _audience_fit(page_audiences: set[str], reader: str | None) -> float:
    staff_only = page_audiences == {STAFF}
    if reader is None:
        return STAFF_ONLY_FOR_OTHERS / 4 if staff_only else 0.0
    fit = READER_MATCH if reader in page_audiences else READER_MISMATCH
    if staff_only and reader != STAFF:
        fit += STAFF_ONLY_FOR_OTHERS
    return fit
