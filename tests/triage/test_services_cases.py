"""The triage write paths: lifecycle, risk, assignment, people, messages, notes.

Each writes one chronology event and one audit entry, and refuses anyone who is
not a lead of the case's school.
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from reporting.choices import (
    ActionType,
    Agency,
    AuditAction,
    EventKind,
    Outcome,
    PersonRole,
    Risk,
    Status,
)
from reporting.models import AuditEntry, Case, CaseEvent
from reporting.services import cases as services

from .conftest import make_person


def _last_event(case):
    return CaseEvent.objects.filter(case=case).order_by("-created_at").first()


def test_each_transition_records_who_and_when(case, lead):
    for to_status in (Status.TRIAGED, Status.IN_PROGRESS):
        event = services.case_transition(case=case, actor=lead, to_status=to_status)
        assert event.kind == EventKind.STATUS_CHANGE
        assert event.actor == lead
        assert event.created_at is not None
        assert Case.objects.get(pk=case.pk).status == to_status
    services.case_transition(
        case=case, actor=lead, to_status=Status.CLOSED, outcome=Outcome.RESOLVED
    )
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.status == Status.CLOSED
    assert fresh.outcome == Outcome.RESOLVED
    assert fresh.closed_at is not None
    assert fresh.triaged_at is not None
    changes = AuditEntry.objects.filter(case=case, action=AuditAction.CHANGE, actor=lead)
    assert changes.count() == 3
    kinds = list(CaseEvent.objects.filter(case=case).values_list("data", flat=True))
    assert [d["to"] for d in kinds if "to" in d] == ["triaged", "in_progress", "closed"]


def test_closing_requires_an_outcome(case, lead):
    with pytest.raises(ValidationError):
        services.case_transition(case=case, actor=lead, to_status=Status.CLOSED)
    assert Case.objects.get(pk=case.pk).status == Status.NEW
    assert not CaseEvent.objects.filter(case=case, kind=EventKind.STATUS_CHANGE).exists()


def test_reopen_clears_the_outcome_but_keeps_it_in_the_chronology(case, lead):
    services.case_transition(case=case, actor=lead, to_status=Status.CLOSED, outcome=Outcome.SPAM)
    event = services.case_transition(case=case, actor=lead, to_status=Status.IN_PROGRESS)
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.status == Status.IN_PROGRESS
    assert fresh.outcome == ""
    assert fresh.closed_at is None
    assert event.data["reopened"] is True
    assert event.data["previous_outcome"] == Outcome.SPAM


def test_a_transition_that_skips_the_lifecycle_is_refused(case, lead):
    services.case_transition(case=case, actor=lead, to_status=Status.CLOSED, outcome=Outcome.SPAM)
    with pytest.raises(ValidationError):
        services.case_transition(case=case, actor=lead, to_status=Status.NEW)


def test_only_a_lead_of_the_cases_school_may_change_it(case, other_lead, superuser, staff_member):
    for actor in (other_lead, superuser, staff_member):
        with pytest.raises(PermissionDenied):
            services.case_transition(case=case, actor=actor, to_status=Status.TRIAGED)
        with pytest.raises(PermissionDenied):
            services.case_add_note(case=case, actor=actor, body="x")
    assert not CaseEvent.objects.filter(case=case).exists()


def test_risk_change_needs_a_reason_and_updates_the_sort_rank(case, lead):
    with pytest.raises(ValidationError):
        services.case_set_risk(case=case, actor=lead, risk=Risk.URGENT, reason="  ")
    event = services.case_set_risk(case=case, actor=lead, risk=Risk.URGENT, reason="Threats")
    fresh = Case.objects.get(pk=case.pk)
    assert (fresh.risk, fresh.risk_rank, fresh.risk_confirmed) == (Risk.URGENT, 0, True)
    assert event.body == "Threats"
    assert event.data == {"from": Risk.MEDIUM, "to": Risk.URGENT, "confirmed": True}


def test_assignment_only_to_a_lead_of_the_same_school(case, lead, other_lead):
    with pytest.raises(ValidationError):
        services.case_assign(case=case, actor=lead, assignee=other_lead)
    services.case_assign(case=case, actor=lead, assignee=lead)
    assert Case.objects.get(pk=case.pk).assignee == lead
    assert _last_event(case).kind == EventKind.ASSIGNMENT


def test_message_to_reporter_is_cleaned_and_visible_to_them(case, lead):
    event = services.message_send(
        case=case,
        actor=lead,
        body=(
            "<p>Hi <strong>there</strong></p><script>alert(1)</script>"
            '<a href="javascript:alert(1)">bad</a><a href="https://childline.org.uk" '
            'onclick="x()">Childline</a><img src=x onerror=alert(1)><ul><li>ok</li></ul>'
        ),
    )
    stored = CaseEvent.objects.get(pk=event.pk)
    assert stored.visible_to_reporter is True
    assert stored.kind == EventKind.MESSAGE_TO_REPORTER
    assert "<script" not in stored.body
    assert "javascript:" not in stored.body
    assert "onclick" not in stored.body
    assert "<img" not in stored.body
    assert '<a href="https://childline.org.uk">Childline</a>' in stored.body
    assert "<strong>there</strong>" in stored.body
    assert "<ul><li>ok</li></ul>" in stored.body


def test_internal_note_is_never_visible_to_the_reporter(case, lead):
    event = services.case_add_note(case=case, actor=lead, body="Spoke to form tutor")
    assert CaseEvent.objects.get(pk=event.pk).visible_to_reporter is False


def test_action_and_escalation_are_recorded_with_agency_and_reference(case, lead):
    services.case_record_action(
        case=case, actor=lead, action_type=ActionType.REMOVAL_REQUESTED, details="Asked TikTok"
    )
    event = services.case_escalate(
        case=case, actor=lead, agency=Agency.CEOP, reference_number="CEOP-123"
    )
    assert event.data == {"agency": "ceop", "reference": "CEOP-123"}
    kinds = set(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))
    assert {EventKind.ACTION, EventKind.ESCALATION} <= kinds


def test_names_stay_unverified_until_a_lead_confirms_them(case, lead):
    person = make_person(case=case, role=PersonRole.ALLEGED_PERPETRATOR)
    assert person.verified is False
    services.person_verify(person=person, actor=lead)
    person.refresh_from_db()
    assert person.verified is True
    assert person.verified_by == lead
    assert person.verified_at is not None
    assert _last_event(case).data["verified"] is True


def test_a_person_added_without_confirmation_is_unverified(case, lead):
    person = services.person_add(
        case=case, actor=lead, role=PersonRole.WITNESS, name="Alex", year_group=8
    )
    assert person.verified is False
    assert person.verified_by is None


def test_acknowledging_is_once_and_audited(case, lead):
    assert services.case_acknowledge(case=case, actor=lead) is True
    assert services.case_acknowledge(case=case, actor=lead) is False
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.acknowledged_at is not None
    assert fresh.acknowledged_by == lead
    assert CaseEvent.objects.filter(case=case, kind=EventKind.ACKNOWLEDGED).count() == 1
    assert AuditEntry.objects.filter(case=case, detail__acknowledged=True).count() == 1
