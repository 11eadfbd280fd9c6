"""Journey 3: a mentor writes a guide in the Wagtail editor and submits it; it is
not public; a moderator approves it; it is public with the mentor's pseudonym.
A guide on a sensitive topic also needs a safeguarding lead's approval, with
the checklist, before it goes live.

The guide's body is a heading and a paragraph written in the editor: the
captioned video block is not chosen here (see the report to the coordinator:
the mentor's video chooser lists no media).
"""

import re

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect
from wagtail.models import Page, Site

from content.models import GuidePage

from .conftest import JOURNEY_MARKS
from .people import ADMIN_SCOPE, staff_sign_in

pytestmark = JOURNEY_MARKS

PSEUDONYM = "Sky"
PARAGRAPH = "Mute the player first, then block them and tell an adult."


def write_guide(journey, mentor, hub, *, title: str, topic: str) -> GuidePage:
    """The mentor writes a guide under the hub and submits it for moderation."""
    journey.goto(f"/admin/pages/{hub.pk}/add_subpage/", page=mentor, **ADMIN_SCOPE)
    with mentor.expect_navigation(wait_until="load"):
        mentor.locator("main").get_by_role("link", name="Guide", exact=True).click()
    journey.check(page=mentor, **ADMIN_SCOPE)
    mentor.fill("#id_title", title)
    mentor.fill("#id_summary", "What to do when someone is unkind while you play.")
    mentor.get_by_label("Pupils", exact=True).check()
    mentor.get_by_label("Ages 11 to 16").check()
    mentor.get_by_label(topic, exact=True).check()
    mentor.fill("#id_review_by", "2031-01-01")
    mentor.keyboard.press("Escape")

    # The byline: the mentor's own profile, by pseudonym.
    # The editor's widgets are wired up by scripts that finish after "load".
    mentor.wait_for_load_state("networkidle")
    chooser = mentor.locator(".modal")
    profile = chooser.get_by_role("link", name=re.compile(rf"^\s*{PSEUDONYM}\b")).first
    for _attempt in range(3):
        # A click that lands before the chooser's script is ready opens nothing.
        mentor.get_by_role("button", name="Choose mentor profile").click()
        try:
            profile.wait_for(state="visible", timeout=5_000)
            break
        except PlaywrightTimeout:
            continue
    profile.click()
    chooser.wait_for(state="hidden")

    # The body, block by block.
    mentor.get_by_role("button", name="Insert a block").first.click()
    mentor.get_by_role("option", name="Heading").click()
    mentor.locator("input[name^='body-0-value']").fill("Mute, block, report")
    mentor.get_by_role("button", name="Insert a block").last.click()
    mentor.get_by_role("option", name="Paragraph").click()
    paragraph = mentor.locator(".Draftail-Editor .public-DraftEditor-content").last
    paragraph.click()
    mentor.keyboard.type(PARAGRAPH)
    expect(paragraph).to_contain_text(PARAGRAPH)
    # Draftail copies its content into the form's hidden input a moment later.
    expect(mentor.locator("input[name='body-1-value']")).to_have_value(
        re.compile("Mute the player")
    )

    mentor.get_by_role("button", name="More actions").click()
    with mentor.expect_navigation(wait_until="load"):
        mentor.get_by_role("button", name="Submit to").click()
    journey.check(page=mentor, **ADMIN_SCOPE)
    assert not editor_errors(mentor), f"the editor refused the guide: {editor_errors(mentor)}"
    guide = GuidePage.objects.get(title=title)
    assert guide.workflow_in_progress and not guide.live
    return guide


def editor_errors(page) -> list[str]:
    return page.locator(".w-field--error, .error-message, .messages .error").evaluate_all(
        "els => els.map(e => e.className + ': ' + e.innerText.trim().slice(0, 120))"
        ".filter(t => /required|invalid|error|could not|cannot/i.test(t))"
    )


def approve(journey, reviewer, guide, *, checklist: bool = False) -> None:
    """Approve from the dashboard's "Awaiting your review" panel, as reviewers do.

    (Approving from the edit view also saves the editor's form, which Wagtail
    counts as an edit and so restarts the task.)
    """
    journey.goto("/admin/", page=reviewer, **ADMIN_SCOPE)
    row = reviewer.locator("main tr", has_text=guide.title)
    row.get_by_role("button", name="Actions").click()
    if checklist:
        row.get_by_role("button", name="Approve with checklist").click()
        dialog = reviewer.locator(".modal")
        dialog.get_by_label("Signposts to help").check()
        dialog.get_by_label("no method details").check()
        dialog.get_by_label("no identifying details").check()
        with reviewer.expect_navigation(wait_until="load"):
            dialog.get_by_role("button", name=re.compile("Approve")).click()
    else:
        with reviewer.expect_navigation(wait_until="load"):
            row.get_by_role("button", name="Approve", exact=True).click()
    journey.check(page=reviewer, **ADMIN_SCOPE)


def public_status(journey, reader, guide) -> int:
    school = Site.objects.get(is_default_site=True)
    response = reader.goto(guide.relative_url(school))
    journey.check(page=reader)
    return response.status


def test_mentor_writes_a_guide_that_goes_live_only_after_review(journey, demo):
    hub = Page.objects.get(slug="pupils", depth=3, url_path__startswith="/demo-school/").specific
    reader = journey.new_page()
    mentor = staff_sign_in(journey, "mentor")

    guide = write_guide(journey, mentor, hub, title="Trolls in game chat", topic="Gaming")
    journey.snap("submitted", page=mentor)
    assert public_status(journey, reader, guide) == 404

    moderator = staff_sign_in(journey, "moderator")
    approve(journey, moderator, guide)
    guide.refresh_from_db()
    assert guide.live
    assert public_status(journey, reader, guide) == 200
    assert PSEUDONYM in reader.locator("main").inner_text()
    journey.snap("published", page=reader)

    # A sensitive topic: the moderator's approval is not enough.
    sensitive = write_guide(
        journey,
        mentor,
        hub,
        title="When a friend says they feel low",
        topic="Self-harm and suicide",
    )
    approve(journey, moderator, sensitive)
    sensitive.refresh_from_db()
    assert not sensitive.live
    assert public_status(journey, reader, sensitive) == 404

    lead = staff_sign_in(journey, "lead", second_factor=True)
    approve(journey, lead, sensitive, checklist=True)
    sensitive.refresh_from_db()
    assert sensitive.live
    assert public_status(journey, reader, sensitive) == 200
