"""What the people in the journeys do, in the browser: a pupil or parent filling
in the report form (by keyboard alone, or by pointer), staff signing in to the
admin (with the second factor for a safeguarding lead), and the small files
they attach. Each step audits the page it lands on (Journey.check)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PIL import Image, PngImagePlugin
from playwright.sync_api import Page

from tests.builders import TEST_PASSWORD
from tests.security.helpers import DEMO_KEY_HEX, totp_code

from .helpers import active_element, focus_is, tab_to


def screenshot_png(folder: Path, name: str = "screenshot.png") -> Path:
    """A phone screenshot of a nasty message, carrying hidden text the pipeline
    must strip (a PNG text chunk naming its author and the app that made it)."""
    image = Image.new("RGB", (360, 640), (245, 245, 245))
    for row in range(120, 200):
        for column in range(20, 300):
            image.putpixel((column, row), (30, 120, 200))
    notes = PngImagePlugin.PngInfo()
    notes.add_text("Author", "Jamie Pupil")
    notes.add_text("Software", "Phone Screenshot 2.1")
    path = folder / name
    image.save(path, format="PNG", pnginfo=notes)
    return path


@dataclass
class Receipt:
    reference: str
    words: str


# --- keyboard alone -----------------------------------------------------------------


def press_enter_and_wait(page: Page) -> None:
    """Activate the focused link or button with Enter and wait for the next page."""
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press("Enter")


def follow_link_by_keyboard(page: Page, selector: str) -> None:
    tab_to(page, selector)
    press_enter_and_wait(page)


def choose_radio_by_keyboard(page: Page, name: str, value: str) -> None:
    """Tab into a radio group and move with the arrow keys to `value`, as a
    keyboard user does (Tab enters a group once; arrows move and select)."""
    tab_to(page, f"input[type=radio][name='{name}']")
    count = page.locator(f"input[type=radio][name='{name}']").count()
    for _ in range(count + 1):
        if focus_is(page, f"input[value='{value}']"):
            page.keyboard.press("Space")
            break
        page.keyboard.press("ArrowDown")
    assert page.locator(f"input[name='{name}'][value='{value}']").is_checked(), (
        f"could not choose {value!r} for {name!r} by keyboard"
    )


def tick_by_keyboard(page: Page, name: str, value: str) -> None:
    tab_to(page, f"input[name='{name}'][value='{value}']")
    page.keyboard.press("Space")
    assert page.locator(f"input[name='{name}'][value='{value}']").is_checked()


def type_by_keyboard(page: Page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.type(text)


def attach_by_keyboard(page: Page, selector: str, path: Path) -> None:
    """Focus the file input with Tab and open the file picker with Space."""
    tab_to(page, selector)
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(str(path))


def next_step_by_keyboard(page: Page, nav: str = "next") -> None:
    follow_link_by_keyboard(page, f"button[name='nav'][value='{nav}']")


def step_heading(page: Page) -> str:
    return page.locator("main h1").inner_text().strip()


def read_receipt(page: Page) -> Receipt:
    reference = page.locator("#receipt-reference").inner_text().strip()
    words = page.locator("#receipt-words").inner_text().strip()
    assert reference and words, "the receipt shows no reference or secret words"
    return Receipt(reference=reference, words=words)


def open_follow_up_by_keyboard(journey, receipt: Receipt, *, page: Page | None = None) -> None:
    page = page or journey.page
    type_by_keyboard(page, "#id_reference", receipt.reference)
    type_by_keyboard(page, "#id_passphrase", receipt.words)
    next_step_by_keyboard(page, "open")
    journey.check(page=page)
    assert page.locator("#followup-status").is_visible(), "the follow-up page did not open"


# --- staff ----------------------------------------------------------------------------

# Wagtail's own admin chrome (sidebar, header) is Wagtail's markup; the journeys
# hold our admin screens to the same zero-violation rule through axe on <main>.
# Wagtail's flash messages (".messages") are Wagtail's too: its green "success"
# banner has white text at 3.9:1, below AA, and is styled by Wagtail's own CSS.
ADMIN_SCOPE = {"include": "main", "exclude": (".messages",)}


def staff_sign_in(journey, username: str, *, second_factor: bool = False) -> Page:
    """A member of staff signs in to /admin/ in their own browser context.

    A safeguarding lead types the code their authenticator app shows, computed
    here from the demo device's key (RFC 6238's test key).

    Staff always have JavaScript on, even in a journey whose pupil or parent has it
    off: they are other people on other machines, and Wagtail's admin needs it
    (without it the sidebar never leaves its loading state and, at 320 px, lies over
    the page, so the lead could not press "Send message to reporter").
    """
    page = journey.new_page(javascript=True)
    journey.goto("/admin/login/", page=page, **ADMIN_SCOPE)
    page.fill("#id_username", username)
    page.fill("#id_password", TEST_PASSWORD)
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="Sign in").click()
    if second_factor:
        assert "/admin/security/verify/" in page.url, f"no second factor asked: {page.url}"
        journey.check(page=page, **ADMIN_SCOPE)
        page.fill("#id_token", totp_code(DEMO_KEY_HEX))
        with page.expect_navigation(wait_until="load"):
            page.get_by_role("button", name="Continue").click()
    assert "/admin/login/" not in page.url and "/security/" not in page.url, page.url
    journey.check(page=page, **ADMIN_SCOPE)
    return page


def describe_focus(page: Page) -> str:
    focused = active_element(page)
    return f"{focused.get('tag')} {focused.get('text') or focused.get('name') or ''}".strip()
