"""Listings and search rankings are kept until the next publish, and never longer.

Hubs, topic pages, mentor profiles, the home page's "New and updated" and
search rankings come from the fragment cache while content is unchanged (no
query for them at all), and a publish or an unpublish shows at once.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .conftest import make_guide

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_whole_page_cache(settings):
    """These are the fragments under the whole-page cache: measured without it."""
    settings.PAGE_CACHE_ENABLED = False


def listing_queries(captured) -> list[str]:
    """The queries that read advice pages for cards (a listing or its loading by id)."""
    return [q["sql"] for q in captured.captured_queries if '"content_advicepage"' in q["sql"]]


def test_a_hub_reads_its_listing_once_until_content_changes(client, hub):
    make_guide(hub, title="Muting a group chat", slug="muting")
    first = client.get(hub.url)
    assert "Muting a group chat" in first.content.decode()

    with CaptureQueriesContext(connection) as captured:
        again = client.get(hub.url)
    assert again.content == first.content
    assert listing_queries(captured) == []


def test_publishing_and_unpublishing_show_on_the_hub_at_once(client, hub):
    make_guide(hub, title="Muting a group chat", slug="muting")
    client.get(hub.url)

    added = make_guide(hub, title="Saving evidence safely", slug="saving-evidence")
    assert "Saving evidence safely" in client.get(hub.url).content.decode()

    added.unpublish()
    html = client.get(hub.url).content.decode()
    assert "Saving evidence safely" not in html
    assert "Muting a group chat" in html


def test_each_filter_and_page_of_a_hub_is_its_own_listing(client, hub):
    make_guide(hub, title="For younger pupils", slug="younger", ages=("7-11",))
    make_guide(hub, title="For older pupils", slug="older", ages=("16+",))

    everything = client.get(hub.url).content.decode()
    younger = client.get(hub.url, {"age": "7-11"}).content.decode()
    older = client.get(hub.url, {"age": "16+"}).content.decode()

    assert "For younger pupils" in everything and "For older pupils" in everything
    assert "For younger pupils" in younger and "For older pupils" not in younger
    assert "For older pupils" in older and "For younger pupils" not in older


def test_a_routed_page_is_read_once_until_content_changes(client, hub):
    guide = make_guide(hub, title="Muting a group chat", slug="muting")
    client.get(guide.url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(guide.url).status_code == 200
    assert not [q for q in captured.captured_queries if '"wagtailcore_page"' in q["sql"]]

    guide.title = "Muting a busy group chat"
    guide.save_revision().publish()
    assert "Muting a busy group chat" in client.get(guide.url).content.decode()


def test_the_home_page_shows_a_new_guide_at_once(client, hub, home):
    client.get(home.url)
    make_guide(hub, title="Fresh advice on group chats", slug="fresh")
    assert "Fresh advice on group chats" in client.get(home.url).content.decode()


def test_a_search_ranks_once_until_content_changes(client, hub):
    make_guide(hub, title="Blocking on games", slug="blocking", summary="How to block players.")
    first = client.get("/search/", {"q": "block"}).content.decode()
    assert "Blocking on games" in first

    with CaptureQueriesContext(connection) as captured:
        again = client.get("/search/", {"q": "BLOCK"}).content.decode()
    assert "Blocking on games" in again
    assert not [q for q in captured.captured_queries if "MATCH" in q["sql"].upper()]
    assert not [q for q in captured.captured_queries if "tsquery" in q["sql"].lower()]
    # The result cards came from the fragment cache: no page was loaded for them.
    assert listing_queries(captured) == []


def test_a_new_guide_is_found_at_once_and_an_unpublished_one_is_not(client, hub):
    make_guide(hub, title="Blocking on games", slug="blocking", summary="How to block players.")
    assert "1 result" in client.get("/search/", {"q": "block"}).content.decode()

    added = make_guide(hub, title="Blocking on apps", slug="blocking-apps", summary="Block.")
    html = client.get("/search/", {"q": "block"}).content.decode()
    assert "2 results" in html and "Blocking on apps" in html

    added.unpublish()
    html = client.get("/search/", {"q": "block"}).content.decode()
    assert "1 result" in html and "Blocking on apps" not in html


def test_search_filters_and_words_are_separate_rankings(client, hub):
    make_guide(
        hub, title="Blocking for young pupils", slug="young", ages=("7-11",), summary="block"
    )
    make_guide(hub, title="Reporting for older pupils", slug="old", ages=("16+",), summary="report")

    assert "Blocking for young pupils" in client.get("/search/", {"q": "block"}).content.decode()
    reported = client.get("/search/", {"q": "report"}).content.decode()
    assert "Reporting for older pupils" in reported and "Blocking for young" not in reported
    filtered = client.get("/search/", {"q": "block", "age": "16+"}).content.decode()
    assert "Blocking for young pupils" not in filtered
