"""The XSS corpus typed into every field a pupil, a lead or an editor can fill in,
then read back in every place it is shown: the report form's steps and summary, the
receipt, the follow-up page, the lead's queue and case page, the case file (HTML and
PDF), the CSV export, the notifications and audit screens, and the alert emails.

Nowhere may a payload become live markup (tests.attacks.helpers.live_markup: no
executable script holding it, no event handler, no script URL), and a pupil's words
are shown exactly as typed, escaped. Pages that show what a member of staff
typed as HTML (a lead's message to the reporter) are cleaned to an allow-list
instead, so only inertness is asked of them.

The public content pages (guides, blocks, mentor bios, helplines, search) are attacked
in tests/content/test_safe_rendering.py; here the editor's side is the Wagtail admin.
"""

from __future__ import annotations

import csv
import io
import re

import pikepdf
import pytest
from django.core import mail
from django.urls import reverse
from django.utils.html import escape

from reporting.choices import Agency, NotificationStatus, PersonRole
from reporting.models import CaseEvent, EvidenceFile, Notification, PersonInvolved
from reporting.notifications import deliver_notification
from reporting.records.casefile import plain_text
from tests.content.conftest import make_guide
from tests.content.xss_payloads import XSS_PAYLOADS
from tests.reporting.conftest import upload
from tests.security.helpers import verified_login
from tests.voice.pdftext import pdf_text

from .helpers import assert_inert, body_of, followup_token, live_markup, sign_in, submit_report


def _chunks(limit: int) -> list[str]:
    """The payloads packed into strings of at most `limit` characters, every one used once."""
    chunks, current = [], ""
    for payload in XSS_PAYLOADS:
        if current and len(current) + 1 + len(payload) > limit:
            chunks.append(current)
            current = ""
        current = f"{current} {payload}" if current else payload
    chunks.append(current)
    return chunks


# The shortest free-text field a pupil has (when_happened) takes 200 characters.
PUPIL_CHUNKS = _chunks(200)


def _pdf_is_inert(data: bytes) -> str:
    """The PDF runs nothing and links nowhere; returns its text."""
    assert data.startswith(b"%PDF-")
    with pikepdf.open(io.BytesIO(data)) as pdf:
        # fpdf2 opens at page 1 with a plain destination (an array); an action would be a dictionary.
        assert not isinstance(pdf.Root.get("/OpenAction"), pikepdf.Dictionary)
        assert "/AA" not in pdf.Root
        assert "/JavaScript" not in pdf.Root.get("/Names", pikepdf.Dictionary())
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary):
                assert "/JS" not in obj and "/AA" not in obj
                action = obj.get("/A")
                if isinstance(action, pikepdf.Dictionary):
                    assert str(action.get("/S")) not in {"/JavaScript", "/Launch", "/URI"}
    return pdf_text(data)


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _deliver_all_notifications() -> None:
    for pk in Notification.objects.values_list("pk", flat=True):
        deliver_notification.call(str(pk))


@pytest.mark.django_db
@pytest.mark.parametrize("chunk", PUPIL_CHUNKS, ids=[f"chunk{i}" for i in range(len(PUPIL_CHUNKS))])
def test_a_pupils_payloads_are_inert_and_exact_everywhere_they_are_shown(
    client, school, lead, chunk
):
    texts = {
        "what_happened": chunk,
        "where_detail": chunk,
        "when_happened": chunk,
        "people_involved": chunk,
        "reporter_identity": chunk,
    }
    # The steps of the form carry and show the answers back: the summary step especially.
    step = client.post("/report/", {**texts, "say_who": "yes", "step": "3", "nav": "next"})
    assert step.status_code == 200
    assert_inert(body_of(step), "report form summary")
    assert escape(chunk) in body_of(step)

    case, words, done = submit_report(
        client,
        say_who="yes",
        files=[upload(chunk[:100] + ".txt", b"just words\n", "text/plain")],
        **texts,
    )
    assert_inert(body_of(done), "receipt page")
    report = case.report
    for name in ("what_happened", "where_detail", "when_happened", "people_involved"):
        assert getattr(report, name) == chunk  # stored exactly as typed
    assert report.reporter_identity == chunk

    # The follow-up page shows the report back and takes a reply with a file.
    page = body_of(sign_in(client, case.reference, words))
    assert_inert(page, "follow-up page")
    assert escape(chunk) in page
    reply = client.post(
        "/report/follow-up/",
        {
            "followup_token": followup_token(page),
            "nav": "reply",
            "message": chunk,
            "evidence": [upload(chunk[-100:] + ".txt", b"more words\n", "text/plain")],
        },
    )
    assert_inert(body_of(reply), "follow-up page after a reply")
    assert escape(chunk) in body_of(reply)
    assert chunk in [event.body for event in CaseEvent.objects.filter(case=case)]
    assert EvidenceFile.objects.filter(case=case).count() == 2

    # The lead reads it all.
    verified_login(client, lead)
    for name, url in [
        ("queue", reverse("reporting_triage:queue")),
        ("case page", reverse("reporting_triage:case_detail", args=[case.pk])),
        ("case file", reverse("reporting_records:case_file", args=[case.pk])),
        ("anonymised case file", reverse("reporting_records:case_file", args=[case.pk])),
        ("notifications", reverse("reporting_triage:notifications")),
        ("audit log", reverse("reporting_triage:audit")),
    ]:
        response = client.get(url, {"anonymised": "1"} if name.startswith("anonymised") else {})
        assert response.status_code == 200, name
        html = body_of(response)
        assert_inert(html, name)
        if name in {"case page", "case file"}:
            assert escape(chunk) in html, name
    pdf = client.get(reverse("reporting_records:case_file_pdf", args=[case.pk]))
    assert pdf.status_code == 200
    text = _pdf_is_inert(body_of_bytes(pdf))
    for payload in XSS_PAYLOADS_IN(chunk):
        assert _compact(payload) in _compact(text)  # drawn as the text it is

    # Alert emails say only that something is waiting: no report text, no markup.
    _deliver_all_notifications()
    assert Notification.objects.filter(status=NotificationStatus.SENT).count() == 2
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert not getattr(message, "alternatives", None)  # plain text only
        for part in (message.subject, message.body):
            for payload in XSS_PAYLOADS_IN(chunk):
                assert payload not in part
            assert "<" not in part


def XSS_PAYLOADS_IN(chunk: str) -> list[str]:
    return [payload for payload in XSS_PAYLOADS if payload in chunk]


def body_of_bytes(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


LEAD_FORMS = [
    ("case_note", lambda p: {"note": p}),
    ("case_message", lambda p: {"message": p + " <p>hello</p>"}),
    ("case_action", lambda p: {"action_type": "other", "action_details": p}),
    (
        "case_escalate",
        lambda p: {
            "agency": Agency.OTHER,
            "agency_reference": p[:100],
            "escalation_details": p,
        },
    ),
    (
        "person_add",
        lambda p: {
            "person_role": PersonRole.TARGET,
            "person_name": p[:200],
            "person_verified": "on",
        },
    ),
    ("case_risk", lambda p: {"risk": "high", "risk_reason": p}),
]


@pytest.mark.django_db
def test_a_leads_payloads_are_inert_on_every_staff_page_the_pdf_the_csv_and_the_follow_up(
    client, school, lead
):
    pupil = client.__class__()
    case, words, _ = submit_report(pupil)
    verified_login(client, lead)
    for payload in XSS_PAYLOADS:
        for name, fields in LEAD_FORMS:
            response = client.post(
                reverse(f"reporting_triage:{name}", args=[case.pk]), fields(payload)
            )
            assert response.status_code == 302, (name, payload, body_of(response)[:500])
    # The payloads reached the records: typed text kept exactly, names and references too.
    assert set(PersonInvolved.objects.filter(case=case).values_list("name", flat=True)) == {
        payload[:200] for payload in XSS_PAYLOADS
    }
    # Notes are formatted text: a payload typed as text is stored escaped, and reads back
    # exactly as typed.
    notes = CaseEvent.objects.filter(case=case, kind="internal_note")
    assert {plain_text(event.body) for event in notes} == set(XSS_PAYLOADS)
    assert not any(re.search(r"<(?!/?(p|br)>)", event.body) for event in notes)

    for name, url, exact in [
        ("queue", reverse("reporting_triage:queue"), False),
        ("case page", reverse("reporting_triage:case_detail", args=[case.pk]), True),
        ("case file", reverse("reporting_records:case_file", args=[case.pk]), True),
        (
            "anonymised case file",
            reverse("reporting_records:case_file", args=[case.pk]) + "?anonymised=1",
            True,
        ),
        ("audit log", reverse("reporting_triage:audit"), False),
    ]:
        response = client.get(url)
        assert response.status_code == 200, name
        html = body_of(response)
        assert_inert(html, name)
        if exact:
            for payload in XSS_PAYLOADS:
                assert escape(payload) in html, (name, payload)

    pdf = client.get(reverse("reporting_records:case_file_pdf", args=[case.pk]))
    text = _compact(_pdf_is_inert(body_of_bytes(pdf)))
    for payload in XSS_PAYLOADS:
        assert _compact(payload) in text, payload

    csv_response = client.get(reverse("reporting_records:incident_log_csv"))
    assert csv_response["Content-Type"].startswith("text/csv")
    assert csv_response["Content-Disposition"].startswith("attachment")
    cells = "\n".join(
        cell
        for row in csv.reader(io.StringIO(body_of(csv_response).lstrip("\ufeff")))
        for cell in row
    )
    for payload in XSS_PAYLOADS:
        # Names and agency references are exported as typed (formula-quoted where needed).
        assert payload[:100] in cells, payload

    # The reporter sees the lead's messages, cleaned: no live markup, the allowed <p> kept.
    page = body_of(sign_in(pupil, case.reference, words))
    assert_inert(page, "follow-up page with the lead's messages")
    assert page.count("<p>hello</p>") == len(XSS_PAYLOADS)
    for payload in XSS_PAYLOADS:
        assert payload not in page


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_the_checker_sees_every_payload_when_it_is_live(payload):
    """Guard for the tests above: unescaped, each payload that a browser would run is caught.

    Two run nothing as typed: a comment, and "<scr<script>ipt>" (it attacks filters that
    delete "<script>", which would leave a live tag behind).
    """
    if payload.startswith(("<!--", "<scr<script>")):
        assert live_markup(payload) == []
    else:
        assert live_markup(f"<div>{payload}</div>"), payload
    assert live_markup(f"<div>{escape(payload)}</div>") == []
    assert live_markup(f"<div>{payload.replace('<script>', '')}</div>") or "<scr<" not in payload


@pytest.mark.django_db
def test_an_editors_payloads_are_inert_in_the_admin_where_staff_read_them(
    client, hub, moderator, mentor
):
    """Page titles, summaries and mentor bios as the Wagtail admin lists and edits them."""
    from content.models import MentorProfile

    for index, chunk in enumerate(PUPIL_CHUNKS):
        profile = MentorProfile.objects.create(display_name=chunk[:40], bio=chunk)
        make_guide(
            hub,
            title=chunk,
            slug=f"guide-{index}",
            summary=chunk,
            mentor=profile,
            body=[{"type": "paragraph", "value": chunk}],
        )
    guide = hub.get_children().last()
    client.force_login(moderator)
    for name, url, shows_payload in [
        ("page explorer", reverse("wagtailadmin_explore", args=[hub.pk]), True),
        ("page editor", reverse("wagtailadmin_pages:edit", args=[guide.pk]), True),
        ("page search", reverse("wagtailadmin_pages:search") + "?q=alert", False),
        ("mentor profiles", "/admin/snippets/content/mentorprofile/", True),
        ("review report", reverse("content_review_report"), False),
        ("dashboard", reverse("wagtailadmin_home"), False),
    ]:
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        html = body_of(response)
        assert_inert(html, name)
        if shows_payload:  # the payloads are there, as text
            assert "alert(&#x27;xss&#x27;)" in html or "alert(\\u0027xss" in html, name
