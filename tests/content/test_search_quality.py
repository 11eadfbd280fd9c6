"""The search finds what each audience asks for, measured on the demo school's real pages.

`make eval-search` runs this file and prints the scores per audience.
"""

import pytest
from django.core.management import call_command
from wagtail.models import Site

from .search_evaluation import evaluate, found_slugs, labelled_queries, report

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

# Targets for precision at 3 and MRR; the held-out queries may fall a little short of
# the tuned ones, but not below these.
TARGET_P_AT_3 = 0.8
TARGET_MRR = 0.8


@pytest.fixture
def demo_site(settings):
    settings.DEBUG = False
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return Site.objects.get(is_default_site=True)


def test_search_meets_its_targets_for_every_audience_and_parents_find_parent_guidance(demo_site):
    queries = labelled_queries()
    assert len(queries) >= 60
    tuned = [item for item in queries if not item.get("holdout")]
    held_out = [item for item in queries if item.get("holdout")]
    results = {}
    for title, subset in [("tuned", tuned), ("held out", held_out), ("all", queries)]:
        scores, misses = evaluate(demo_site, subset)
        results[title] = scores
        print("\n" + report(f"Search quality ({title} queries)", scores))
        for item, top in misses:
            print(f"  first result not expected: [{item['for']}] {item['q']!r} -> {top}")
    # The example: a parent asking about a shared nude finds parent guidance first,
    # and a pupil asking the same finds the pupils' guide.
    parent_first = found_slugs(demo_site, "nude image shared", "parents")[0]
    pupil_first = found_slugs(demo_site, "nude image shared", "pupils")[0]
    assert parent_first == "if-a-nude-image-of-your-child-has-been-shared"
    assert pupil_first == "sharing-images-and-nudes"
    for title, scores in results.items():
        for audience, score in scores.items():
            assert score.p_at_3 >= TARGET_P_AT_3, (title, audience, score.p_at_3)
            assert score.mrr >= TARGET_MRR, (title, audience, score.mrr)
