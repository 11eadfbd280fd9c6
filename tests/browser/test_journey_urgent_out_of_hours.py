"""A pupil reports someone in danger when school is shut: the receipt says first that nobody
at school may read it tonight and offers tap-to-call 999 and Childline; the lead then
opens the case (still unacknowledged, reminders go on) and presses the button to take it on.
Run at 320 px and on a desktop, the pupil with JavaScript on and off."""

import pytest
from django.urls import reverse
from wagtail.models import Site

from reporting.models import Case, ReportingSettings

from .conftest import JOURNEY_MARKS
from .people import (
    ADMIN_SCOPE,
    choose_radio_by_keyboard,
    follow_link_by_keyboard,
    next_step_by_keyboard,
    read_receipt,
    staff_sign_in,
    tick_by_keyboard,
    type_by_keyboard,
)

pytestmark = JOURNEY_MARKS


@pytest.mark.parametrize("javascript", [True, False], indirect=True, ids=["js", "nojs"])
def test_danger_out_of_hours_puts_help_first_and_the_lead_acknowledges_explicitly(journey, demo):
    school = Site.objects.get(is_default_site=True)
    settings = ReportingSettings.for_site(school)
    settings.school_days = ""  # closed whenever the journey runs
    settings.urgent_contact = "the duty lead on 07700 900123"
    settings.save()
    page = journey.page

    journey.goto("/report/")
    choose_radio_by_keyboard(page, "danger_now", "yes")
    choose_radio_by_keyboard(page, "reporter_role", "someone_else")
    next_step_by_keyboard(page)
    journey.check()
    tick_by_keyboard(page, "categories", "threats")
    choose_radio_by_keyboard(page, "platform", "snapchat")
    next_step_by_keyboard(page)
    journey.check()
    type_by_keyboard(page, "#id_what_happened", "Someone says they will hurt my friend tonight")
    next_step_by_keyboard(page)
    journey.check()
    next_step_by_keyboard(page)
    journey.check()
    choose_radio_by_keyboard(page, "say_who", "no")
    next_step_by_keyboard(page, "send")
    journey.check()

    # The first heading of the page says plainly that nobody may read it tonight.
    first_heading = page.locator("main h1").first
    assert "nobody at school may read it tonight" in first_heading.inner_text()
    panel = page.get_by_test_id("act-now-first")
    assert panel.locator("a[href='tel:999']").is_visible()
    assert panel.locator("a[href='tel:08001111']").is_visible()
    assert "07700 900123" in panel.inner_text()
    # Tap-to-call links are big enough to hit on a phone (WCAG 2.5.8).
    box = panel.locator("a[href='tel:999']").bounding_box()
    assert box["height"] >= 24
    journey.snap("urgent-receipt")
    case = Case.objects.get(reference=read_receipt(page).reference)

    lead = staff_sign_in(journey, "lead", second_factor=True)
    journey.goto(reverse("reporting_triage:case_detail", args=[case.pk]), page=lead, **ADMIN_SCOPE)
    case.refresh_from_db()
    assert case.acknowledged_at is None, "opening the case acknowledged it"
    follow_link_by_keyboard(lead, "[data-testid='acknowledge-form'] button[type='submit']")
    journey.check(page=lead, **ADMIN_SCOPE)
    case.refresh_from_db()
    assert case.acknowledged_at is not None
    assert "Not yet" not in lead.locator("main").inner_text().split("Acknowledged", 1)[1][:40]
