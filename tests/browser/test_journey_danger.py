"""A pupil types five dangerous phrases of different kinds into search and into the
report, and sees the help for that kind first; the lead's queue shows each report
urgent, with the kind and the words as the reason. On a 320 px phone, by keyboard."""

import pytest
from django.urls import reverse

from reporting.models import Case

from .conftest import JOURNEY_MARKS
from .people import (
    ADMIN_SCOPE,
    choose_radio_by_keyboard,
    next_step_by_keyboard,
    read_receipt,
    staff_sign_in,
    tick_by_keyboard,
    type_by_keyboard,
)

pytestmark = JOURNEY_MARKS

# (what the pupil types, the kind, words of the help that must come first, the reason's label)
PHRASES = [
    ("i dont want to be alive anymore", "suicide_self_harm", "0800 068 4141", "Suicide"),
    ("ppl keep telling me to kys", "told_to_die", "Nobody should ever tell you", "Told to"),
    ("he said hes gonna stab me after school", "violence", "call 999 now", "Threat of violence"),
    (
        "my stepdad hits me and im scared to go home",
        "home",
        "Nobody is allowed to hurt you",
        "home",
    ),
    ("a man online keeps asking me for pics", "grooming", "CEOP", "Grooming"),
]


def _first_help(page) -> tuple[str, str]:
    first = page.locator("main [data-danger-kind]").first
    return first.get_attribute("data-danger-kind"), first.inner_text()


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_pupil_sees_the_right_help_first_and_the_lead_sees_urgent_with_reasons(journey, demo):
    page = journey.page
    references = {}
    for text, kind, help_words, _label in PHRASES:
        journey.goto("/search/")
        type_by_keyboard(page, "#search-q", text)
        with page.expect_navigation(wait_until="load"):
            page.keyboard.press("Enter")
        journey.check()
        shown, words = _first_help(page)
        assert shown == kind and help_words in words
        # Help comes before the results, at the top of the page.
        help_box = page.locator(f"[data-danger-kind='{kind}']").bounding_box()
        results = page.locator(".search-results").bounding_box()
        assert help_box["y"] < results["y"]

        journey.goto("/report/")
        choose_radio_by_keyboard(page, "danger_now", "no")
        choose_radio_by_keyboard(page, "reporter_role", "me")
        next_step_by_keyboard(page)
        tick_by_keyboard(page, "categories", "nasty_messages")
        choose_radio_by_keyboard(page, "platform", "snapchat")
        next_step_by_keyboard(page)
        type_by_keyboard(page, "#id_what_happened", text)
        next_step_by_keyboard(page)
        next_step_by_keyboard(page)
        # The last step, audited like every page a pupil sees.
        journey.check()
        choose_radio_by_keyboard(page, "say_who", "no")
        next_step_by_keyboard(page, "send")
        journey.check()
        shown, words = _first_help(page)
        assert shown == kind and help_words in words
        assert page.get_by_role("heading", name="Your report has been sent").is_visible()
        references[kind] = read_receipt(page).reference
    journey.snap("danger-receipt")

    for kind, reference in references.items():
        case = Case.objects.get(reference=reference)
        assert case.risk == "urgent" and kind in [s["kind"] for s in case.danger_signals]

    lead = staff_sign_in(journey, "lead", second_factor=True)
    journey.goto(reverse("reporting_triage:queue"), page=lead, **ADMIN_SCOPE)
    for _text, kind, _help, label in PHRASES:
        row = lead.locator("tr", has_text=references[kind])
        cells = row.inner_text()
        assert "Urgent" in cells and label in cells and "“" in cells
    journey.snap("danger-queue", page=lead)
