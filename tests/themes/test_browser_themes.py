"""Both themes in a real browser: each school's hostname shows its theme with zero
axe-core violations at 320 px and on a desktop, and reader preferences are kept
in the browser only and follow the reader from page to page.

Screenshots of both themes: UPSTANDER_SCREENSHOTS=<folder> makes this test save them.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from pytest_django.live_server_helper import LiveServer
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from tests.browser.helpers import VIEWPORTS, assert_accessible, assert_reflows
from themes.models import SchoolBranding

pytestmark = [
    pytest.mark.browser,
    # No serialized_rollback: the schools fixture builds all the data it needs.
    pytest.mark.django_db(transaction=True),
]

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


@pytest.fixture(scope="module")
def server():
    # 127.0.0.1 and "localhost" reach the same server: two hostnames, two schools.
    live = LiveServer("127.0.0.1:0")
    yield live
    live.stop()


@pytest.fixture(scope="module")
def browser(chromium):
    """The session's shared Chromium (tests/conftest.py)."""
    return chromium


@pytest.fixture
def schools(server, settings):
    settings.ROOT_URLCONF = "tests.themes.urls"
    for cache in caches.all():
        cache.clear()
    # Built here rather than taken from migration data, which a live-server
    # test's flush may have removed.
    Site.objects.all().delete()
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(django_settings.LANGUAGE_CODE)
    )
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    for hostname, slug, name, theme, colours in (
        ("127.0.0.1", "northfield", "Northfield Academy", "secondary", {}),
        (
            "localhost",
            "brook-lane",
            "Brook Lane Primary",
            "primary",
            {
                "primary_text_colour": "#ffffff",
                "primary_background_colour": "#1d5c96",
                "accent_text_colour": "#1f1a3d",
                "accent_background_colour": "#ffd23f",
            },
        ),
    ):
        home = root.add_child(instance=Page(title=name, slug=slug))
        site = Site.objects.create(
            hostname=hostname, port=80, root_page=home, is_default_site=hostname == "localhost"
        )
        SchoolBranding.objects.create(
            site=site, school_name=name, theme=theme, phone="01632 960 123", **colours
        )
    port = server.url.rsplit(":", 1)[1]
    return {"secondary": f"http://127.0.0.1:{port}", "primary": f"http://localhost:{port}"}


def new_page(browser, viewport, base_url, *, javascript=True):
    context = browser.new_context(
        base_url=base_url, java_script_enabled=javascript, **VIEWPORTS[viewport]
    )
    origin = base_url

    def only_this_site(route):
        if route.request.url.startswith(origin):
            route.continue_()
        else:
            pytest.fail(f"request to another host: {route.request.url}")

    context.route("**/*", only_this_site)
    return context, context.new_page()


def snap(page, name):
    folder = os.environ.get("UPSTANDER_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("theme", ["secondary", "primary"])
def test_each_school_shows_its_theme_with_no_accessibility_violations(
    browser, schools, theme, viewport
):
    context, page = new_page(browser, viewport, schools[theme])
    page.goto("/__themes__/page/")
    assert page.get_attribute("html", "data-theme") == theme
    assert_accessible(page)
    assert_reflows(page)
    snap(page, f"theme-{theme}-{viewport}")
    # The reading options panel open, with high contrast and the dyslexia font on.
    page.click("summary:has-text('Reading options')")
    page.check("#pref-contrast")
    page.check("#pref-font")
    assert_accessible(page)
    assert_reflows(page)
    snap(page, f"theme-{theme}-{viewport}-reading-options")
    context.close()


@pytest.mark.parametrize("theme", ["secondary", "primary"])
def test_reading_options_follow_the_reader_and_stay_in_the_browser(browser, schools, theme):
    context, page = new_page(browser, "desktop", schools[theme])
    page.goto("/__themes__/page/")
    size_before = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    page.click("summary:has-text('Reading options')")
    page.check("#pref-text-size")
    page.check("#pref-font")

    page.goto("/cover-your-tracks/")
    assert page.get_attribute("html", "data-text-size") == "large"
    assert page.get_attribute("html", "data-font") == "dyslexic"
    assert page.is_checked("#pref-text-size")
    size_after = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert size_after == pytest.approx(size_before * 1.25, rel=0.01)
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert font.strip('"').startswith("OpenDyslexic")
    # The font file came from this site (the route guard fails any other host).
    assert page.evaluate("document.fonts.check('16px OpenDyslexic')")
    # Kept in localStorage, never in a cookie.
    assert context.cookies() == []
    assert "text-size" in page.evaluate("localStorage.getItem('upstander:reader-preferences')")

    page.click("summary:has-text('Reading options')")
    page.uncheck("#pref-text-size")
    page.reload()
    assert page.get_attribute("html", "data-text-size") is None
    context.close()


def test_without_javascript_the_options_still_work_on_the_page(browser, schools):
    context, page = new_page(browser, "desktop", schools["secondary"], javascript=False)
    page.goto("/__themes__/page/")
    before = page.locator("h1").bounding_box()["height"]
    page.click("summary:has-text('Reading options')")
    page.check("#pref-text-size")
    after = page.locator("h1").bounding_box()["height"]
    assert after > before * 1.2  # CSS :has() applies the choice; nothing is saved
    assert page.locator(".reader-preferences__note--no-js").is_visible()
    assert context.cookies() == []
    context.close()
