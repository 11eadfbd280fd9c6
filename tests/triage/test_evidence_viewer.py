"""The case page lists evidence; the viewer shows it and is audited once per opening.

A lead reopens a case many times a day: if the case page loaded the files, the audit
trail would say "Viewed evidence" each time and mean nothing. So the case page gives
only the facts of each file (type, size, hash, what cleaning removed), the viewer
shows the file itself with its pictures inside the one page (so one opening is one
audit entry, not one per picture), and a download is its own, separately audited act.
"""

import base64
import io
import re

import pytest
from django.urls import reverse
from PIL import Image

from reporting.choices import AuditAction, TeamRole
from reporting.models import AuditEntry, EvidenceGrant
from tests.team.conftest import appoint

from .conftest import login, make_case, make_evidence

EVIDENCE_ACTIONS = (AuditAction.VIEW_EVIDENCE, AuditAction.DOWNLOAD_EVIDENCE)


def _png(size=(320, 200)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, "PNG")
    return buffer.getvalue()


def _pdf(pages: int) -> bytes:
    buffer = io.BytesIO()
    first, *rest = [Image.new("RGB", (200, 280), colour) for colour in ("white", "blue", "green")]
    first.save(buffer, "PDF", save_all=True, append_images=rest[: pages - 1])
    return buffer.getvalue()


def _pictures(html: str) -> list[Image.Image]:
    """The pictures a page carries inside itself, decoded."""
    sources = re.findall(r'<img[^>]*\ssrc="data:image/jpeg;base64,([^"]+)"', html)
    return [Image.open(io.BytesIO(base64.b64decode(source))) for source in sources]


def _evidence_audits(case):
    return AuditEntry.objects.filter(case=case, action__in=EVIDENCE_ACTIONS)


@pytest.fixture
def png_evidence(case):
    return make_evidence(case=case, data=_png(), detected_type="image/png", extension="png")


def test_opening_the_case_page_again_and_again_logs_no_evidence_view(case, lead, png_evidence):
    client = login(lead)
    for _ in range(3):
        response = client.get(reverse("reporting_triage:case_detail", args=[case.pk]))
        assert response.status_code == 200
    html = response.content.decode()
    # The page did its job: the file is listed with its facts and a way to open it.
    assert png_evidence.stored_sha256 in html
    assert "Screenshot (PNG)" in html
    assert "the place this photo was taken" in html
    viewer = reverse("reporting_triage:evidence_viewer", args=[case.pk, png_evidence.pk])
    assert f'href="{viewer}"' in html
    # ... but it loads nothing of the file, so nothing of it is logged.
    assert "<img" not in html.split('id="evidence-heading"')[1].split("</section>")[0]
    assert not _evidence_audits(case).exists()
    assert AuditEntry.objects.filter(case=case, action=AuditAction.VIEW_CASE).count() == 3


def test_opening_the_viewer_shows_the_picture_and_is_audited_once(case, lead, png_evidence):
    response = login(lead).get(
        reverse("reporting_triage:evidence_viewer", args=[case.pk, png_evidence.pk])
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    (picture,) = _pictures(response.content.decode())
    assert picture.size == (320, 200)  # shown at its own size, not a thumbnail
    entry = _evidence_audits(case).get()
    assert entry.action == AuditAction.VIEW_EVIDENCE
    assert entry.actor == lead
    assert entry.detail == {"evidence": str(png_evidence.pk), "sha256": png_evidence.stored_sha256}


def test_a_pdf_is_shown_as_a_picture_of_each_page_in_one_audited_opening(case, lead):
    evidence = make_evidence(
        case=case, data=_pdf(pages=3), detected_type="application/pdf", extension="pdf"
    )
    response = login(lead).get(
        reverse("reporting_triage:evidence_viewer", args=[case.pk, evidence.pk])
    )
    assert response.status_code == 200
    pages = _pictures(response.content.decode())
    assert len(pages) == 3
    assert pages[1].convert("RGB").getpixel((50, 50))[2] > 200  # the blue page, drawn
    assert _evidence_audits(case).count() == 1


def test_a_text_file_is_shown_as_text_that_cannot_run(case, lead):
    evidence = make_evidence(
        case=case,
        data=b"<script>alert(1)</script> he said meet me",
        detected_type="text/plain",
        extension="txt",
    )
    html = (
        login(lead)
        .get(reverse("reporting_triage:evidence_viewer", args=[case.pk, evidence.pk]))
        .content.decode()
    )
    assert "&lt;script&gt;alert(1)&lt;/script&gt; he said meet me" in html
    assert "<script>alert(1)" not in html


def test_download_is_audited_apart_from_viewing(case, lead, png_evidence):
    client = login(lead)
    client.get(reverse("reporting_triage:evidence_viewer", args=[case.pk, png_evidence.pk]))
    response = client.get(
        reverse("reporting_triage:evidence_download", args=[case.pk, png_evidence.pk])
    )
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == _png()
    actions = sorted(_evidence_audits(case).values_list("action", flat=True))
    assert actions == sorted([AuditAction.VIEW_EVIDENCE, AuditAction.DOWNLOAD_EVIDENCE])


def test_pastoral_staff_without_a_grant_are_refused_the_viewer(school, superuser):
    pastoral = appoint(username="hoy", school=school, role=TeamRole.PASTORAL, by=superuser)
    case = make_case(school=school, assignee=pastoral)
    evidence = make_evidence(case=case, data=_png(), detected_type="image/png", extension="png")
    client = login(pastoral)
    viewer = reverse("reporting_triage:evidence_viewer", args=[case.pk, evidence.pk])

    response = client.get(viewer)
    assert response.status_code == 403
    assert not _pictures(response.content.decode())
    assert not _evidence_audits(case).exists()
    # The case page itself opens for them, and says the evidence is withheld.
    page = client.get(reverse("reporting_triage:case_detail", args=[case.pk]))
    assert page.status_code == 200
    assert "Your role does not show evidence" in page.content.decode()
    assert viewer not in page.content.decode()

    EvidenceGrant.objects.create(case=case, user=pastoral, granted_by=superuser)
    response = client.get(viewer)
    assert response.status_code == 200
    assert len(_pictures(response.content.decode())) == 1
    assert _evidence_audits(case).get().actor == pastoral


def test_the_viewer_reaches_no_evidence_of_another_case(school, lead):
    first, second = make_case(school=school), make_case(school=school)
    evidence = make_evidence(case=second, data=_png(), detected_type="image/png", extension="png")
    response = login(lead).get(
        reverse("reporting_triage:evidence_viewer", args=[first.pk, evidence.pk])
    )
    assert response.status_code == 404
    assert not AuditEntry.objects.filter(action__in=EVIDENCE_ACTIONS).exists()


def test_the_viewer_of_another_schools_case_is_not_found(other_case, lead):
    evidence = make_evidence(
        case=other_case, data=_png(), detected_type="image/png", extension="png"
    )
    response = login(lead).get(
        reverse("reporting_triage:evidence_viewer", args=[other_case.pk, evidence.pk])
    )
    assert response.status_code == 404
