"""Every public page type takes at most 13 queries, and the same number at 10 and at 500 pages.

Measured twice per page: warm (the second request, as a reader after the first
gets it: the fragment cache holds the Site, route, related cards and rendered
bodies) and cold (straight after a publish made every fragment stale), so a
fragment cache can never hide a query issued per listed item.
"""

from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtailmedia.models import Media

from content.models import (
    AdvicePage,
    Audience,
    GuidePage,
    Helpline,
    HelpPage,
    PodcastPage,
)
from upstander.pagecache import purge_all

from .conftest import make_code_of_conduct, make_guide, make_video, publish

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

# 12, plus the one query Wagtail's localisation makes on every page it serves (the active
# language's Locale, in Page.route_for_request, since WAGTAIL_I18N_ENABLED), plus, with
# cold caches, the one that builds the school's main menu (kept until the next publish).
MAX_QUERIES = 14


def add_cheap_guides(hub, topic, mentor, count, start):
    """Live pages through treebeard only (no revisions): fast, and what listings read.

    Topics and audiences are ParentalManyToManyFields, which `add()` only keeps in
    memory until the page is saved again: their rows are written directly.
    """
    pupils = Audience.objects.get(key="pupils")
    pages = []
    for number in range(start, start + count):
        page = GuidePage(
            title=f"Guide {number} about blocking",
            slug=f"guide-{number}",
            summary="s",
            live=True,
            first_published_at=timezone.now(),  # newest: first in every listing
            mentor=mentor,
            body=[{"type": "heading", "value": "H"}],
        )
        hub.add_child(instance=page)
        pages.append(page)
    AdvicePage.topics.through.objects.bulk_create(
        [AdvicePage.topics.through(advicepage_id=page.pk, topic_id=topic.pk) for page in pages]
    )
    AdvicePage.audiences.through.objects.bulk_create(
        [
            AdvicePage.audiences.through(advicepage_id=page.pk, audience_id=pupils.pk)
            for page in pages
        ]
    )


def queries_for(client, url, *, cold):
    client.get(url)  # warm per-process caches (content types, templates)
    if cold:
        purge_all()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.fixture
def every_page_type(home, hub, plain_topic, mentor_profile):
    """One page of each public type, linked to a topic and the mentor, and their URLs."""
    guide = make_guide(hub, title="Measured guide", topics=[plain_topic], mentor=mentor_profile)
    video = make_video(
        hub, transcript="<p>Words about blocking</p>", mentor=mentor_profile, topics=[plain_topic]
    )
    audio = Media(title="Episode", type="audio", duration=3)
    audio.file.save("episode.mp3", ContentFile(b"\x00" * 64), save=False)
    audio.save()
    podcast = PodcastPage(
        title="Blocking podcast",
        slug="blocking-podcast",
        summary="s",
        audio=audio,
        transcript="<p>We talk about blocking.</p>",
        show_notes="<p>Notes</p>",
        live=False,
    )
    hub.add_child(instance=podcast)
    publish(podcast)
    code = make_code_of_conduct(home)
    code.audiences.add(Audience.objects.get(key="pupils"))
    code = code.get_latest_revision_as_object()
    code.effective_date = date(2026, 9, 1)
    publish(code)  # a second version, so the page shows what changed
    help_page = HelpPage(title="Get help now", slug="get-help", summary="s", live=False)
    home.add_child(instance=help_page)
    publish(help_page)
    Helpline.objects.create(name="Childline", phone="0800 1111", description="Any time.")
    return {
        "home": "/",
        "hub": "/pupils/",
        "hub filtered": f"/pupils/?topic={plain_topic.slug}&age=11-16",
        "hub page 2": "/pupils/?page=2",
        "guide": guide.url,
        "video": video.url,
        "podcast": podcast.url,
        "code of conduct": "/our-code/",
        "code of conduct print": "/our-code/print/",
        "help": "/get-help/",
        "topic index": "/topics/",
        "topic": f"/topics/{plain_topic.slug}/",
        "mentor profile": f"/mentors/{mentor_profile.pk}/",
        "search": "/search/?q=blocking",
        "search filtered": f"/search/?q=blocking&topic={plain_topic.slug}",
    }


@pytest.mark.parametrize("cold", [False, True], ids=["warm", "cold"])
def test_every_public_page_takes_a_constant_number_of_queries(
    client, settings, every_page_type, hub, plain_topic, mentor_profile, cold
):
    # Measures rendering: with the whole-page cache on, the second request would cost nothing.
    settings.PAGE_CACHE_ENABLED = False
    urls = every_page_type
    add_cheap_guides(hub, plain_topic, mentor_profile, 7, 0)  # 10 advice pages in all
    small = {name: queries_for(client, url, cold=cold) for name, url in urls.items()}
    add_cheap_guides(hub, plain_topic, mentor_profile, 490, 7)  # 500
    large = {name: queries_for(client, url, cold=cold) for name, url in urls.items()}
    assert large == small
    for name, count in large.items():
        assert count <= MAX_QUERIES, (name, count)


def test_listings_show_every_card_with_its_byline_and_topics(
    client, settings, every_page_type, hub, plain_topic, mentor_profile
):
    """The counts above are for complete pages: 12 cards, each with its byline and topic."""
    settings.PAGE_CACHE_ENABLED = False
    add_cheap_guides(hub, plain_topic, mentor_profile, 20, 0)
    for _ in range(2):  # cold, then from the fragment cache: the same cards
        html = client.get("/pupils/").content.decode()
        assert html.count('class="card"') == 12
        assert html.count("By Sky, Year 10 mentor") == 12
        assert html.count(f'href="/topics/{plain_topic.slug}/"') >= 12
