"""Site search on Wagtail's search backend (database by default; see docs for OpenSearch).

Filters on audience and age are applied with the ORM first, because search backends
only filter on declared FilterFields; the backend then ranks within those pages.
Nothing is written per search: Wagtail's query logging (Query.add_hit) is not used.
"""

import re

from django.core.paginator import Paginator

from .models import AdvicePage
from .selectors import _listed_content_types

PER_PAGE = 10


WORD = re.compile(r"\w+", re.UNICODE)


def search_terms(query: str) -> str:
    """Only the words: punctuation such as ':' or '"' is query syntax to SQLite FTS5 and
    PostgreSQL tsquery, and must not turn a pupil's search into an error page."""
    return " ".join(WORD.findall(query or ""))[:200]


def search_advice(*, request, site, query, audience=None, age=None, topic=None):
    candidates = (
        AdvicePage.objects.live()
        .public()
        .descendant_of(site.root_page, inclusive=False)
        .filter(content_type_id__in=_listed_content_types())
    )
    if audience:
        candidates = candidates.filter(audiences__key=audience)
    if age:
        candidates = candidates.filter(age_bands__key=age)
    if topic:
        candidates = candidates.filter(topics__slug=topic)
    ids = list(candidates.values_list("pk", flat=True).distinct())
    terms = search_terms(query)
    if not terms:
        return Paginator([], PER_PAGE).get_page(1)
    ranked = AdvicePage.objects.filter(pk__in=ids).search(terms, operator="or")
    page = Paginator(ranked, PER_PAGE).get_page(request.GET.get("page"))
    hits = [hit.pk for hit in page.object_list]
    loaded = (
        AdvicePage.objects.filter(pk__in=hits)
        .select_related("mentor")
        .prefetch_related("topics")
        .in_bulk()
    )
    page.object_list = [loaded[pk] for pk in hits if pk in loaded]
    return page
