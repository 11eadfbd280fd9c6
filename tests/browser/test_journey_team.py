"""Journey: an admin sets up a third school from the admin alone (Settings → Schools →
Add a school), which appoints its DSL; then appoints a deputy on the school's
"Safeguarding team" screen. A report arrives at the new school, and the deputy, signing
in with the second factor, opens that school's queue and finds it there."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import Site

from reporting.choices import TeamRole
from reporting.models import SafeguardingLead
from reporting.services.submission import ReportAnswers, report_submit
from tests.builders import TEST_PASSWORD, make_user
from tests.security.helpers import DEMO_KEY_HEX
from upstander.staff_auth import otp_demo_device

from .conftest import JOURNEY_MARKS
from .people import ADMIN_SCOPE, staff_sign_in

pytestmark = JOURNEY_MARKS
SCHOOL = "Oakfield High School"


def test_an_admin_sets_up_a_school_and_its_deputy_opens_its_queue(journey, live_site):
    admin = get_user_model().objects.create_superuser(
        username="admin", email="admin@trust.example", password="unused"
    )
    admin.set_password(TEST_PASSWORD)
    admin.save()
    dsl = make_user(
        username="jpatel", email="jpatel@oakfield.example", first_name="Jo", last_name="Patel"
    )
    deputy = make_user(
        username="sking", email="sking@oakfield.example", first_name="Sam", last_name="King"
    )
    for user in (admin, deputy):
        otp_demo_device(user, DEMO_KEY_HEX)

    page = staff_sign_in(journey, "admin", second_factor=True)
    journey.goto(reverse("reporting_triage:team_schools"), page=page, **ADMIN_SCOPE)
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("link", name="Add a school").click()
    journey.check(page=page, **ADMIN_SCOPE)
    page.get_by_label("School name").fill(SCHOOL)
    page.get_by_label("Site address").fill("oakfield.example")
    page.get_by_label("Theme").select_option("secondary")
    page.get_by_label("Designated safeguarding lead").select_option(str(dsl.pk))
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="Add the school").click()
    journey.check(page=page, **ADMIN_SCOPE)
    assert f"{SCHOOL} is set up" in page.content()
    members = page.get_by_test_id("team-members")
    assert "Designated safeguarding lead" in members.inner_text()
    assert "jpatel" in members.inner_text()

    page.get_by_label("Person").select_option(str(deputy.pk))
    page.get_by_label("Role").select_option(TeamRole.DEPUTY.value)
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="Appoint").click()
    journey.check(page=page, **ADMIN_SCOPE)
    assert "Deputy designated safeguarding lead" in members.inner_text()
    school = Site.objects.get(hostname="oakfield.example")
    assert SafeguardingLead.objects.get(user=deputy, school=school).role == TeamRole.DEPUTY

    case = report_submit(
        school=school,
        answers=ReportAnswers(
            reporter_role="me",
            danger_now=False,
            categories=["nasty_messages"],
            what_happened="Someone in my class keeps posting about me.",
            platform="tiktok",
        ),
        submission_token="oakfield-first-report",
        passphrase="otter lantern maple biscuit harbour",
        pending_tokens=[],
    ).case

    deputy_page = staff_sign_in(journey, "sking", second_factor=True)
    journey.goto(reverse("reporting_triage:queue"), page=deputy_page, **ADMIN_SCOPE)
    rows = deputy_page.locator("main table tbody").inner_text()
    assert case.reference in rows and SCHOOL in rows
    with deputy_page.expect_navigation(wait_until="load"):
        deputy_page.locator("main table tbody").get_by_role("link", name=case.reference).click()
    journey.check(page=deputy_page, **ADMIN_SCOPE)
    assert "Someone in my class keeps posting about me." in deputy_page.content()
