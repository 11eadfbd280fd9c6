"""Every public page type of the demo school, in Chromium, at 320 px and at a
desktop width: zero axe-core violations, no sideways scroll, the first Tab
reaches quick exit, and no request to any host but the site (Journey.check and
Journey.finish). A few pages again with JavaScript off.

An external video is a click-to-load placeholder: the page asks nothing of the
provider until the reader presses play, and then only its privacy-enhanced
player (youtube-nocookie.com), which the NetworkGuard still stops from leaving
the machine. The demo seeds a self-hosted video only, so the test publishes an
external one beside it.

Quick exit itself (button, Shift three times, without JavaScript) is tested in
test_journey_quick_exit.py; the report and follow-up pages in the pupil's and
parent's journeys.
"""

from urllib.parse import urlsplit

import pytest
from django.conf import settings
from playwright.sync_api import expect

from .conftest import JOURNEY_MARKS
from .helpers import active_element

pytestmark = JOURNEY_MARKS

EXTERNAL_VIDEO_PATH = "/pupils/staying-calm-when-game-chat-turns-nasty/"
PRIVACY_ENHANCED_PLAYER = "www.youtube-nocookie.com"


def publish_external_video() -> str:
    """A published video page whose video is on YouTube, beside the demo's own."""
    from wagtail.models import Page, Site

    from content.models import AgeBand, Audience, VideoPage

    school = Site.objects.get(is_default_site=True)
    hub = Page.objects.child_of(school.root_page).get(slug="pupils")
    page = VideoPage(
        title="Staying calm when a game chat turns nasty",
        slug="staying-calm-when-game-chat-turns-nasty",
        summary="A short video about what to do first.",
        external_url="https://www.youtube.com/watch?v=abcdefghijk",
        transcript="<p>Take a breath. Mute them, block them, then tell someone.</p>",
        live=False,
    )
    hub.add_child(instance=page)
    page.audiences.set(Audience.objects.filter(key="pupils"))
    page.age_bands.set(AgeBand.objects.all())
    page.save_revision().publish()
    assert page.relative_url(school) == EXTERNAL_VIDEO_PATH
    return EXTERNAL_VIDEO_PATH


def first_tab_reaches_quick_exit(page) -> None:
    page.keyboard.press("Tab")
    focused = active_element(page)
    assert focused["quickExit"], f"first Tab on {page.url} reached {focused}, not quick exit"
    assert focused["href"] == settings.QUICK_EXIT_URL


def visit(journey, path: str) -> None:
    """Open the page, audit it (axe, reflow) and check quick exit comes first by Tab."""
    journey.goto(path)
    first_tab_reaches_quick_exit(journey.page)


def link_in_main(page, selector: str) -> str:
    href = page.locator(f"main {selector}").first.get_attribute("href")
    assert href, f"no {selector} on {page.url}"
    return href


def visit_every_page_type(journey) -> None:
    page = journey.page
    main = page.locator("main")

    visit(journey, "/")
    expect(main.locator("h1")).to_have_count(1)

    for hub in ("/pupils/", "/parents-and-carers/", "/staff/"):
        visit(journey, hub)
        assert main.locator("a[href^='/']").count() > 3, f"{hub} lists no advice"

    visit(journey, "/pupils/block-and-report-on-whatsapp/")
    mentor_profile = link_in_main(page, ".byline a[href^='/mentors/']")
    topic = link_in_main(page, ".tag-list a[href^='/topics/']")

    visit(journey, "/pupils/how-to-block-someone-in-30-seconds/")
    captions = main.locator("video track[kind='captions']")
    expect(captions).to_have_count(1)
    assert captions.get_attribute("src").endswith(".vtt")
    expect(main.locator("#transcript-heading")).to_be_visible()

    visit(journey, EXTERNAL_VIDEO_PATH)
    expect(main.locator("[data-click-to-load]")).to_be_visible()
    expect(main.locator("iframe")).to_have_count(0)

    visit(journey, "/pupils/upstander-podcast-dont-just-scroll-past/")
    expect(main.locator("audio")).to_have_count(1)
    expect(main.locator("#transcript-heading")).to_be_visible()

    visit(journey, "/our-online-code/")
    assert main.locator("ol.commitments > li").count() >= 3
    expect(main.locator("section.what-changed")).to_be_visible()
    visit(journey, "/our-online-code/print/")
    assert main.locator("ol.commitments > li").count() >= 3

    visit(journey, "/get-help/")
    assert main.locator(".helplines > li").count() >= 3

    visit(journey, "/topics/")
    visit(journey, topic)
    visit(journey, mentor_profile)
    assert main.locator("a[href^='/pupils/']").count() >= 1, "the profile lists no contribution"

    visit(journey, "/cover-your-tracks/")
    visit(journey, "/search/?q=block")

    # Pupil voice: the survey and the question of the week are public pages too.
    for voice in ("/pupils/how-safe-do-you-feel-online/", "/pupils/question-of-the-week/"):
        visit(journey, voice)
        expect(main.locator("form")).to_have_count(1)


def test_every_page_type_passes_the_checks(journey, demo):
    publish_external_video()
    visit_every_page_type(journey)
    assert journey.guard.foreign == [], "a page asked another host for something"

    # The external video: only a press of its button contacts the provider, and
    # then only through its privacy-enhanced player.
    page = journey.page
    visit(journey, EXTERNAL_VIDEO_PATH)
    page.wait_for_load_state("networkidle")
    local = journey.base_url
    assert all(url.startswith(local) for url in journey.guard.requests), (
        "the placeholder asked another host for something before the reader chose to play"
    )
    with page.expect_request(lambda request: not request.url.startswith(local)) as attempt:
        page.get_by_role("button", name="Play the video from YouTube").click()
    assert urlsplit(attempt.value.url).hostname == PRIVACY_ENHANCED_PLAYER, attempt.value.url
    expect(page.locator("main iframe")).to_have_attribute(
        "src", f"https://{PRIVACY_ENHANCED_PLAYER}/embed/abcdefghijk?autoplay=1"
    )
    # The guard stopped the player's request from leaving (tests stay offline);
    # it was the one request to another host, and the one this test expected.
    blocked = set(journey.guard.foreign)
    assert blocked and {urlsplit(url).hostname for url in blocked} == {PRIVACY_ENHANCED_PLAYER}
    journey.guard.foreign.clear()


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
@pytest.mark.parametrize("javascript", [False], indirect=True, ids=["nojs"])
def test_media_code_and_help_pages_without_javascript(journey, demo):
    publish_external_video()
    page = journey.page
    main = page.locator("main")

    visit(journey, "/pupils/how-to-block-someone-in-30-seconds/")
    expect(main.locator("video track[kind='captions']")).to_have_count(1)

    # Without JavaScript the placeholder is a plain link to the provider's own page;
    # the play button (which needs the script) stays hidden.
    visit(journey, EXTERNAL_VIDEO_PATH)
    expect(main.get_by_role("button", name="Play the video from YouTube")).to_be_hidden()
    watch = main.get_by_role("link", name="Watch it on YouTube")
    expect(watch).to_have_attribute("href", "https://www.youtube.com/watch?v=abcdefghijk")

    visit(journey, "/pupils/upstander-podcast-dont-just-scroll-past/")
    visit(journey, "/our-online-code/")
    expect(main.locator("section.what-changed")).to_be_visible()
    visit(journey, "/our-online-code/print/")
    visit(journey, "/get-help/")
    visit(journey, "/pupils/how-safe-do-you-feel-online/")
