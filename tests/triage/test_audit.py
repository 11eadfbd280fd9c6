"""Every view, evidence view or download, and change leaves an audit entry; none can be altered."""

import io

import pytest
from django.urls import reverse
from PIL import Image

from reporting.audit import audit_record
from reporting.choices import AuditAction
from reporting.models import AuditEntry

from .conftest import login, make_case, make_evidence


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return buffer.getvalue()


def test_viewing_a_case_is_audited(case, lead):
    login(lead).get(reverse("reporting_triage:case_detail", args=[case.pk]))
    entry = AuditEntry.objects.get(case=case, action=AuditAction.VIEW_CASE)
    assert entry.actor == lead
    assert entry.case_reference == case.reference
    assert entry.school_id == case.school_id


def test_viewing_the_queue_is_audited(case, lead):
    login(lead).get(reverse("reporting_triage:queue"))
    assert AuditEntry.objects.filter(actor=lead, action=AuditAction.VIEW_QUEUE).count() == 1


def test_image_evidence_is_previewed_inline_safely_and_audited(case, lead):
    png = _png()
    evidence = make_evidence(case=case, data=png, detected_type="image/png", extension="png")
    response = login(lead).get(reverse("reporting_triage:evidence", args=[case.pk, evidence.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == png
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    entry = AuditEntry.objects.get(action=AuditAction.VIEW_EVIDENCE)
    assert entry.detail["evidence"] == str(evidence.pk)
    assert entry.actor == lead


def test_pdf_and_text_evidence_is_always_an_attachment_and_audited(case, lead):
    client = login(lead)
    for data, kind, ext in (
        (b"%PDF-1.4 test", "application/pdf", "pdf"),
        (b"<html><script>alert(1)</script>", "text/plain", "txt"),
    ):
        evidence = make_evidence(case=case, data=data, detected_type=kind, extension=ext)
        response = client.get(reverse("reporting_triage:evidence", args=[case.pk, evidence.pk]))
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "no-store" in response["Cache-Control"]
        assert b"".join(response.streaming_content) == data
    assert AuditEntry.objects.filter(action=AuditAction.DOWNLOAD_EVIDENCE).count() == 2


def test_explicit_download_of_an_image_is_an_audited_attachment(case, lead):
    evidence = make_evidence(case=case, data=_png(), detected_type="image/png", extension="png")
    response = login(lead).get(
        reverse("reporting_triage:evidence_download", args=[case.pk, evidence.pk])
    )
    assert response["Content-Disposition"].startswith("attachment;")
    assert AuditEntry.objects.filter(action=AuditAction.DOWNLOAD_EVIDENCE, case=case).exists()


def test_evidence_of_another_case_cannot_be_reached_through_this_case(school, lead):
    first, second = make_case(school=school), make_case(school=school)
    evidence = make_evidence(case=second, data=b"x", detected_type="text/plain", extension="txt")
    response = login(lead).get(reverse("reporting_triage:evidence", args=[first.pk, evidence.pk]))
    assert response.status_code == 404


def test_a_change_is_audited(case, lead):
    login(lead).post(reverse("reporting_triage:case_note", args=[case.pk]), {"note": "n"})
    entry = AuditEntry.objects.get(case=case, action=AuditAction.CHANGE)
    assert entry.detail == {"added": "note"}
    assert entry.actor == lead


def test_audit_entries_cannot_be_changed_or_deleted(case, lead):
    entry = audit_record(actor=lead, action=AuditAction.VIEW_CASE, case=case)
    entry.action = AuditAction.EXPORT
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == AuditAction.VIEW_CASE


def test_the_audit_log_screen_offers_no_edit_or_delete(case, lead):
    client = login(lead)
    client.get(reverse("reporting_triage:case_detail", args=[case.pk]))
    body = client.get(reverse("reporting_triage:audit")).content.decode()
    assert case.reference in body
    assert "Viewed case" in body
    assert "/delete/" not in body and "/edit/" not in body
    # The audit URLs accept no writes either.
    response = client.post(reverse("reporting_triage:audit"), {"action": "purge"})
    assert response.status_code == 405


def test_the_audit_log_shows_only_the_leads_own_schools(case, lead, other_lead, other_case):
    login(other_lead).get(reverse("reporting_triage:case_detail", args=[other_case.pk]))
    login(lead).get(reverse("reporting_triage:case_detail", args=[case.pk]))
    body = login(lead).get(reverse("reporting_triage:audit")).content.decode()
    assert case.reference in body
    assert other_case.reference not in body


def test_the_case_page_shows_its_own_audit_trail(case, lead):
    client = login(lead)
    client.get(reverse("reporting_triage:case_detail", args=[case.pk]))
    body = client.get(reverse("reporting_triage:case_detail", args=[case.pk])).content.decode()
    assert body.count('data-testid="audit-row"') >= 2
