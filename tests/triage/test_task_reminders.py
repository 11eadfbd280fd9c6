"""A task that comes due reminds the person it is for, by the channel they chose, once.

The reminder goes through the alert outbox like an urgent re-alert (so a failing
channel is retried), reaches only the task's assignee (not the DSL, not the rest of
the team), says only that a task on a case is due (never what the task says), and
is in the case's chronology. However often the scheduler runs, a task is reminded once.
"""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from reporting.choices import EventKind, TeamRole
from reporting.models import AlertProfile, CaseTask, Notification
from reporting.notifications import deliver_notification
from reporting.services.tasks import task_remind, task_reminders_send
from reporting.services.team import team_appoint
from tests.builders import make_user
from tests.reporting.fake_alert_server import fake_alert_server
from upstander.management.commands import run_periodic_jobs

from .conftest import login, make_case

pytestmark = pytest.mark.django_db

WHAT = "Ring Sam Whitfield's mum about the group chat"


@pytest.fixture
def fake(monkeypatch):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    with fake_alert_server() as server:
        yield server


@pytest.fixture
def head_of_year(school, fake, superuser):
    person = make_user(
        username="hoy-remind", first_name="Hana", last_name="Ito", email="hana@school.example"
    )
    # Appointed as the team screen does (which also lets them into the admin).
    team_appoint(actor=superuser, school=school, user=person, role=TeamRole.PASTORAL)
    # Hana chose Teams, not email.
    AlertProfile.objects.create(
        user=person, by_email=False, by_webhook=True, webhook_url=fake.url + "/teams/workflow"
    )
    return person


def _task(*, case, assignee, by, due_in: timedelta) -> CaseTask:
    return CaseTask.objects.create(
        case=case, what=WHAT, assignee=assignee, due_at=timezone.now() + due_in, created_by=by
    )


def _deliver_all() -> None:
    for notification in Notification.objects.filter(kind="task_due"):
        deliver_notification.call(str(notification.pk))


def test_a_due_task_reminds_its_assignee_by_their_own_channel(school, lead, head_of_year, fake):
    case = make_case(school=school)
    task = _task(case=case, assignee=head_of_year, by=lead, due_in=timedelta(minutes=-5))
    mail.outbox.clear()

    call_command("remind_due_tasks", stdout=open("/dev/null", "w"))  # noqa: SIM115
    _deliver_all()

    (notification,) = Notification.objects.filter(case=case, kind="task_due")
    assert notification.recipient == head_of_year and notification.sent_at is not None
    (request,) = fake.requests
    assert request["path"] == "/teams/workflow"
    school_name = school.site_name or school.hostname
    assert f"A task on case {case.reference} at {school_name} is due" in request["raw"]
    assert "Whitfield" not in request["raw"] and "group chat" not in request["raw"]
    # Nobody else was told: not the DSL by email, not Hana by a channel she did not choose.
    assert mail.outbox == []
    task.refresh_from_db()
    assert task.reminded_at is not None

    event = case.events.get(kind=EventKind.TASK_REMINDER)
    page = login(lead).get(reverse("reporting_triage:case_detail", args=[case.pk]))
    html = page.content.decode()
    assert "Reminded: a task is due" in html
    assert "Task for: Hana Ito" in html
    assert (
        "Alerted: Hana Ito (Pastoral staff (assigned cases only)) by microsoft teams or slack"
        in html
    )
    assert event.data["alerted"] == [
        {"name": "Hana Ito", "role": "pastoral", "channels": ["webhook"]}
    ]


def test_a_task_is_reminded_once_however_often_the_scheduler_runs(school, lead, head_of_year):
    case = make_case(school=school)
    task = _task(case=case, assignee=head_of_year, by=lead, due_in=timedelta(hours=-1))
    stale = CaseTask.objects.get(pk=task.pk)  # a second scheduler read it before the first sent
    assert [t.pk for t in task_reminders_send()] == [task.pk]
    assert task_reminders_send() == []
    assert task_remind(task=stale) is False
    assert Notification.objects.filter(case=case, kind="task_due").count() == 1
    assert case.events.filter(kind=EventKind.TASK_REMINDER).count() == 1


def test_a_task_not_yet_due_or_already_done_is_not_reminded(school, lead, head_of_year):
    case = make_case(school=school)
    _task(case=case, assignee=head_of_year, by=lead, due_in=timedelta(hours=2))
    done = _task(case=case, assignee=head_of_year, by=lead, due_in=timedelta(hours=-2))
    CaseTask.objects.filter(pk=done.pk).update(completed_at=timezone.now(), completed_by=lead)
    assert task_reminders_send() == []
    assert not Notification.objects.filter(kind="task_due").exists()


def test_the_periodic_jobs_send_the_reminders(school, lead, head_of_year):
    case = make_case(school=school)
    _task(case=case, assignee=head_of_year, by=lead, due_in=timedelta(minutes=-1))
    (job,) = [job for job in run_periodic_jobs.JOBS if job.name == "remind_due_tasks"]
    assert run_periodic_jobs.run_due_jobs(holder="test", jobs=[job]) == ["remind_due_tasks"]
    assert Notification.objects.filter(case=case, kind="task_due", recipient=head_of_year).exists()


def test_pastoral_staff_choose_their_channel_in_their_account_settings(head_of_year):
    body = login(head_of_year).get(reverse("wagtailadmin_account")).content.decode()
    assert "Safeguarding alerts" in body and 'name="safeguarding_alerts-webhook_url"' in body
