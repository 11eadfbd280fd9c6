"""Acknowledging a case is an explicit, audited POST; opening it or its evidence never is."""

from django.urls import reverse

from reporting.choices import AuditAction, EventKind, Risk
from reporting.models import AuditEntry, Case, CaseEvent

from .conftest import login, make_case, make_evidence


def _detail(case):
    return reverse("reporting_triage:case_detail", args=[case.pk])


def test_opening_a_case_and_its_evidence_leaves_it_unacknowledged(school, lead):
    case = make_case(school=school, risk=Risk.URGENT)
    evidence = make_evidence(
        case=case, data=b"%PDF-1.4 evidence", detected_type="application/pdf", extension="pdf"
    )
    client = login(lead)
    page = client.get(_detail(case))
    assert page.status_code == 200
    # The page offers the explicit button instead.
    assert 'data-testid="acknowledge-form"' in page.content.decode()
    for name in ("evidence", "evidence_download"):
        response = client.get(reverse(f"reporting_triage:{name}", args=[case.pk, evidence.pk]))
        assert response.status_code == 200
    # A GET of the acknowledge address itself (a link preview) does nothing either.
    client.get(reverse("reporting_triage:case_acknowledge", args=[case.pk]))
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.acknowledged_at is None
    assert not CaseEvent.objects.filter(case=case, kind=EventKind.ACKNOWLEDGED).exists()
    # The views were audited, as views.
    assert AuditEntry.objects.filter(case=case, action=AuditAction.VIEW_CASE).exists()


def test_the_acknowledge_button_acknowledges_records_and_audits(school, lead):
    case = make_case(school=school, risk=Risk.URGENT)
    client = login(lead)
    response = client.post(reverse("reporting_triage:case_acknowledge", args=[case.pk]))
    assert response.status_code == 302
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.acknowledged_by == lead and fresh.acknowledged_at is not None
    event = CaseEvent.objects.get(case=case, kind=EventKind.ACKNOWLEDGED)
    assert event.actor == lead
    assert AuditEntry.objects.filter(
        case=case, action=AuditAction.CHANGE, actor=lead, detail__acknowledged=True
    ).exists()
    body = client.get(_detail(case)).content.decode()
    assert 'data-testid="acknowledge-form"' not in body
    assert "Acknowledged: the urgent reminders have stopped." in body


def test_a_lead_of_another_school_cannot_acknowledge(school, other_school, lead):
    case = make_case(school=other_school, risk=Risk.URGENT)
    response = login(lead).post(reverse("reporting_triage:case_acknowledge", args=[case.pk]))
    assert response.status_code in {403, 404}
    assert Case.objects.get(pk=case.pk).acknowledged_at is None
