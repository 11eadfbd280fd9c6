"""Pupil voice and mentor recognition in a real browser, for a moderator of the demo school.

The survey results page (charts drawn on our server, each with its numbers in a table,
small groups hidden) has zero axe-core violations and makes no request to another host;
the certificate a moderator makes for the demo mentor is a PDF that renders and carries
the name typed into the form.

Screenshots for the README: UPSTANDER_SCREENSHOTS=<folder> makes this test save the
results page and the certificate's first page (rendered with pypdfium2) as PNGs.
"""

from io import StringIO

import pypdfium2
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from pytest_django.live_server_helper import LiveServer

from content.management.commands.seed_voice_demo import SURVEY_SLUG
from content.models import MentorProfile, SurveyPage
from content.voice.services import survey_results
from tests.browser.helpers import (
    VIEWPORTS,
    NetworkGuard,
    assert_accessible,
    screenshot_dir,
    screenshot_name,
)
from tests.browser.people import ADMIN_SCOPE
from tests.builders import TEST_PASSWORD

from .pdftext import pdf_text

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Made up for the picture; the site must not keep it (tests/voice/test_recognition.py).
REAL_NAME = "Sam Okafor-Reid"
# The certificate is A4: 150 dots per inch is sharp enough to read in the README.
CERTIFICATE_DPI = 150


@pytest.fixture(scope="module")
def server():
    # 127.0.0.1 is the demo's main school (Northfield Academy); "localhost" is the other one.
    live = LiveServer("127.0.0.1:0")
    yield live
    live.stop()


@pytest.fixture
def demo_moderator(server):
    """The demo school from `seed_demo` (with its survey, answers and Sky's badges), and the
    demo moderator with the tests' password. Moderators sign in without a second factor."""
    call_command("seed_demo", stdout=StringIO(), stderr=StringIO())
    moderator = get_user_model().objects.get(username="moderator")
    moderator.set_password(TEST_PASSWORD)
    moderator.save(update_fields=["password"])
    return moderator


@pytest.fixture
def staff_page(chromium, server, demo_moderator):
    """A desktop browser signed in as the moderator, that may only talk to the live server."""
    guard = NetworkGuard(allowed_origin=server.url)
    context = chromium.new_context(
        base_url=server.url, locale="en-GB", timezone_id="Europe/London", **VIEWPORTS["desktop"]
    )
    context.set_default_timeout(15_000)
    guard.install(context)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto("/admin/login/")
    page.fill("#id_username", demo_moderator.username)
    page.fill("#id_password", TEST_PASSWORD)
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="Sign in").click()
    assert "/admin/login/" not in page.url, f"the moderator could not sign in: {page.url}"
    yield page
    context.close()
    assert not guard.foreign, f"requests left for another host: {sorted(set(guard.foreign))}"
    assert not errors, f"script errors: {errors}"


def save_screenshot(page, step: str, *, down_to: str) -> None:
    """The page from its top down to the end of `down_to` (the README shows the first
    chart and its table, not every question)."""
    folder = screenshot_dir()
    if folder is None:
        return
    folder.mkdir(parents=True, exist_ok=True)
    # Wagtail's admin scrolls inside its own layout, so a screenshot would stop at the
    # window's edge: make the window as tall as the content first.
    height = page.evaluate(
        "Math.max(...[...document.querySelectorAll('body *')].map((el) => el.scrollHeight))"
    )
    width = VIEWPORTS["desktop"]["viewport"]["width"]
    page.set_viewport_size({"width": width, "height": height})
    box = page.locator(down_to).first.bounding_box()
    page.screenshot(
        path=str(folder / screenshot_name("voice", step, "desktop")),
        clip={"x": 0, "y": 0, "width": width, "height": box["y"] + box["height"] + 24},
        animations="disabled",
        caret="hide",
    )


def test_survey_results_show_local_charts_with_their_numbers_and_no_violations(staff_page):
    survey = SurveyPage.objects.get(slug=SURVEY_SLUG)
    expected = survey_results(page=survey)
    assert expected.shown and any(group.hidden for group in expected.groups)

    response = staff_page.goto(f"/admin/voice/surveys/{survey.pk}/")
    assert response.status == 200
    # Drawn on our server: the charts are in the HTML itself, not made by a script or a
    # charting service (NetworkGuard fails the test on any request to another host).
    assert '<svg class="voice-chart"' in response.text()
    assert_accessible(staff_page, **ADMIN_SCOPE)

    charted = [result for result in expected.questions if not result.question.is_text]
    sections = staff_page.locator("section.voice-question:has(svg.voice-chart)")
    assert sections.count() == len(charted) > 0
    for index, result in enumerate(charted):
        section = sections.nth(index)
        bars = section.locator("svg.voice-chart rect")
        assert bars.count() == sum(1 for row in result.rows if row.count)
        table_rows = section.locator("table.voice-table tbody tr")
        shown = [
            (
                table_rows.nth(i).locator("th").inner_text().strip(),
                table_rows.nth(i).locator("td").nth(0).inner_text().strip(),
                table_rows.nth(i).locator("td").nth(1).inner_text().strip(),
            )
            for i in range(table_rows.count())
        ]
        assert shown == [(row.label, str(row.count), f"{row.percent}%") for row in result.rows]
        chart_labels = section.locator("svg.voice-chart text").all_text_contents()
        for row in result.rows:
            assert f"{row.percent}% ({row.count})" in chart_labels

    # The small year group is hidden in the browser too, not only in the numbers.
    groups = staff_page.locator("table.voice-groups tbody")
    for group in expected.groups:
        cell = groups.locator(f"tr:has(th:text-is('{group.label}')) td")
        assert cell.inner_text().strip() == ("Hidden" if group.hidden else str(group.count))
    save_screenshot(staff_page, "survey-results", down_to="section.voice-question")


def test_certificate_made_in_the_browser_is_a_pdf_that_renders_with_the_typed_name(
    staff_page, tmp_path
):
    sky = MentorProfile.objects.get(display_name="Sky")
    staff_page.goto("/admin/voice/mentors/")
    assert_accessible(staff_page, **ADMIN_SCOPE)
    with staff_page.expect_navigation(wait_until="load"):
        staff_page.locator("tr", has_text="Sky").get_by_role(
            "link", name="Make a certificate"
        ).click()
    assert staff_page.url.endswith(f"/admin/voice/mentors/{sky.pk}/certificate/")
    assert_accessible(staff_page, **ADMIN_SCOPE)

    staff_page.get_by_label("The mentor's full name").fill(REAL_NAME)
    staff_page.get_by_label("Signed by").fill("Ms J. Hughes")
    with staff_page.expect_download() as download_info:
        staff_page.get_by_role("button", name="Make the certificate (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == "mentor-certificate.pdf"
    pdf_path = tmp_path / "certificate.pdf"
    download.save_as(pdf_path)
    data = pdf_path.read_bytes()
    assert data.startswith(b"%PDF-")
    text = pdf_text(data)
    assert REAL_NAME in text and "Ms J. Hughes" in text

    document = pypdfium2.PdfDocument(data)
    try:
        image = document[0].render(scale=CERTIFICATE_DPI / 72).to_pil()
    finally:
        document.close()
    # An A4 page (portrait or landscape), with something printed on it.
    assert sorted(image.size) == pytest.approx([1240, 1754], abs=2)
    darkest, _ = image.convert("L").getextrema()
    assert darkest < 100, "the rendered certificate is blank"
    folder = screenshot_dir()
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
        image.save(folder / screenshot_name("voice", "certificate", "pdf"))
