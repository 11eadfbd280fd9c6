"""content.search_adapter, the one place that reaches inside Wagtail's search backend, keeps
Wagtail's own relevance order while running the full-text match once (SQLite re-runs it for
every result in Wagtail's own ordering)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .conftest import make_guide

pytestmark = pytest.mark.django_db


def test_backend_order_is_wagtails_own_from_one_full_text_pass(hub):
    from content.models import AdvicePage
    from content.search_adapter import backend_ranked_ids

    for number in range(14):
        words = " ".join(["block"] * (number % 4 + 1) + ["report"] * (number % 3))
        make_guide(hub, title=f"Guide {number}", slug=f"guide-{number}", summary=words)
    candidates = AdvicePage.objects.live()
    for query in ["block", "block report", "report"]:
        results = AdvicePage.objects.filter(pk__in=candidates.values("pk")).search(
            query, operator="or"
        )
        with CaptureQueriesContext(connection) as captured:
            found = backend_ranked_ids(results, candidates, AdvicePage)
        stock = AdvicePage.objects.live().search(query, operator="or")
        if connection.vendor != "sqlite":
            assert found is None  # other backends use Wagtail's public results as they are
            continue
        assert found == [item.pk for item in stock], query
        matches = [q["sql"] for q in captured.captured_queries if "MATCH" in q["sql"].upper()]
        assert len(matches) == 1, matches
