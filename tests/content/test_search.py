"""Site search: filters, help for the kind of danger above results, and no database write per search."""

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
    ("query", "kind", "first_help"),
    [
        ("suicide", "suicide_self_harm", "0800 1111"),
        ("I want to KILL MYSELF", "suicide_self_harm", "0800 1111"),
        ("i dont want to be alive anymore", "suicide_self_harm", "0800 068 4141"),
        ("people keep telling me to kys", "told_to_die", "0800 1111"),
        ("he said hes gonna stab me", "violence", 'href="tel:999"'),
        ("my stepdad hits me", "home", "0800 1111"),
        ("a man online keeps asking for pics", "grooming", "ceop.police.uk"),
        ("someone asked for nudes", "image_abuse", "Report Remove"),
    ],
)
def test_danger_in_a_search_shows_that_kinds_help_above_the_results(
    client, searchable, query, kind, first_help
):
    html = client.get("/search/", {"q": query}).content.decode()
    panel = html.find(f'data-danger-kind="{kind}"')
    results = html.find('class="search-results"')
    assert panel != -1 and results != -1
    assert panel < results
    assert first_help in html[panel:results]
    # Only the kind the words show: no other kind's help crowds it out.
    assert html.count("data-danger-kind=") == 1


def test_a_parent_searching_sees_advice_for_adults_and_nude_alone_shows_nothing(client, searchable):
    html = client.get(
        "/search/", {"q": "my daughter's nudes were shared", "audience": "parents"}
    ).content.decode()
    assert 'data-danger-kind="image_abuse"' in html
    assert "If a child&#x27;s nude image has been shared" in html
    assert "0808 800 5000" in html
    pupil = client.get("/search/", {"q": "my nudes were shared"}).content.decode()
    assert "If someone has a nude picture of you" in pupil
    nude = client.get("/search/", {"q": "nude", "audience": "parents"}).content.decode()
    assert "help-panel" not in nude
    assert 'class="search-results"' in nude


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
