"""The reading options never hide help or break the page (WCAG 2.2 1.4.10, 1.4.12, 2.4.11).

On the pages a pupil needs most, in every reading mode (bigger text, dyslexia font, high
contrast, all together, and WCAG's text-spacing override), with JavaScript on and off:
nothing is wider than a 320 px screen, and Tab and Shift+Tab never leave the focused
element under the sticky help bar; an error summary's link shows its question below the bar.
"""

import pytest
from playwright.sync_api import Page

from .conftest import JOURNEY_MARKS
from .helpers import assert_reflows

pytestmark = JOURNEY_MARKS

# What preferences.js (or the reading options' checkboxes, through :has()) sets on <html>.
MODES = {
    "default": {},
    "bigger text": {"data-text-size": "large"},
    "dyslexia font": {"data-font": "dyslexic"},
    "high contrast": {"data-contrast": "high"},
    "all together": {"data-text-size": "large", "data-font": "dyslexic", "data-contrast": "high"},
}

# WCAG 1.4.12's own test values: https://www.w3.org/WAI/WCAG22/Understanding/text-spacing
TEXT_SPACING = """
* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }
"""


def key_pages():
    from content.models import GuidePage

    guide = GuidePage.objects.live().public().filter(url_path__startswith="/home/").first()
    pages = ["/", "/pupils/", "/report/", "/report/follow-up/", "/get-help/", "/cover-your-tracks/"]
    if guide is not None:
        pages.append(guide.relative_url(None))
    return pages


def set_mode(page: Page, attributes: dict, *, text_spacing: bool = False) -> None:
    """Switch a reading mode on in the page shown, as the options do, and wait for its font.
    A constructed stylesheet (CSSOM) is how a reader's extension adds text spacing, and
    the page's Content-Security-Policy allows it, as it must."""
    page.evaluate(
        """([attributes, spacing]) => {
             const root = document.documentElement;
             for (const name of ['data-text-size', 'data-font', 'data-contrast']) root.removeAttribute(name);
             for (const [name, value] of Object.entries(attributes)) root.setAttribute(name, value);
             if (spacing) {
               const sheet = new CSSStyleSheet();
               sheet.replaceSync(spacing);
               document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
             }
             return document.fonts.ready.then(() => true);
           }""",
        [attributes, TEXT_SPACING if text_spacing else ""],
    )
    # Let a ResizeObserver (help-bar.js) run after the new layout.
    page.evaluate(
        "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"
    )


OBSCURED = """() => {
  const el = document.activeElement, bar = document.querySelector('.help-bar');
  if (!el || el === document.body || !bar || bar.contains(el)) return null;
  if (getComputedStyle(bar).position !== 'sticky') return null;
  const b = bar.getBoundingClientRect(), r = el.getBoundingClientRect();
  if (r.width === 0 && r.height === 0) return null;
  if (r.top >= b.bottom - 1 || r.bottom <= b.top) return null;
  return `${el.tagName.toLowerCase()} "${(el.innerText || el.value || el.id || '').trim().slice(0, 40)}"`
       + ` top ${Math.round(r.top)}px is under the help bar (bottom ${Math.round(b.bottom)}px)`;
}"""


def focus_problems(page: Page, *, limit: int = 40) -> list[str]:
    """Tab forwards through the page, then Shift+Tab back, noting every element the
    sticky bar covers (even partly) while it has focus."""
    problems, steps = [], 0
    for key in ("Tab", "Shift+Tab"):
        for _ in range(limit if key == "Tab" else steps):
            page.keyboard.press(key)
            if key == "Tab":
                steps += 1
            problem = page.evaluate(OBSCURED)
            if problem:
                problems.append(f"{key}: {problem}")
            if key == "Tab" and page.evaluate(
                "() => document.activeElement === document.body"
                " || !!document.activeElement.closest('.site-footer__small')"
            ):
                break
    return problems


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
@pytest.mark.parametrize("javascript", [True], indirect=True)
def test_key_pages_fit_a_320px_screen_in_every_reading_mode(journey, demo):
    page = journey.page
    problems = []
    for path in key_pages():
        journey.goto(path)
        for mode, attributes in MODES.items():
            for spacing in (False, True):
                set_mode(page, attributes, text_spacing=spacing)
                try:
                    assert_reflows(page)
                except AssertionError as finding:
                    problems.append(f"{mode}{' + text spacing' if spacing else ''}: {finding}")
        # Colours change only in high contrast: axe checks them there too.
        set_mode(page, MODES["all together"])
        journey.check()
    assert problems == []


@pytest.mark.parametrize("javascript", [True], indirect=True)
@pytest.mark.parametrize("mode", ["default", "all together"])
def test_tab_and_shift_tab_never_leave_focus_under_the_help_bar(journey, demo, mode):
    page = journey.page
    problems = []
    # The pages with the longest tab order: the home page, a guide, the report form.
    for path in [key_pages()[0], key_pages()[-1], "/report/"]:
        journey.goto(path)
        set_mode(page, MODES[mode])
        problems += [f"{path}: {problem}" for problem in focus_problems(page)]
    assert problems == []


@pytest.mark.parametrize("javascript", [True], indirect=True)
@pytest.mark.parametrize("mode", ["default", "all together"])
def test_an_error_summary_link_shows_its_question_below_the_help_bar(journey, demo, mode):
    page = journey.page
    journey.goto("/report/")
    set_mode(page, MODES[mode])
    with page.expect_navigation(wait_until="load"):
        page.locator("button[name=nav][value=next]").click()
    # A step with errors answers 400 on purpose; Chromium logs that as a console error.
    journey.watch.errors[:] = [e for e in journey.watch.errors if "status of 400" not in e]
    # Audited from the top: focusing the summary scrolls the header under the sticky bar,
    # which axe's target-size rule would count as a covered target.
    page.evaluate("() => window.scrollTo(0, 0)")
    journey.check()
    set_mode(page, MODES[mode])
    link = page.locator(".error-summary a").first
    target_id = link.get_attribute("href").removeprefix("#")
    # Scroll to the bottom first, so following the link must bring the question back up.
    page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
    link.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == target_id
    placement = page.evaluate(
        """(id) => {
             const input = document.getElementById(id);
             const label = input.closest('.question').querySelector('.question__label');
             const bar = document.querySelector('.help-bar').getBoundingClientRect();
             return {bar: bar.bottom, input: input.getBoundingClientRect().top,
                     label: label.getBoundingClientRect().top, tag: input.tagName.toLowerCase()};
           }""",
        target_id,
    )
    assert placement["tag"] in ("input", "textarea", "select")
    assert placement["input"] >= placement["bar"] - 1, placement
    assert placement["label"] >= placement["bar"] - 1, placement
