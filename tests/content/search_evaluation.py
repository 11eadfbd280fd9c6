"""Measures the site search against the labelled queries in tests/content/data/search_queries.yaml.

Precision at 3 here is the share of a query's expected pages found in the first three results,
out of as many as could fit there (min(3, expected)): most queries have one or two right
answers, so plain precision at 3 could never reach 1. Mean reciprocal rank is 1 / the rank of
the first expected page (0 if none is in the first ten), averaged over the queries.
"""

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.test import RequestFactory

QUERIES_FILE = Path(__file__).resolve().parent / "data" / "search_queries.yaml"


def labelled_queries() -> list[dict]:
    with QUERIES_FILE.open(encoding="utf-8") as data:
        return yaml.safe_load(data)["queries"]


@dataclass
class Score:
    queries: int = 0
    precision_at_3: float = 0.0
    reciprocal_rank: float = 0.0

    @property
    def p_at_3(self) -> float:
        return self.precision_at_3 / self.queries if self.queries else 0.0

    @property
    def mrr(self) -> float:
        return self.reciprocal_rank / self.queries if self.queries else 0.0


def found_slugs(site, query: str, reader: str) -> list[str]:
    from content.search import search_advice

    request = RequestFactory().get("/search/", {"q": query, "for": reader})
    page = search_advice(request=request, site=site, query=query, reader=reader)
    return [item.slug for item in page.object_list]


def evaluate(site, queries) -> tuple[dict[str, Score], list[tuple[dict, list[str]]]]:
    """Scores per audience (and "all"), and the queries whose first result was not expected."""
    scores: dict[str, Score] = defaultdict(Score)
    misses = []
    for item in queries:
        found = found_slugs(site, item["q"], item["for"])
        expected = set(item["expect"])
        top = found[:3]
        precision = len(expected & set(top)) / min(3, len(expected))
        rank = next((i for i, slug in enumerate(found, 1) if slug in expected), None)
        for key in (item["for"], "all"):
            scores[key].queries += 1
            scores[key].precision_at_3 += precision
            scores[key].reciprocal_rank += 1 / rank if rank else 0.0
        if not found or found[0] not in expected:
            misses.append((item, top))
    return dict(scores), misses


def report(title: str, scores: dict[str, Score]) -> str:
    lines = [title, f"{'audience':<10} {'queries':>7} {'P@3':>6} {'MRR':>6}"]
    for key in sorted(scores, key=lambda k: (k == "all", k)):
        score = scores[key]
        lines.append(f"{key:<10} {score.queries:>7} {score.p_at_3:>6.2f} {score.mrr:>6.2f}")
    return "\n".join(lines)
