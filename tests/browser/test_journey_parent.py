"""Journey 5 (and 6): a parent finds the parents' advice and tells the school,
as a parent or carer, without giving a name. Run with JavaScript on and off,
by pointer (the pupil's journey is the keyboard-only one)."""

import pytest

from reporting.models import Case

from .conftest import JOURNEY_MARKS
from .people import read_receipt, step_heading

pytestmark = JOURNEY_MARKS

WORRY = "My son is being sent threatening messages in a Roblox group after school."


def click_and_wait(page, locator) -> None:
    with page.expect_navigation(wait_until="load"):
        locator.click()


def next_step(journey, nav: str = "next") -> None:
    click_and_wait(journey.page, journey.page.locator(f"button[name='nav'][value='{nav}']"))
    journey.check()


@pytest.mark.parametrize("javascript", [True, False], indirect=True, ids=["js", "nojs"])
def test_parent_finds_parents_advice_and_reports_as_a_parent(journey, demo):
    page = journey.page
    journey.goto("/")

    # The parents' hub, from the main navigation.
    nav = page.get_by_role("navigation", name="Main")
    if not nav.get_by_role("link", name="Parents and carers").is_visible():
        # On a phone the navigation may fold away behind a button.
        nav.get_by_role("button").first.click()
    click_and_wait(page, nav.get_by_role("link", name="Parents and carers"))
    journey.check()
    assert page.url.endswith("/parents-and-carers/")
    journey.snap("parents-hub")

    click_and_wait(
        page, page.locator("main a[href*='if-your-child-is-being-bullied-online']").first
    )
    journey.check()
    assert "bullied" in step_heading(page).lower()
    journey.snap("parents-guide")

    # Report, as a parent or carer.
    click_and_wait(page, page.get_by_role("link", name="Report something").first)
    journey.check()
    page.get_by_label("No", exact=True).check()
    page.get_by_label("I'm a parent or carer").check()
    next_step(journey)
    page.get_by_label("Threats to hurt someone").check()
    page.get_by_label("Roblox").check()
    next_step(journey)
    page.get_by_label("What happened?").fill(WORRY)
    next_step(journey)
    assert "screenshots" in step_heading(page).lower()
    next_step(journey)
    journey.snap("report-check")
    next_step(journey, "send")

    receipt = read_receipt(page)
    journey.snap("receipt")
    case = Case.objects.get(reference=receipt.reference)
    assert case.reporter_role == "parent"
    assert case.platform == "roblox"
    assert "threats" in case.categories
