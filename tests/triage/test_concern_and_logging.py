"""Cases that do not start as an anonymous report: a mentor's concern and a staff-logged case."""

from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from reporting.choices import AuditAction, EventKind, NotificationStatus, Risk, Source
from reporting.models import AuditEntry, Case, CaseEvent, Notification, ReportingSettings

from .conftest import login


def run_durable_tasks(monkeypatch):
    """What `make run`'s worker does: deliver every queued notification job once.

    The worker recycles database connections between jobs; inside a test, which runs
    in one transaction on one connection, that would close the test's own connection
    (PostgreSQL), so recycling is switched off here.
    """
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    call_command("db_worker", "--backend", "durable", "--batch", "--no-startup-delay", verbosity=0)


CONCERN_TEXT = "A friend in Year 8 told me someone is sharing a photo of her on TikTok"


def test_a_mentors_concern_reaches_the_lead_as_a_case_and_an_email(
    school, lead, mentor, django_capture_on_commit_callbacks, monkeypatch
):
    mentor_client = login(mentor)
    with django_capture_on_commit_callbacks(execute=True):
        response = mentor_client.post(
            reverse("reporting_triage:concern"),
            {
                "what_worried_you": CONCERN_TEXT,
                "who": "Ria",
                "year_group": "8",
                "category": "other",
            },
        )
    assert response.status_code == 302
    received = mentor_client.get(response["Location"])
    assert "your concern has been received" in received.content.decode()

    case = Case.objects.get()
    assert case.source == Source.MENTOR_CONCERN
    assert case.school == school
    assert case.report.what_happened == CONCERN_TEXT
    assert case.people.get().verified is False
    # The mentor sees only "received": never the reference, never the case.
    assert case.reference not in received.content.decode()
    response = mentor_client.get(reverse("reporting_triage:case_detail", args=[case.pk]))
    assert response.status_code in {302, 403}

    notification = Notification.objects.get(case=case)
    assert notification.kind == "new_concern"
    run_durable_tasks(monkeypatch)
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [lead.email]
    assert "TikTok" not in message.body and "Ria" not in message.body
    assert CONCERN_TEXT not in message.body
    assert reverse("reporting_triage:case_detail", args=[case.pk]) in message.body

    lead_client = login(lead)
    queue = lead_client.get(reverse("reporting_triage:queue")).content.decode()
    assert case.reference in queue
    detail = lead_client.get(reverse("reporting_triage:case_detail", args=[case.pk]))
    assert CONCERN_TEXT in detail.content.decode()


def test_a_mentor_can_flag_an_emergency_at_once(school, lead, mentor):
    response = login(mentor).post(
        reverse("reporting_triage:concern"),
        {"what_worried_you": "He said he has a knife", "emergency_now": "on", "category": "other"},
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.risk == Risk.URGENT
    assert case.risk_rank == 0
    assert case.danger_now is True
    page = login(mentor).get(response["Location"]).content.decode()
    assert "call 999" in page


def test_a_non_emergency_concern_with_crisis_words_is_suggested_urgent(school, mentor):
    login(mentor).post(
        reverse("reporting_triage:concern"),
        {"what_worried_you": "She told me: I want to die", "category": "other"},
    )
    assert Case.objects.get().risk == Risk.URGENT


def test_a_lead_logs_a_case_from_a_disclosure_with_the_same_chronology(school, lead):
    response = login(lead).post(
        reverse("reporting_triage:case_log"),
        {
            "school": school.pk,
            "what_happened": "Pupil told me in person about group chat messages",
            "category": "chat_social_gaming",
            "platform": "whatsapp",
            "risk": "high",
            "person_name": "Taylor",
            "person_role": "target",
            "person_year_group": "9",
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reporting_triage:case_detail", args=[case.pk])
    assert case.source == Source.STAFF_LOGGED
    assert case.risk_confirmed is True
    assert case.people.get().verified is True
    assert CaseEvent.objects.filter(case=case, kind=EventKind.REPORT).exists()
    assert AuditEntry.objects.filter(case=case, action=AuditAction.CREATE, actor=lead).exists()


def test_staff_may_log_a_case_only_when_the_school_allows_it(school, lead, staff_member):
    client = login(staff_member)
    data = {
        "school": school.pk,
        "what_happened": "Disclosure",
        "category": "other",
        "risk": "medium",
        "person_role": "target",
    }
    assert client.get(reverse("reporting_triage:case_log")).status_code == 403
    assert client.post(reverse("reporting_triage:case_log"), data).status_code == 403
    assert not Case.objects.exists()

    settings = ReportingSettings.for_site(school)
    settings.staff_may_log_cases = True
    settings.save()
    response = client.post(reverse("reporting_triage:case_log"), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("reporting_triage:case_logged")
    case = Case.objects.get()
    assert case.source == Source.STAFF_LOGGED
    assert case.risk_confirmed is False
    assert Notification.objects.filter(case=case, kind="new_concern").exists()
    # Logging a case does not let them read it.
    detail = client.get(reverse("reporting_triage:case_detail", args=[case.pk]))
    assert detail.status_code == 403
