"""Journey 2: a pupil in a hurry leaves the site by the quick-exit button and by
pressing Shift three times. The site is gone from the screen at once, and Back
does not bring the page they were on straight back (its history entry is
replaced). Without JavaScript the button is still a plain link that leaves.

During tests the exit target is a stub page on the live server
(settings.QUICK_EXIT_URL = "/__test__/neutral/"), so nothing leaves the machine.
"""

import pytest
from django.conf import settings

from .conftest import JOURNEY_MARKS
from .helpers import active_element

pytestmark = JOURNEY_MARKS

NEUTRAL = "/__test__/neutral/"


def first_tab_reaches_quick_exit(page) -> dict:
    """From a freshly loaded page, one press of Tab lands on quick exit."""
    page.keyboard.press("Tab")
    focused = active_element(page)
    assert focused["quickExit"], f"first Tab on {page.url} reached {focused}, not quick exit"
    assert focused["href"] == settings.QUICK_EXIT_URL
    return focused


def history_length(page) -> int:
    return page.evaluate("history.length")


def assert_left_for_neutral_page(page):
    page.wait_for_url(f"**{NEUTRAL}")
    assert page.get_by_role("heading", name="Weather forecast").is_visible()
    assert "Upstander" not in page.content()


def a_guide_path(page) -> str:
    """The first guide linked from the pupils' hub."""
    link = page.locator("main a[href^='/pupils/']").first
    return link.get_attribute("href")


def test_quick_exit_button_and_shift_three_times_leave_and_replace_history(journey, demo):
    page = journey.page
    journey.goto("/")
    journey.snap("home")
    journey.goto("/pupils/")
    guide = a_guide_path(page)
    journey.goto(guide)

    # The button, reached first by Tab and pressed with Enter.
    first_tab_reaches_quick_exit(page)
    entries = history_length(page)
    as_left = left_hidden(page, lambda: page.keyboard.press("Enter"))
    assert as_left == {"visibility": "hidden", "title": ""}, "the site stayed on screen"
    assert_left_for_neutral_page(page)
    assert history_length(page) == entries, "quick exit added a history entry"
    page.go_back()
    assert not page.url.endswith(guide), "Back brought the page the pupil left straight back"
    assert page.url.endswith("/pupils/")
    journey.check()

    # Shift pressed three times, on the report form where a pupil is most exposed.
    journey.goto("/report/")
    first_tab_reaches_quick_exit(page)
    as_left = left_hidden(page, lambda: [page.keyboard.press("Shift") for _ in range(3)])
    assert as_left == {"visibility": "hidden", "title": ""}
    assert_left_for_neutral_page(page)
    page.go_back()
    assert not page.url.endswith("/report/"), "Back brought the report form straight back"
    journey.check()


def test_shift_pressed_with_other_keys_between_does_not_leave(journey, demo):
    """Typing capitals in the report form must not throw the pupil out."""
    page = journey.page
    journey.goto("/report/")
    page.keyboard.press("Shift")
    page.keyboard.press("Shift+A")
    page.keyboard.press("Shift")
    page.keyboard.press("a")
    page.keyboard.press("Shift")
    assert page.url.endswith("/report/")
    journey.check()


@pytest.mark.parametrize("javascript", [False], indirect=True)
def test_without_javascript_quick_exit_is_a_plain_link_reached_first(journey, demo):
    page = journey.page
    for path in ("/", "/report/"):
        journey.goto(path)
        focused = first_tab_reaches_quick_exit(page)
        assert focused["href"] == NEUTRAL
    journey.snap("report-form")
    page.keyboard.press("Enter")
    assert_left_for_neutral_page(page)


def left_hidden(page, press) -> dict:
    """Press, and report how the page looked as it was left (recorded on
    `pagehide` into this tab's sessionStorage, which the same-origin stub exit
    page can read back): a slow connection must not leave the site on screen."""
    page.evaluate(
        """() => window.addEventListener('pagehide', () => sessionStorage.setItem(
             'left', JSON.stringify({visibility: document.documentElement.style.visibility,
                                     title: document.title})))"""
    )
    press()
    page.wait_for_url(f"**{NEUTRAL}")
    return page.evaluate("() => JSON.parse(sessionStorage.getItem('left') || '{}')")
