"""The one place the site search reaches inside Wagtail's search backend (django-modelsearch).

Wagtail's SQLite backend (django-modelsearch 1.3) orders by a score computed in a correlated
subquery: SQLite runs the whole full-text match again for every matching page, so a common word
on a site of 2,000 pages took seconds (wagtail/django-modelsearch#85). ``backend_ranked_ids``
gets the same match, score (BM25) and order (score, then newest id) from one query over the
index. It uses the backend's query compiler, which is not public API: an upgrade that changes it
fails loudly in tests/content/test_search_adapter.py, which pins the order to Wagtail's own. On
any other backend it returns None and the caller uses Wagtail's public search results.
"""

from django.db import connection
from django.db.models import CharField
from django.db.models.functions import Cast


def backend_ranked_ids(results, candidates, model) -> list[int] | None:
    """Every match's id, best first, from ONE full-text pass (SQLite only; else None)."""
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
            index_entry__content_type__in=get_descendants_content_types_pks(model),
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
