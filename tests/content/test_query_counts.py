"""Rendering a guide, a hub and the home page takes the same number of queries at 10 and 500 pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from content.models import Audience, GuidePage

from .conftest import make_guide

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

MAX_QUERIES = 12


def add_cheap_guides(hub, topic, count, start):
    """Live pages through treebeard only (no revisions): fast, and what listings read."""
    pupils = Audience.objects.get(key="pupils")
    for number in range(start, start + count):
        page = GuidePage(
            title=f"Guide {number}",
            slug=f"guide-{number}",
            summary="s",
            live=True,
            body=[{"type": "heading", "value": "H"}],
        )
        hub.add_child(instance=page)
        page.topics.add(topic)
        page.audiences.add(pupils)


def queries_for(client, url):
    client.get(url)  # warm per-process caches (content types, site root paths)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_public_pages_take_a_constant_number_of_queries(
    client, hub, plain_topic, mentor_profile, settings
):
    # Measures rendering: with the page cache on, the second request would cost nothing.
    settings.PAGE_CACHE_ENABLED = False
    guide = make_guide(hub, title="Measured guide", topics=[plain_topic], mentor=mentor_profile)
    add_cheap_guides(hub, plain_topic, 9, 0)
    urls = [guide.url, "/pupils/", "/"]
    small = {url: queries_for(client, url) for url in urls}
    add_cheap_guides(hub, plain_topic, 490, 9)
    large = {url: queries_for(client, url) for url in urls}
    assert large == small
    for url, count in large.items():
        assert count <= MAX_QUERIES, (url, count)
