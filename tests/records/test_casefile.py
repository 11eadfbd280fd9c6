"""The case file for referral (print-ready page and PDF): content, anonymisation, scope, audit."""

import hashlib
import io
import re
import uuid

import pikepdf
import pytest
from django.urls import reverse

from reporting.choices import AuditAction, EventKind, PersonRole, Risk, Status
from reporting.models import AuditEntry, CaseEvent, PersonInvolved
from reporting.records import pdf as pdf_module
from reporting.records.casefile import case_file_build
from reporting.records.pdf import case_file_pdf, safe_text
from tests.builders import make_lead, make_user
from tests.security.helpers import verified_login

from .builders import add_evidence, make_case

pytestmark = pytest.mark.django_db

SCREENSHOT = b"\x89PNG pretend screenshot of the messages"


@pytest.fixture
def dsl(school):
    return make_lead(username="jhughes-dsl", school=school, first_name="Joan", last_name="Hughes")


@pytest.fixture
def deputy(school):
    return make_lead(username="pkhan-deputy", school=school, first_name="Priya", last_name="Khan")


@pytest.fixture
def full_case(school, dsl, deputy):
    """A case touched by two leads and a member of staff, with every kind of record."""
    teacher = make_user(username="tbrown-teacher", first_name="Tom", last_name="Brown")
    case = make_case(
        school=school,
        report_text="They posted my photo in the group chat. Ёлка, café, 🔪",
        assignee=dsl,
        status=Status.IN_PROGRESS,
        risk=Risk.HIGH,
    )
    CaseEvent.objects.create(case=case, kind=EventKind.REPORT)
    CaseEvent.objects.create(
        case=case,
        kind=EventKind.STATUS_CHANGE,
        actor=dsl,
        data={"from": "new", "to": "triaged", "reason": "Read and triaged"},
    )
    CaseEvent.objects.create(
        case=case,
        kind=EventKind.RISK_CHANGE,
        actor=deputy,
        body="Photo shared widely",
        data={"from": "medium", "to": "high"},
    )
    CaseEvent.objects.create(
        case=case,
        kind=EventKind.INTERNAL_NOTE,
        actor=teacher,
        body="Spoke to jhughes-dsl and Mrs Hughes agreed; Priya Khan to call home "
        "(pkhan-deputy@school.example copied).",
    )
    CaseEvent.objects.create(
        case=case,
        kind=EventKind.ESCALATION,
        actor=dsl,
        data={"agency": "ceop", "reference": "CEOP-2024-0042"},
    )
    CaseEvent.objects.create(
        case=case,
        kind=EventKind.MESSAGE_TO_REPORTER,
        actor=deputy,
        body="Thank you for telling us.",
        visible_to_reporter=True,
    )
    PersonInvolved.objects.create(
        case=case,
        role=PersonRole.TARGET,
        name="Alex Target",
        year_group=8,
        verified=True,
        verified_by=deputy,
    )
    PersonInvolved.objects.create(
        case=case, role=PersonRole.ALLEGED_PERPETRATOR, name="Named By Tip", year_group=8
    )
    evidence = add_evidence(case, SCREENSHOT)
    return case, evidence


def test_case_file_shows_chronology_people_evidence_hashes_and_history(client, full_case, dsl):
    case, evidence = full_case
    verified_login(client, dsl)
    response = client.get(reverse("reporting_records:case_file", args=[case.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert case.reference in html
    # Chronology, with the reporter's words and the agency reference.
    assert "They posted my photo in the group chat. Ёлка, café, 🔪" in html
    assert "Internal note" in html and "CEOP-2024-0042" in html
    assert "CEOP (National Crime Agency)" in html
    assert "(shared with the reporter)" in html
    # People with roles and whether verified.
    assert "Alex Target" in html and "Verified by Priya Khan" in html
    assert re.search(r"Named By Tip.*?Unverified", html, re.S)
    # Evidence with both digests.
    assert evidence.stored_sha256 in html
    assert hashlib.sha256(SCREENSHOT).hexdigest() in html
    # Status and risk history.
    assert re.search(r"Status</th>\s*<td>New</td><td>Triaged</td>", html)
    assert re.search(r"Risk</th>\s*<td>Medium</td><td>High</td>", html)
    assert "no-store" in response["Cache-Control"]
    assert "<script" not in html


def test_anonymised_case_file_has_no_staff_names_and_numbers_them_consistently(
    client, full_case, dsl, deputy
):
    case, _ = full_case
    verified_login(client, dsl)
    response = client.get(
        reverse("reporting_records:case_file", args=[case.pk]), {"anonymised": "1"}
    )
    html = response.content.decode()
    for identifier in (
        "jhughes-dsl",
        "pkhan-deputy",
        "tbrown-teacher",
        "Joan",
        "Hughes",
        "Priya",
        "Khan",
        "Tom Brown",
        "school.example",
    ):
        assert identifier not in html, identifier
    # Labels by first appearance in the chronology: dsl changed status first, then the deputy.
    assert "Status changed · Safeguarding lead 1" in html
    assert "Risk changed · Safeguarding lead 2" in html
    assert "Internal note · Staff 1" in html
    assert "Assigned to</th><td>Safeguarding lead 1" in html
    assert "Verified by Safeguarding lead 2" in html
    # Names inside a note are replaced with the same labels.
    assert (
        "Spoke to Safeguarding lead 1 and Safeguarding lead 1 agreed; Safeguarding lead 2" in html
    )
    # Pupils' names stay: the agency needs them.
    assert "Alex Target" in html


def test_case_file_pdf_is_a_real_pdf_with_the_reference(client, full_case, dsl):
    case, _ = full_case
    verified_login(client, dsl)
    response = client.get(reverse("reporting_records:case_file_pdf", args=[case.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    with pikepdf.open(io.BytesIO(response.content)) as document:
        assert len(document.pages) >= 1
        assert case.reference in str(document.docinfo["/Title"])
        fonts = {
            str(font.get("/BaseFont"))
            for page in document.pages
            for font in page.Resources.Font.values()
        }
    assert any("DejaVu" in name for name in fonts)
    assert f"case-{case.reference}.pdf" in response["Content-Disposition"]


def test_anonymised_pdf_has_no_staff_names_in_its_text(client, full_case, dsl):
    """The PDF's fonts are subset, so check the text the PDF was drawn from."""
    case, _ = full_case
    built = case_file_build(case=case, user=dsl, anonymised=True)
    rendered = repr(built.__dict__)
    for identifier in ("jhughes-dsl", "pkhan-deputy", "tbrown-teacher", "Hughes", "Khan"):
        assert identifier not in rendered, identifier
    verified_login(client, dsl)
    response = client.get(
        reverse("reporting_records:case_file_pdf", args=[case.pk]), {"anonymised": "1"}
    )
    assert response.content.startswith(b"%PDF-")
    assert "anonymised" in response["Content-Disposition"]
    assert b"jhughes-dsl" not in response.content


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("café Ёлка Ωμέγα", "café Ёлка Ωμέγα"),
        ("knife 🔪", "knife [U+1F52A HOCHO]"),
        ("\u202eevil\u202c text", "evil text"),
        ("zero\u200bwidth", "zerowidth"),
        ("❤\ufe0f", "❤"),
        ("bell\x07", "bell"),
        ("tab\there", "tab    here"),
    ],
)
def test_pdf_text_keeps_what_the_font_draws_and_names_the_rest(typed, written):
    drawable = frozenset(ord(char) for char in "café Ёлка Ωμέγα knife evil text zerowidth❤bellabhr")
    assert safe_text(typed, drawable) == written


def test_pdf_renders_scripts_and_emoji_a_pupil_might_type(full_case, dsl):
    case, _ = full_case
    PersonInvolved.objects.create(case=case, role=PersonRole.WITNESS, name="محمد 李雷 😀 \u202eX")
    built = case_file_build(case=case, user=dsl, anonymised=False)
    content = case_file_pdf(built)
    with pikepdf.open(io.BytesIO(content)) as document:
        assert len(document.pages) >= 1


def test_pdf_falls_back_to_a_built_in_font_without_the_shipped_one(monkeypatch, full_case, dsl):
    monkeypatch.setattr(pdf_module, "_font_files", lambda: None)
    case, _ = full_case
    built = case_file_build(case=case, user=dsl, anonymised=True)
    content = case_file_pdf(built)
    with pikepdf.open(io.BytesIO(content)) as document:
        fonts = {
            str(font.get("/BaseFont"))
            for page in document.pages
            for font in page.Resources.Font.values()
        }
    assert fonts <= {"/Helvetica", "/Helvetica-Bold"}


@pytest.mark.parametrize("name", ["reporting_records:case_file", "reporting_records:case_file_pdf"])
def test_every_case_file_export_writes_an_audit_entry(client, full_case, dsl, name):
    case, _ = full_case
    verified_login(client, dsl)
    client.get(reverse(name, args=[case.pk]), {"anonymised": "1"})
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert entry.case_id == case.pk
    assert entry.case_reference == case.reference
    assert entry.actor == dsl
    assert entry.detail["anonymised"] is True
    assert entry.detail["export"] == (
        "case_file_html" if name.endswith("case_file") else "case_file_pdf"
    )


@pytest.mark.parametrize("name", ["reporting_records:case_file", "reporting_records:case_file_pdf"])
def test_another_schools_case_answers_exactly_like_a_missing_one(client, other_school, lead, name):
    theirs = make_case(school=other_school)
    verified_login(client, lead)
    other = client.get(reverse(name, args=[theirs.pk]))
    missing = client.get(reverse(name, args=[uuid.uuid4()]))
    assert other.status_code == missing.status_code == 404
    assert other.content == missing.content
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


def _photo(colour=(200, 30, 30), size=(640, 480)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="JPEG")
    return out.getvalue()


def _two_page_pdf() -> bytes:
    document = pikepdf.new()
    document.add_blank_page(page_size=(200, 200))
    document.add_blank_page(page_size=(200, 200))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _images_drawn(content: bytes) -> int:
    with pikepdf.open(io.BytesIO(content)) as document:
        return sum(
            1
            for page in document.pages
            for xobject in (page.Resources.get("/XObject") or {}).values()
            if xobject.get("/Subtype") == "/Image"
        )


def test_case_file_includes_the_evidence_pictures_and_pdf_pages(client, school, dsl):
    case = make_case(school=school)
    add_evidence(case, _photo(), detected_type="image/jpeg", extension="jpg")
    add_evidence(case, _two_page_pdf(), detected_type="application/pdf", extension="pdf")
    built = case_file_build(case=case, user=dsl, anonymised=False)
    photo, pdf = built.evidence
    assert len(photo.previews) == 1
    assert len(pdf.previews) == 2
    # The PDF a lead hands over carries the pictures themselves, not just their hashes.
    assert _images_drawn(case_file_pdf(built)) == 3
    verified_login(client, dsl)
    html = client.get(reverse("reporting_records:case_file", args=[case.pk])).content.decode()
    assert html.count('src="data:image/jpeg;base64,') == 3
    assert "Evidence 2, picture 2 of 2" in html
    assert "PDF document" in html and "Photo or screenshot (JPEG)" in html


def test_case_file_reads_in_plain_words_with_no_codes_ids_or_markup(client, school, dsl):
    case = make_case(school=school)
    evidence = add_evidence(case)
    CaseEvent.objects.create(
        case=case,
        kind=EventKind.REPORT,
        data={
            "source": "anonymous_report",
            "danger_now": False,
            "sexual_image_path": False,
            "suggested_risk": "high",
            "evidence_files": 1,
        },
    )
    CaseEvent.objects.create(
        case=case,
        kind=EventKind.MESSAGE_TO_REPORTER,
        actor=dsl,
        body="<p>Thank you for <strong>telling us</strong>.</p><ul><li>We will talk to you</li></ul>",
        data={"format": "html"},
    )
    CaseEvent.objects.create(
        case=case,
        kind=EventKind.ASSIGNMENT,
        actor=dsl,
        data={"from": "", "to": "jhughes-dsl"},
    )
    CaseEvent.objects.create(
        case=case,
        kind=EventKind.REMINDER,
        data={
            "reminder": 1,
            "roles": ["dsl"],
            "notification": str(evidence.id),
            "alerted": [{"name": "Joan Hughes", "role": "dsl", "channels": ["email"]}],
        },
    )
    CaseEvent.objects.create(
        case=case,
        kind=EventKind.TASK_ADDED,
        actor=dsl,
        body="Call home",
        data={"assignee": "jhughes-dsl", "due": "2031-01-06T09:00:00+00:00"},
    )
    built = case_file_build(case=case, user=dsl, anonymised=False)
    text = repr([(entry.details, entry.body) for entry in built.chronology])
    assert "Alerted', 'Joan Hughes (Designated safeguarding lead) by email'" in text
    assert "Reminder', 'number 1, not yet acknowledged'" in text
    assert "For', 'Joan Hughes'" in text and "Due', '6 Jan 2031, 09:00'" in text
    assert "Reporter said a nude or sexual image is involved', 'no'" in text
    assert "Risk the form suggested', 'High'" in text
    assert "How it reached us', 'Report through the website'" in text
    assert "nobody → Joan Hughes" in text
    assert "Thank you for telling us." in text and "• We will talk to you" in text
    verified_login(client, dsl)
    for name in ("reporting_records:case_file", "reporting_records:case_file_pdf"):
        response = client.get(reverse(name, args=[case.pk]))
        assert response.status_code == 200
    html = client.get(reverse("reporting_records:case_file", args=[case.pk])).content.decode()
    for raw in (
        "sexual_image_path",
        "Sexual image path",
        "Format",
        "&lt;p&gt;",
        "<strong>telling",
        "anonymous_report",
        "False",
        str(evidence.id),
        "jhughes-dsl",
        "dsl",
        "roles",
    ):
        assert raw not in html, raw
    # Every time in the file in one format: "6 Jan 2031, 09:00".
    assert "6 Jan 2031, 09:00" in html
    assert not re.search(r"\b\d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}\b", html)
