"""The case page a lead works from: what it shows, and the forms that change the case."""

from django.urls import reverse

from reporting.choices import EventKind, Outcome, PersonRole, Status
from reporting.models import Case, CaseEvent, PersonInvolved

from .conftest import login, make_case, make_person


def _detail(case):
    return reverse("reporting_triage:case_detail", args=[case.pk])


def test_pupils_text_is_shown_exactly_as_typed_and_inert(school, lead):
    case = make_case(school=school, text="I <3 my friends but <script>alert('x')</script> & more")
    body = login(lead).get(_detail(case)).content.decode()
    assert (
        "I &lt;3 my friends but &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; more"
        in body
    )
    assert "<script>alert('x')</script>" not in body


def test_names_from_an_anonymous_reporter_are_marked_unverified(case, lead):
    make_person(case=case, name="Jordan Example", role=PersonRole.ALLEGED_PERPETRATOR)
    client = login(lead)
    body = client.get(_detail(case)).content.decode()
    row = body[body.index("Jordan Example") - 400 : body.index("Jordan Example") + 600]
    assert "Unverified" in row
    person = PersonInvolved.objects.get(case=case)
    response = client.post(reverse("reporting_triage:person_verify", args=[case.pk, person.pk]))
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.verified and person.verified_by == lead
    body = client.get(_detail(case)).content.decode()
    row = body[body.index("Jordan Example") : body.index("Jordan Example") + 400]
    assert "Verified by lead" in row


def test_a_lead_takes_a_case_from_new_to_closed_through_the_forms(case, lead):
    client = login(lead)
    for data in (
        {"to_status": Status.TRIAGED},
        {"to_status": Status.IN_PROGRESS, "status_reason": "Meeting booked"},
        {"to_status": Status.CLOSED, "outcome": Outcome.RESOLVED},
    ):
        response = client.post(reverse("reporting_triage:case_status", args=[case.pk]), data)
        assert response.status_code == 302, response.content.decode()[:2000]
    fresh = Case.objects.get(pk=case.pk)
    assert (fresh.status, fresh.outcome) == (Status.CLOSED, Outcome.RESOLVED)
    response = client.post(
        reverse("reporting_triage:case_status", args=[case.pk]), {"to_status": Status.IN_PROGRESS}
    )
    assert Case.objects.get(pk=case.pk).status == Status.IN_PROGRESS


def test_closing_without_an_outcome_shows_an_error_and_changes_nothing(case, lead):
    response = login(lead).post(
        reverse("reporting_triage:case_status", args=[case.pk]), {"to_status": Status.CLOSED}
    )
    assert response.status_code == 400
    assert "Choose an outcome to close the case." in response.content.decode()
    assert Case.objects.get(pk=case.pk).status == Status.NEW


def test_every_form_on_the_case_page_writes_to_the_chronology(case, lead):
    client = login(lead)
    posts = {
        "case_risk": {"risk": "high", "risk_reason": "Repeated"},
        "case_assign": {"assignee": lead.pk},
        "case_note": {"note": "Internal only"},
        "case_message": {"message": "<p>Thank you for telling us.</p>"},
        "case_action": {"action_type": "support_offered", "action_details": "Met pupil"},
        "case_escalate": {"agency": "police_101", "agency_reference": "P-42"},
        "person_add": {"person_role": "target", "person_name": "Kim", "person_year_group": "7"},
    }
    for name, data in posts.items():
        response = client.post(reverse(f"reporting_triage:{name}", args=[case.pk]), data)
        assert response.status_code == 302, (name, response.content.decode()[:3000])
    kinds = set(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))
    assert {
        EventKind.RISK_CHANGE,
        EventKind.ASSIGNMENT,
        EventKind.INTERNAL_NOTE,
        EventKind.MESSAGE_TO_REPORTER,
        EventKind.ACTION,
        EventKind.ESCALATION,
        EventKind.PERSON,
    } <= kinds
    body = client.get(_detail(case)).content.decode()
    assert "P-42" in body
    assert "Internal: not shown to the reporter" in body
    assert "<p>Thank you for telling us.</p>" in body
    for label in (
        "Change status",
        "Save risk",
        "Save assignment",
        "Send message to reporter",
        "Add internal note",
        "Record action",
        "Record escalation",
        "Add person",
    ):
        assert f">{label}</button>" in body


def test_a_message_with_script_is_stored_clean_and_shown_inert(case, lead):
    client = login(lead)
    client.post(
        reverse("reporting_triage:case_message", args=[case.pk]),
        {"message": '<p onclick="x()">Hello</p><script>steal()</script>'},
    )
    event = CaseEvent.objects.get(case=case, kind=EventKind.MESSAGE_TO_REPORTER)
    assert event.body == "<p>Hello</p>steal()"
    assert event.visible_to_reporter is True
    assert "<script>steal()" not in client.get(_detail(case)).content.decode()


def test_the_internal_note_form_never_makes_a_reporter_visible_event(case, lead):
    login(lead).post(reverse("reporting_triage:case_note", args=[case.pk]), {"note": "secret"})
    assert not CaseEvent.objects.filter(case=case, visible_to_reporter=True).exists()


def test_case_pages_are_not_cached(case, lead):
    response = login(lead).get(_detail(case))
    assert "no-store" in response["Cache-Control"]
