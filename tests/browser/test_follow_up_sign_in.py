"""Signing in to follow a report up: an empty try says what to do and takes focus (with JavaScript off too),
and "Show my words" shows the secret words, with JavaScript at once, without it on submit."""

import pytest

from .conftest import JOURNEY_MARKS

pytestmark = JOURNEY_MARKS


def open_my_report(journey) -> None:
    with journey.page.expect_navigation(wait_until="load"):
        journey.page.locator("button[name='nav'][value='open']").click()
    # A try that does not open a report answers 400 on purpose; Chromium logs that as a console error.
    journey.watch.errors[:] = [e for e in journey.watch.errors if "status of 400" not in e]


@pytest.mark.parametrize("javascript", [True, False], indirect=True, ids=["js", "nojs"])
def test_an_empty_try_shows_an_error_summary_that_has_focus(journey, javascript):
    page = journey.page
    journey.goto("/report/follow-up/")
    open_my_report(journey)
    journey.check()

    summary = page.locator(".error-summary")
    assert "Type your report number" in summary.inner_text()
    assert page.evaluate("() => document.activeElement.classList.contains('error-summary')")
    if javascript:
        summary.get_by_role("link", name="Type the secret words", exact=False).click()
        assert page.evaluate("() => document.activeElement.id") == "id_passphrase"


@pytest.mark.parametrize("javascript", [True, False], indirect=True, ids=["js", "nojs"])
def test_show_my_words_shows_the_secret_words(journey, javascript):
    page = journey.page
    journey.goto("/report/follow-up/")
    words = page.locator("#id_passphrase")
    words.fill("apple tiger moon")
    assert words.get_attribute("type") == "password"

    page.get_by_label("Show my words").check()
    if not javascript:
        open_my_report(journey)  # the page comes back with the words in a plain box
        # Audited from the top, as in test_reading_modes: focusing the error summary
        # scrolls the header's links under the sticky help bar.
        page.evaluate("() => window.scrollTo(0, 0)")
        journey.check()
    assert page.locator("#id_passphrase").get_attribute("type") == "text"
    assert page.locator("#id_passphrase").input_value() == "apple tiger moon"
