"""Site search on Wagtail's search backend (database by default; see docs for OpenSearch).

Filters on audience and age are applied with the ORM first, because search backends
only filter on declared FilterFields; the backend then ranks within those pages.
Nothing is written per search: Wagtail's query logging (Query.add_hit) is not used.
A ranking is kept in the fragment cache until the next publish, like a listing.
"""

import re

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import CharField
from django.db.models.functions import Cast

from upstander.pagecache import cached_for_generation

from .models import AdvicePage
from .selectors import _listed_content_types, cards_for, public

PER_PAGE = 10


WORD = re.compile(r"\w+", re.UNICODE)


def search_terms(query: str) -> str:
    """Only the words: punctuation such as ':' or '"' is query syntax to SQLite FTS5 and
    PostgreSQL tsquery, and must not turn a pupil's search into an error page."""
    return " ".join(WORD.findall(query or ""))[:200]


def search_advice(*, request, site, query, audience=None, age=None, topic=None):
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
    asked = request.GET.get("page")
    # The ranking depends only on published content, the school, the filters and
    # the words, so it is kept until the next publish, as listings are: a year
    # group searching "block" after an assembly runs the full-text match once.
    # The key is hashed (cached_for_generation); nothing ties it to a reader.
    count, number, ids = cached_for_generation(
        f"content:search:{site.pk}:{audience}:{age}:{topic}:{terms.casefold()}:{asked}",
        lambda: _ranked_page(candidates, terms, asked),
        request=request,
        keep=lambda ranked: True,
    )
    page = Paginator(range(count), PER_PAGE).get_page(number)
    # The ids passed every filter when they were ranked. Their cards are usually
    # in the fragment cache; the pages are loaded only if one is not.
    page.object_list = cards_for(ids)
    return page


def _ranked_page(candidates, terms, asked) -> tuple[int, int, list[int]]:
    """(number of matches, page number, ids on that page, best first)."""
    # A subquery, not a list of ids: at 10,000 pages a list would be 10,000 parameters.
    ranked = AdvicePage.objects.filter(pk__in=candidates.values("pk")).search(terms, operator="or")
    ranked_ids = _sqlite_ranked_ids(ranked, candidates)
    if ranked_ids is None:
        page = Paginator(ranked, PER_PAGE).get_page(asked)
        return page.paginator.count, page.number, [item.pk for item in page.object_list]
    page = Paginator(ranked_ids, PER_PAGE).get_page(asked)
    return len(ranked_ids), page.number, list(page.object_list)


def _sqlite_ranked_ids(results, candidates) -> list[int] | None:
    """Every match's id, best first, from ONE full-text pass (SQLite only; else None).

    Wagtail's SQLite backend (django-modelsearch 1.3) orders by a score computed
    in a correlated subquery: SQLite runs the whole full-text match again for
    every matching page, so a common word on a site of 2,000 pages took seconds
    (wagtail/django-modelsearch#85). Here the same match, score (BM25) and order
    (score, then newest id) come from one query over the index, and the page of
    results is loaded by id. tests/content/test_search.py checks the order
    against Wagtail's own.
    """
    if connection.vendor != "sqlite":
        return None  # the SQLite backend's modules cannot even be imported elsewhere
    from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
    from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchResults
    from modelsearch.query import MatchAll, Not
    from modelsearch.utils import get_descendants_content_types_pks
    from wagtail.search.models import SQLiteFTSIndexEntry

    if not isinstance(results, SQLiteSearchResults):
        return None
    compiler = results.query_compiler
    query = normalize(compiler.query)
    if isinstance(query, MatchAll | Not):
        return None
    config = compiler.get_config(results.backend)
    match = MatchExpression(
        compiler.fields or compiler.FTS_TABLE_FIELDS,
        compiler.build_search_query(query, config=config),
    )
    scored = (
        SQLiteFTSIndexEntry.objects.filter(match)
        .filter(
            index_entry__content_type__in=get_descendants_content_types_pks(AdvicePage),
            # The index keeps object ids as text.
            index_entry__object_id__in=candidates.annotate(
                pk_text=Cast("pk", output_field=CharField())
            ).values("pk_text"),
        )
        .annotate(score=compiler._build_rank_expression(compiler.get_search_vectors(), config))
        .values_list("index_entry__object_id", "score")
    )
    best = {}
    for object_id, score in scored:
        pk = int(object_id)
        best[pk] = min(score, best.get(pk, score))
    return sorted(best, key=lambda pk: (best[pk], -pk))
