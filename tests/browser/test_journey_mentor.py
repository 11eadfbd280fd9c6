"""Journey 3: a mentor writes a guide with a captioned video in the Wagtail editor
and submits it; it is not public; a moderator approves it; it is public with the
mentor's pseudonym and its captioned video. A guide on a sensitive topic also
needs a safeguarding lead's approval, with the checklist, before it goes live.

The video is the school's own (seeded) video, picked through wagtailmedia's
chooser, which lists a mentor's school media (content/media_chooser.py), with the
seeded WebVTT captions picked through Wagtail's document chooser.
"""

import re

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect
from wagtail.models import Page, Site, WorkflowState

from content.models import GuidePage

from .conftest import JOURNEY_MARKS
from .people import ADMIN_SCOPE, staff_sign_in

pytestmark = JOURNEY_MARKS

# The filled-in editor's <main>, audited whole: content/static/content/js/
# admin-field-names.js names the two inputs Wagtail leaves unnamed (a block placed
# straight in a StreamField, wagtail/wagtail#11179, and Draftail's rich text box,
# wagtail/wagtail#14205).
EDITOR_SCOPE = ADMIN_SCOPE

PSEUDONYM = "Sky"
PARAGRAPH = "Mute the player first, then block them and tell an adult."
SEEDED_VIDEO = "How to block someone in 30 seconds"
TRANSCRIPT = "Open the chat, press their name, then choose Block."


def choose_in_modal(page, open_button: str, choice) -> None:
    """Open a chooser with its button and pick `choice` (a locator inside the modal)."""
    chooser = page.locator(".modal")
    for _attempt in range(3):
        # A click that lands before the chooser's script is ready opens nothing.
        page.get_by_role("button", name=open_button).click()
        try:
            choice.wait_for(state="visible", timeout=5_000)
            break
        except PlaywrightTimeout:
            continue
    choice.click()
    chooser.wait_for(state="hidden")


def insert_block(page, kind: str, *, first: bool = False) -> None:
    """Add a block of `kind` to the body with the "Insert a block" menu."""
    buttons = page.get_by_role("button", name="Insert a block")
    button = buttons.first if first else buttons.last
    option = page.get_by_role("option", name=kind, exact=True)
    for _attempt in range(3):
        # As with the choosers, a click before the stream field's script is ready opens nothing.
        button.click()
        try:
            option.wait_for(state="visible", timeout=5_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    option.click()


def add_captioned_video(mentor, index: int) -> None:
    """A video block: the school's video and its captions from the choosers, and a
    transcript typed in, as block `index` of the body."""
    insert_block(mentor, "Video")
    modal = mentor.locator(".modal")
    choose_in_modal(
        mentor, "Choose video", modal.locator("a.media-choice", has_text=SEEDED_VIDEO).first
    )
    expect(mentor.locator(f"input[name='body-{index}-value-video']")).not_to_have_value("")
    choose_in_modal(
        mentor,
        "Choose a document",
        modal.get_by_role("link", name=re.compile(f"Captions: {SEEDED_VIDEO}")).first,
    )
    expect(mentor.locator(f"input[name='body-{index}-value-captions']")).not_to_have_value("")
    transcript = mentor.get_by_role("textbox", name=re.compile("^Transcript")).last
    transcript.click()
    mentor.keyboard.type(TRANSCRIPT)
    expect(mentor.locator(f"input[name='body-{index}-value-transcript']")).to_have_value(
        re.compile("Open the chat")
    )


def write_guide(
    journey, mentor, hub, *, title: str, topic: str, with_video: bool = False
) -> GuidePage:
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

    # The byline: a mentor picks from their own profile only, in a plain list.
    byline = mentor.get_by_role("combobox", name="Mentor", exact=True)
    expect(byline.locator("option", has_text=PSEUDONYM)).to_have_count(1)
    byline.select_option(label=PSEUDONYM)
    # The editor's widgets are wired up by scripts that finish after "load".
    mentor.wait_for_load_state("networkidle")

    # The body, block by block.
    insert_block(mentor, "Heading", first=True)
    # Found by its accessible name, which admin-field-names.js gives it.
    mentor.get_by_role("textbox", name="Heading", exact=True).fill("Mute, block, report")
    expect(mentor.locator("input[name^='body-0-value']")).to_have_value("Mute, block, report")
    insert_block(mentor, "Paragraph")
    paragraph = mentor.get_by_role("textbox", name="Paragraph", exact=True)
    paragraph.click()
    mentor.keyboard.type(PARAGRAPH)
    expect(paragraph).to_contain_text(PARAGRAPH)
    # Draftail copies its content into the form's hidden input a moment later.
    expect(mentor.locator("input[name='body-1-value']")).to_have_value(
        re.compile("Mute the player")
    )
    if with_video:
        add_captioned_video(mentor, index=2)

    # Wagtail autosaves the draft as the mentor types: the first save creates the
    # page and moves the editor to its edit address (history.replaceState), the
    # screen then audited. Waiting for it also means no save is left half-done.
    mentor.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
    mentor.wait_for_load_state("networkidle")
    # Audited from the top, as it opens: scrolled down, Wagtail's sticky header lies
    # over whichever field is passing under it. The admin scrolls <main>, not the window.
    mentor.evaluate("document.querySelector('main').scrollTo(0, 0)")
    journey.check(page=mentor, **EDITOR_SCOPE)

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


def moderation_state(guide, reviewer) -> str:
    """Where the guide's workflow stands, for a failure message."""
    state = WorkflowState.objects.for_instance(guide).order_by("-created_at").first()
    if state is None:
        return "the guide has no workflow"
    tasks = ", ".join(
        f"{task_state.task.name}: {task_state.status}"
        for task_state in state.task_states.order_by("started_at")
    )
    return f"workflow {state.status} ({tasks}); the reviewer's screen is {reviewer.url}"


def public_status(journey, reader, guide) -> int:
    school = Site.objects.get(is_default_site=True)
    response = reader.goto(guide.relative_url(school))
    journey.check(page=reader)
    if response.status == 404:
        # Chromium logs a page that is not found as a console error; here it is expected.
        forgive_console_errors(journey, rf"^{re.escape(reader.url)}: .*status of 404")
    return response.status


# An autosave made while a block is half-filled (a video without its captions yet)
# is refused with 400 and made again on the next change; Chromium logs each
# refusal as a console error. The guide's submission is checked on its own.
REFUSED_AUTOSAVE = (
    r"/admin/pages/(\d+/edit|add/content/guidepage/\d+)/: console error: .*status of 400"
)


def forgive_console_errors(journey, pattern: str) -> None:
    journey.watch.errors[:] = [e for e in journey.watch.errors if not re.search(pattern, e)]


def test_mentor_writes_a_guide_that_goes_live_only_after_review(journey, demo):
    hub = Page.objects.get(slug="pupils", depth=3, url_path__startswith="/demo-school/").specific
    reader = journey.new_page()
    mentor = staff_sign_in(journey, "mentor")

    guide = write_guide(
        journey, mentor, hub, title="Trolls in game chat", topic="Gaming", with_video=True
    )
    journey.snap("submitted", page=mentor)
    assert public_status(journey, reader, guide) == 404

    moderator = staff_sign_in(journey, "moderator")
    approve(journey, moderator, guide)
    guide.refresh_from_db()
    assert guide.live, moderation_state(guide, moderator)
    assert public_status(journey, reader, guide) == 200
    assert PSEUDONYM in reader.locator("main").inner_text()
    video = reader.locator("main video")
    expect(video.locator("track[kind='captions']")).to_have_count(1)
    assert video.locator("source").first.get_attribute("src").endswith(".mp4")
    expect(reader.locator("main")).to_contain_text(TRANSCRIPT)
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
    assert sensitive.live, moderation_state(sensitive, lead)
    assert public_status(journey, reader, sensitive) == 200
    forgive_console_errors(journey, REFUSED_AUTOSAVE)
