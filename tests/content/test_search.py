"""Site search: filters, the crisis help panel above results, and no database write per search."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .conftest import make_guide

pytestmark = pytest.mark.django_db


@pytest.fixture
def searchable(hub, plain_topic, sensitive_topic, helplines):
    make_guide(
        hub,
        title="Self harm help",
        slug="self-harm-help",
        topics=[sensitive_topic],
        summary="Where to get help with self harm and suicide worries.",
        ages=("16+",),
    )
    make_guide(
        hub,
        title="Blocking on games",
        slug="blocking-games",
        topics=[plain_topic],
        summary="How to block players in games.",
        ages=("7-11",),
    )


def test_search_finds_pages_by_words(client, searchable):
    html = client.get("/search/", {"q": "block players"}).content.decode()
    assert "Blocking on games" in html


def test_search_filters_by_age_band(client, searchable):
    html = client.get("/search/", {"q": "help block", "age": "16+"}).content.decode()
    assert "Self harm help" in html
    assert "Blocking on games" not in html


def test_search_filters_by_audience(client, searchable):
    html = client.get("/search/", {"q": "block", "audience": "staff"}).content.decode()
    assert "Blocking on games" not in html


@pytest.mark.parametrize(
    "query", ["suicide", "I want to KILL MYSELF", "self harm", "someone asked for nudes"]
)
def test_crisis_search_shows_help_panel_above_the_results(client, searchable, query):
    html = client.get("/search/", {"q": query}).content.decode()
    assert 'class="help-panel"' in html
    assert "0800 1111" in html
    results = html.find('class="search-results"')
    assert results != -1
    assert html.find('class="help-panel"') < results


def test_ordinary_search_has_no_help_panel(client, searchable):
    html = client.get("/search/", {"q": "games"}).content.decode()
    assert 'class="help-panel"' not in html


def test_search_writes_nothing_to_the_database(client, searchable):
    with CaptureQueriesContext(connection) as queries:
        client.get("/search/", {"q": "suicide", "age": "16+"})
    writes = [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []


def test_search_hits_only_this_schools_pages(client, searchable, other_school):
    from content.models import Audience, AudienceHubPage

    hub = AudienceHubPage(
        title="Other pupils", slug="pupils", audience=Audience.objects.get(key="pupils")
    )
    other_school.root_page.add_child(instance=hub)
    make_guide(
        hub, title="Other school blocking", slug="other-blocking", summary="block players elsewhere"
    )
    html = client.get("/search/", {"q": "block"}).content.decode()
    assert "Other school blocking" not in html
