"""Journey 1 (and 6): a pupil on a phone or a computer, by keyboard alone, finds a
guide about blocking someone through search, reads it, reports with a screenshot,
writes down the receipt, follows the report up, reads the safeguarding lead's
reply and answers it. Run with JavaScript on and off.

The lead's reply is written through the triage admin in the lead's own browser.
"""

import pytest
from django.urls import reverse

from reporting.models import Case

from .conftest import JOURNEY_MARKS
from .people import (
    ADMIN_SCOPE,
    attach_by_keyboard,
    choose_radio_by_keyboard,
    follow_link_by_keyboard,
    next_step_by_keyboard,
    open_follow_up_by_keyboard,
    read_receipt,
    screenshot_png,
    staff_sign_in,
    step_heading,
    tick_by_keyboard,
    type_by_keyboard,
)

pytestmark = JOURNEY_MARKS

WHAT_HAPPENED = "Someone in my class keeps sending me mean messages on Snapchat <3 please help"
REPLY_FROM_SCHOOL = "Thank you for telling us. Can you tell us when the messages started?"
ANSWER = "They started last Monday after football."


@pytest.mark.parametrize("javascript", [True, False], indirect=True, ids=["js", "nojs"])
def test_pupil_finds_advice_reports_with_a_screenshot_and_follows_up(journey, demo, tmp_path):
    page = journey.page

    # Home, on a phone or a computer.
    journey.goto("/")
    journey.snap("home")

    # Search for "block" and open the guide.
    follow_link_by_keyboard(page, "a[href='/search/']")
    journey.check()
    type_by_keyboard(page, "#search-q", "block")
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press("Enter")
    journey.check()
    assert "block" in page.url
    journey.snap("search")
    follow_link_by_keyboard(page, "main a[href*='block-and-report']")
    journey.check()
    assert "block" in step_heading(page).lower()
    journey.snap("guide")

    # The report form, one question group per step.
    follow_link_by_keyboard(page, "a[href='/report/']")
    journey.check()
    journey.snap("report-form")
    choose_radio_by_keyboard(page, "danger_now", "no")
    choose_radio_by_keyboard(page, "reporter_role", "me")
    next_step_by_keyboard(page)
    journey.check()
    tick_by_keyboard(page, "categories", "nasty_messages")
    choose_radio_by_keyboard(page, "platform", "snapchat")
    type_by_keyboard(page, "#id_when_happened", "Every day this week")
    next_step_by_keyboard(page)
    journey.check()
    type_by_keyboard(page, "#id_what_happened", WHAT_HAPPENED)
    next_step_by_keyboard(page)
    journey.check()
    attach_by_keyboard(page, "#id_evidence", screenshot_png(tmp_path))
    journey.snap("report-evidence")
    next_step_by_keyboard(page)
    journey.check()
    # The screenshot is held on the server, listed with the answers to check.
    assert "screenshot.png" in page.locator("dl.summary").inner_text()
    choose_radio_by_keyboard(page, "say_who", "no")
    journey.snap("report-check")
    next_step_by_keyboard(page, "send")
    journey.check()

    # The receipt: shown once, to write down.
    assert page.get_by_role("heading", name="Your report has been sent").is_visible()
    receipt = read_receipt(page)
    assert len(receipt.words.split()) >= 4
    # The pupil is told what hidden details were taken out of the screenshot.
    files = page.get_by_role("region", name="Your files").inner_text()
    assert "screenshot.png" in files and "the author's name" in files
    journey.snap("receipt")
    # Someone else at this computer presses reload: the words are not shown again.
    assert "/report/receipt/" in page.url
    page.reload(wait_until="load")
    journey.check()
    assert page.get_by_role("heading", name="Your receipt was already shown").is_visible()
    assert receipt.words not in page.content() and receipt.reference not in page.content()
    journey.snap("receipt-reloaded")

    case = Case.objects.get(reference=receipt.reference)
    assert case.evidence.count() == 1

    # Later: the pupil follows the report up with the receipt.
    follow_link_by_keyboard(page, "main a[href='/report/follow-up/']")
    journey.check()
    journey.snap("follow-up-sign-in")
    open_follow_up_by_keyboard(journey, receipt)
    assert "No messages yet" in page.locator("main").inner_text()

    # The safeguarding lead replies from the triage admin.
    lead = staff_sign_in(journey, "lead", second_factor=True)
    case_url = reverse("reporting_triage:case_detail", args=[case.pk])
    journey.goto(case_url, page=lead, **ADMIN_SCOPE)
    assert WHAT_HAPPENED in lead.get_by_test_id("report-text").inner_text()
    # Wagtail's rich-text editor, found by the name its label gives it (as a screen reader would).
    reply = lead.get_by_role("textbox", name="Message to the reporter")
    reply.click()
    reply.press_sequentially(REPLY_FROM_SCHOOL)
    lead.wait_for_function(
        "(text) => document.querySelector(\"#message-form [name='message']\").value.includes(text)",
        arg=REPLY_FROM_SCHOOL[:12],
    )
    with lead.expect_navigation(wait_until="load"):
        lead.get_by_role("button", name="Send message to reporter").click()
    journey.check(page=lead, **ADMIN_SCOPE)

    # The pupil checks for messages, reads the reply and answers.
    next_step_by_keyboard(page, "refresh")
    journey.check()
    conversation = page.locator(".conversation")
    assert REPLY_FROM_SCHOOL in conversation.inner_text()
    journey.snap("follow-up-reply")
    type_by_keyboard(page, "textarea[name='message']", ANSWER)
    next_step_by_keyboard(page, "reply")
    journey.check()
    assert page.locator("#reply-sent").is_visible()
    assert ANSWER in page.locator(".conversation").inner_text()

    # The lead sees the answer in the case's chronology.
    journey.goto(case_url, page=lead, **ADMIN_SCOPE)
    from_reporter = lead.locator("[data-kind='message_from_reporter']")
    assert ANSWER in from_reporter.inner_text()
