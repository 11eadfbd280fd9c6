"""Journey 4: the safeguarding lead signs in with the second factor, sees the
urgent case first, views its evidence in the viewer and downloads it, confirms the risk, records an action and
an escalation with a reference number, messages the reporter (who answers from
the follow-up page), closes the case with an outcome and exports the case file.

Three reports wait in the queue, sent through the same service the public form
uses; the urgent one is the NEWEST, so only ordering by risk puts it first.
"""

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from wagtail.models import Site

from reporting.choices import AuditAction
from reporting.models import AuditEntry
from reporting.services.submission import ReportAnswers, pending_uploads_add, report_submit

from .conftest import JOURNEY_MARKS
from .helpers import type_rich_text
from .people import ADMIN_SCOPE, Receipt, screenshot_png, staff_sign_in

pytestmark = JOURNEY_MARKS

EVIDENCE_ACTIONS = sorted([AuditAction.DOWNLOAD_EVIDENCE, AuditAction.VIEW_EVIDENCE])
PASSPHRASE = "otter lantern maple biscuit harbour"
ESCALATION_REFERENCE = "CAD-2024-55821"
MESSAGE = "Thank you for telling us. You are safe to talk to Mrs Carter in room 4 today."
ANSWER = "Thank you, I will go at lunch."


def send_report(school, *, what, danger=False, categories=("nasty_messages",), files=()):
    held, problems = pending_uploads_add(files=list(files), already_held=[])
    assert not problems, problems
    token = re.sub(r"\W", "", what)[:40]
    result = report_submit(
        school=school,
        answers=ReportAnswers(
            reporter_role="me",
            danger_now=danger,
            categories=list(categories),
            what_happened=what,
            platform="instagram",
        ),
        submission_token=token,
        passphrase=PASSPHRASE,
        pending_tokens=[item.token for item in held],
    )
    return result.case


def test_lead_triages_the_urgent_case_to_a_closed_case_file(journey, demo, tmp_path):
    school = Site.objects.get(is_default_site=True)
    older = [
        send_report(school, what="Someone left me out of the class chat.", categories=["left_out"]),
        send_report(school, what="A fake account posts my photos.", categories=["impersonation"]),
    ]
    screenshot = screenshot_png(tmp_path).read_bytes()
    urgent = send_report(
        school,
        what="He says he will hurt me after school today.",
        danger=True,
        categories=["threats"],
        files=[SimpleUploadedFile("threat.png", screenshot, content_type="image/png")],
    )
    assert urgent.risk == "urgent"

    lead = staff_sign_in(journey, "lead", second_factor=True)

    # The queue: urgent cases first (the demo school has others), then by age;
    # this urgent case, the newest report, comes before the two older ones.
    journey.goto(reverse("reporting_triage:queue"), page=lead, **ADMIN_SCOPE)
    journey.snap("queue", page=lead)
    rows = lead.locator("main table tbody tr").all_inner_texts()
    risks = [RISKS.index(risk_of(row)) for row in rows]
    assert risks == sorted(risks), f"queue not ordered by risk: {rows}"
    position = {case.reference: index_of(rows, case.reference) for case in (*older, urgent)}
    assert position[urgent.reference] < min(position[case.reference] for case in older)
    assert risk_of(rows[position[urgent.reference]]) == "Urgent"
    with lead.expect_navigation(wait_until="load"):
        lead.locator("main table tbody").get_by_role("link", name=urgent.reference).click()
    journey.check(page=lead, **ADMIN_SCOPE)
    assert urgent.reference in lead.locator("main").inner_text()
    # The lead asked for reduced motion (every journey does): the long case page
    # jumps to each form and back to the chronology rather than gliding there.
    assert lead.evaluate(CONTENT_SCROLL_BEHAVIOUR) == "auto"
    journey.snap("case", page=lead)

    # The evidence: the case page lists it; the viewer shows the picture itself.
    with lead.expect_navigation(wait_until="load"):
        lead.get_by_role("link", name="View evidence 1").click()
    journey.check(page=lead, **ADMIN_SCOPE)
    picture = lead.get_by_test_id("evidence-viewer").locator("img").first
    lead.wait_for_function(
        "(img) => img.complete && img.naturalWidth > 0", arg=picture.element_handle()
    )
    journey.snap("evidence-viewer", page=lead)
    with lead.expect_download() as download:
        lead.get_by_role("link", name="Download evidence 1").click()
    saved = download.value.path()
    with Image.open(saved) as image:
        image.load()
        assert image.format == "PNG"
        assert not getattr(image, "text", {}), "hidden text survived the evidence pipeline"
    # One audit entry for the opening (not one per picture or case page load), one for the download.
    evidence_audits = AuditEntry.objects.filter(case=urgent, action__in=EVIDENCE_ACTIONS)
    assert sorted(evidence_audits.values_list("action", flat=True)) == EVIDENCE_ACTIONS
    with lead.expect_navigation(wait_until="load"):
        lead.get_by_role("link", name=f"Back to case {urgent.reference}").click()

    # Confirm the risk, record an action and an escalation.
    submit_case_form(
        journey,
        lead,
        "#risk-form",
        {"risk": "urgent", "risk_reason": "Threat of violence today."},
        "Save risk",
    )
    assert "confirmed by a lead" in lead.get_by_test_id("case-risk").inner_text()
    submit_case_form(
        journey,
        lead,
        "#action-form",
        {
            "action_type": "support_offered",
            "action_details": "Met the pupil at break; safety plan agreed.",
        },
        "Record action",
    )
    submit_case_form(
        journey,
        lead,
        "#escalation-form",
        {
            "agency": "police_101",
            "agency_reference": ESCALATION_REFERENCE,
            "escalation_details": "Reported the threat to the police.",
        },
        "Record escalation",
    )
    chronology = lead.locator("#chronology").inner_text()
    assert ESCALATION_REFERENCE in chronology
    assert "Met the pupil at break" in chronology

    # A message to the reporter, who answers from the follow-up page.
    submit_case_form(
        journey, lead, "#message-form", {"message": MESSAGE}, "Send message to reporter"
    )
    pupil = journey.new_page()
    reporter_answers(journey, pupil, Receipt(reference=urgent.reference, words=PASSPHRASE))
    lead.reload()
    journey.check(page=lead, **ADMIN_SCOPE)
    assert ANSWER in lead.locator("[data-kind='message_from_reporter']").inner_text()

    # Close with an outcome.
    submit_case_form(
        journey,
        lead,
        "#status-form",
        {
            "to_status": "closed",
            "outcome": "referred",
            "status_reason": "Police are dealing with it.",
        },
        "Change status",
    )
    status = lead.get_by_test_id("case-status").inner_text()
    assert "Closed" in status and "Referred to another agency" in status
    journey.snap("case-closed", page=lead)
    urgent.refresh_from_db()
    assert urgent.status == "closed" and urgent.outcome == "referred"

    # Export the case file for the referral.
    with lead.expect_navigation(wait_until="load"):
        lead.get_by_role("link", name=re.compile("case file", re.I)).first.click()
    journey.check(page=lead)
    case_file = lead.locator("body").inner_text()
    assert urgent.reference in case_file and ESCALATION_REFERENCE in case_file
    journey.snap("case-file", page=lead)
    with lead.expect_download() as pdf:
        lead.get_by_role("link", name=re.compile("PDF", re.I)).first.click()
    with open(pdf.value.path(), "rb") as document:
        assert document.read(5) == b"%PDF-"


RISKS = ["Urgent", "High", "Medium", "Low"]

# Wagtail's admin scrolls its content area, smoothly unless our triage styles say otherwise.
CONTENT_SCROLL_BEHAVIOUR = (
    "() => getComputedStyle(document.querySelector('.content-wrapper')).scrollBehavior"
)


def risk_of(row: str) -> str:
    return next(risk for risk in RISKS if risk in row)


def index_of(rows: list[str], reference: str) -> int:
    return next(index for index, row in enumerate(rows) if reference in row)


def submit_case_form(journey, page, form: str, values: dict, button: str) -> None:
    """Fill one of the case page's forms (selects, text, text areas) and send it."""
    scope = page.locator(form)
    for name, value in values.items():
        field = scope.locator(f"[name='{name}']")
        tag = field.evaluate("(el) => el.tagName.toLowerCase()")
        if tag == "select":
            field.select_option(value)
        elif field.get_attribute("data-draftail-input") is not None:
            type_rich_text(scope, name, value)
        else:
            field.fill(value)
    with page.expect_navigation(wait_until="load"):
        scope.get_by_role("button", name=button).click()
    journey.check(page=page, **ADMIN_SCOPE)
    errors = page.locator(f"{form} .error-message, {form} .help-critical")
    assert errors.count() == 0, f"{form} refused: {errors.all_inner_texts()}"


def reporter_answers(journey, page, receipt: Receipt) -> None:
    journey.goto("/report/follow-up/", page=page)
    page.get_by_label("Your report number").fill(receipt.reference)
    page.get_by_label("Your secret words").fill(receipt.words)
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="Open my report").click()
    journey.check(page=page)
    assert MESSAGE in page.locator(".conversation").inner_text()
    page.locator("textarea[name='message']").fill(ANSWER)
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="Send to the school").click()
    journey.check(page=page)
    assert page.locator("#reply-sent").is_visible()
