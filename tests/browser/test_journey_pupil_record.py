"""Journey: the safeguarding lead imports the school's pupils from an MIS export (one bad
row is shown and left out), links a report to the pupil it is about, finds the pupil by
name, opens their child-protection file, and transfers it to the other demo school,
whose safeguarding lead imports it and so confirms receipt."""

from django.urls import reverse
from wagtail.models import Site

from reporting.models import Case, Pupil
from tests.builders import make_lead
from tests.security.helpers import DEMO_KEY_HEX
from upstander.staff_auth import otp_demo_device

from .conftest import JOURNEY_MARKS
from .people import ADMIN_SCOPE, staff_sign_in
from .test_journey_lead import send_report

pytestmark = JOURNEY_MARKS

MIS_EXPORT = (
    "Legal Surname,Legal Forename,Year,DOB,UPN\n"
    "Patel,Sam,Year 8,14/03/2013,A123456789012\n"
    "Okafor,Ada,Year 8,02/09/2013,A123456789013\n"
    "Jones,Ben,Year 15,01/01/2013,\n"
)


def click_and_wait(page, locator):
    with page.expect_navigation(wait_until="load"):
        locator.click()


def test_lead_links_a_case_to_an_imported_pupil_and_transfers_the_file(journey, demo, tmp_path):
    northfield = Site.objects.get(is_default_site=True)
    brook_lane = Site.objects.exclude(pk=northfield.pk).get(site_name="Brook Lane Primary")
    receiving_lead = make_lead(username="brooklead", school=brook_lane)
    otp_demo_device(receiving_lead, DEMO_KEY_HEX)
    case = send_report(northfield, what="Sam is being called names in the year group chat.")
    export = tmp_path / "sims-export.csv"
    export.write_text(MIS_EXPORT, encoding="utf-8")

    lead = staff_sign_in(journey, "lead", second_factor=True)

    # Import: the preview shows the bad row and saves nothing yet.
    journey.goto(reverse("reporting_pupils:import"), page=lead, **ADMIN_SCOPE)
    lead.select_option("#id_school", str(northfield.pk))
    lead.set_input_files("#id_file", str(export))
    click_and_wait(lead, lead.get_by_role("button", name="Preview the import"))
    journey.check(page=lead, **ADMIN_SCOPE)
    bad = lead.locator("[data-testid=import-bad-row]")
    assert bad.count() == 1 and "not a year group we know" in bad.inner_text()
    assert Pupil.objects.count() == 0
    click_and_wait(lead, lead.get_by_role("button", name="Import 2 pupils"))
    journey.check(page=lead, **ADMIN_SCOPE)
    assert "2 pupils added and 0 updated" in lead.content()
    assert Pupil.objects.filter(school=northfield).count() == 2

    # Link the case to Sam from the case page.
    journey.goto(reverse("reporting_triage:case_detail", args=[case.pk]), page=lead, **ADMIN_SCOPE)
    click_and_wait(lead, lead.get_by_role("link", name="Link to a pupil", exact=True))
    journey.check(page=lead, **ADMIN_SCOPE)
    lead.fill("#pupil-search", "patel")
    click_and_wait(lead, lead.get_by_role("button", name="Search"))
    journey.check(page=lead, **ADMIN_SCOPE)
    click_and_wait(lead, lead.get_by_role("button", name="Link Sam Patel"))
    journey.check(page=lead, **ADMIN_SCOPE)
    assert "Sam Patel" in lead.locator("[data-testid=case-pupil]").inner_text()

    # Find Sam by name and open the file: the case is in the chronology.
    journey.goto(reverse("reporting_pupils:list"), page=lead, **ADMIN_SCOPE)
    lead.fill("#pupil-search", "  SAM patel ")
    click_and_wait(lead, lead.get_by_role("button", name="Search"))
    journey.check(page=lead, **ADMIN_SCOPE)
    click_and_wait(lead, lead.get_by_role("link", name="Sam Patel"))
    journey.check(page=lead, **ADMIN_SCOPE)
    journey.snap("pupil-file", page=lead)
    assert case.reference in lead.locator("[data-testid=pupil-case]").inner_text()
    assert "Linked to a pupil" in lead.locator("#chronology").inner_text()

    # Transfer the file to Brook Lane.
    lead.select_option("#id_destination", str(brook_lane.pk))
    click_and_wait(lead, lead.get_by_role("button", name="Send the file"))
    journey.check(page=lead, **ADMIN_SCOPE)
    assert "Not yet confirmed" in lead.locator("[data-testid=transfer-row]").inner_text()

    # Brook Lane's lead imports it, which confirms receipt.
    receiver = staff_sign_in(journey, "brooklead", second_factor=True)
    journey.goto(reverse("reporting_pupils:list"), page=receiver, **ADMIN_SCOPE)
    click_and_wait(receiver, receiver.get_by_role("button", name="Import and confirm receipt"))
    journey.check(page=receiver, **ADMIN_SCOPE)
    assert receiver.locator("[data-testid=pupil-name]").inner_text() == "Sam Patel"
    assert "names in the year group chat" not in receiver.locator("#record").inner_text()
    assert Case.objects.filter(school=brook_lane, source="transfer_in").count() == 1

    lead.reload(wait_until="load")
    journey.check(page=lead, **ADMIN_SCOPE)
    assert "Confirmed" in lead.locator("[data-testid=transfer-row]").inner_text()
    assert "receipt confirmed" in lead.locator("#chronology").inner_text()
