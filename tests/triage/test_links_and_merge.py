"""Linked and duplicate cases: linking shows each on the other; merging moves everything
under the original, loses nothing, and keeps each reporter's conversation their own."""

import pytest
from django.test import Client
from django.urls import reverse

from reporting.choices import AuditAction, EventKind, Outcome, PersonRole, Status
from reporting.models import AuditEntry, CaseEvent, CaseTask, EvidenceFile, PersonInvolved
from reporting.services.cases import message_send
from tests.reporting.test_followup import sign_in, submit, token_of

from .conftest import make_case, make_evidence, make_person

pytestmark = pytest.mark.django_db


def _connect(lead_client, case, other, how, reason="Same group chat, same day"):
    return lead_client.post(
        reverse("reporting_triage:case_link", args=[case.pk]),
        {"other_reference": other.reference.lower(), "how": how, "link_reason": reason},
    )


def test_linked_cases_show_on_each_others_page(school, lead, lead_client):
    case, other = make_case(school=school), make_case(school=school)
    assert _connect(lead_client, case, other, "related").status_code == 302
    for this, that in ((case, other), (other, case)):
        page = lead_client.get(reverse("reporting_triage:case_detail", args=[this.pk]))
        assert that.reference in page.content.decode()
        assert this.events.filter(kind=EventKind.LINKED, data__other=that.reference).exists()
        assert AuditEntry.objects.filter(case=this, detail__linked=that.reference).exists()


def test_merging_a_duplicate_moves_everything_and_loses_nothing(school, lead, lead_client):
    original = make_case(school=school, text="They keep messaging me at night")
    duplicate = make_case(school=school, text="My friend is being messaged at night")
    CaseEvent.objects.create(case=duplicate, kind=EventKind.INTERNAL_NOTE, body="note on dup")
    make_evidence(case=duplicate, data=b"\x89PNG dup", detected_type="image/png", extension="png")
    make_person(case=duplicate, name="Riley Named", role=PersonRole.ALLEGED_PERPETRATOR)
    CaseTask.objects.create(
        case=duplicate, what="Speak to Riley", assignee=lead, due_at=duplicate.created_at
    )
    before = {
        "events": CaseEvent.objects.filter(case__in=[original, duplicate]).count(),
        "evidence": EvidenceFile.objects.count(),
        "people": PersonInvolved.objects.count(),
    }
    assert _connect(lead_client, original, duplicate, "merge_that_here").status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.merged_into == original
    assert (duplicate.status, duplicate.outcome) == (Status.CLOSED, Outcome.DUPLICATE)
    # Every record now sits under the original; nothing was deleted.
    assert EvidenceFile.objects.filter(case=original).count() == before["evidence"]
    assert PersonInvolved.objects.filter(case=original).count() == before["people"]
    assert CaseTask.objects.filter(case=original).count() == 1
    moved_events = CaseEvent.objects.filter(case=original).exclude(kind=EventKind.MERGED)
    assert moved_events.count() == before["events"]
    assert original.events.filter(kind=EventKind.MERGED, data__duplicate=duplicate.reference)
    assert AuditEntry.objects.filter(
        case=original, action=AuditAction.CHANGE, detail__merged_in=duplicate.reference
    ).exists()
    page = lead_client.get(reverse("reporting_triage:case_detail", args=[original.pk]))
    html = page.content.decode()
    assert "My friend is being messaged at night" in html and "Riley Named" in html
    assert "note on dup" in html


def test_after_a_merge_each_reporter_sees_only_their_own_conversation(school, lead, lead_client):
    pupil_a, pupil_b = Client(), Client()
    original, words_a = submit(pupil_a, what_happened="They shared my photo in the chat")
    duplicate, words_b = submit(pupil_b, what_happened="Someone shared a photo of my friend")
    message_send(case=original, actor=lead, body="<p>For pupil A only</p>")
    message_send(case=duplicate, actor=lead, body="<p>For pupil B before the merge</p>")
    assert _connect(lead_client, original, duplicate, "merge_that_here").status_code == 302
    message_send(
        case=original,
        actor=lead,
        body="<p>For pupil B after the merge</p>",
        reporter_case=duplicate,
    )
    page_a = sign_in(pupil_a, original.reference, words_a).content.decode()
    page_b = sign_in(pupil_b, duplicate.reference, words_b).content.decode()
    assert "For pupil A only" in page_a
    assert "For pupil B" not in page_a
    assert "For pupil B before the merge" in page_b and "For pupil B after the merge" in page_b
    assert "For pupil A only" not in page_b
    # Pupil B's case is not shown to them as closed: it lives on in the original.
    assert "The school is" in page_b or "Your report" in page_b
    # Pupil B's reply lands on the original, still marked as theirs.
    token = token_of(page_b)
    pupil_b.post(
        "/report/follow-up/",
        {"followup_token": token, "nav": "reply", "message": "It happened again today"},
    )
    reply = CaseEvent.objects.get(kind=EventKind.MESSAGE_FROM_REPORTER)
    assert reply.case == original and reply.reporter_case == duplicate
    assert (
        "It happened again today"
        not in sign_in(pupil_a, original.reference, words_a).content.decode()
    )


def test_a_case_of_another_school_cannot_be_linked_or_merged(school, other_school, lead_client):
    case, theirs = make_case(school=school), make_case(school=other_school)
    for how in ("related", "merge_that_here", "merge_this_there"):
        response = _connect(lead_client, case, theirs, how)
        assert response.status_code == 400
        assert "No case with that reference was found in this school." in response.content.decode()
    theirs.refresh_from_db()
    assert theirs.merged_into is None and theirs.status != Status.CLOSED
    assert not CaseEvent.objects.filter(kind__in=[EventKind.LINKED, EventKind.MERGED]).exists()
