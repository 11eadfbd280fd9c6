"""Tasks on a case: given to a member of the school's team, flagged when overdue, done once."""

from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from reporting.choices import AuditAction, EventKind, TeamRole
from reporting.models import AuditEntry, CaseTask, SafeguardingLead
from tests.builders import make_lead, make_user

from .conftest import make_case

pytestmark = pytest.mark.django_db

WHAT = "Ring Sam Whitfield's mum about the group chat"


@pytest.fixture
def head_of_year(school):
    person = make_user(username="hoy-tasks", first_name="Hana", last_name="Ito")
    SafeguardingLead.objects.create(user=person, school=school, role=TeamRole.PASTORAL)
    return person


def _due(hours: float) -> str:
    return (timezone.localtime() + timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M")


def test_a_lead_gives_a_task_to_a_head_of_year(school, lead, lead_client, head_of_year):
    case = make_case(school=school)
    response = lead_client.post(
        reverse("reporting_triage:case_task", args=[case.pk]),
        {"what": WHAT, "assignee": head_of_year.pk, "due_at": _due(-2)},
    )
    assert response.status_code == 302
    task = CaseTask.objects.get(case=case)
    assert task.assignee == head_of_year and task.what == WHAT and task.is_overdue
    event = case.events.get(kind=EventKind.TASK_ADDED)
    assert event.actor == lead and event.body == WHAT
    assert AuditEntry.objects.filter(case=case, detail__has_key="task_added").exists()
    page = lead_client.get(reverse("reporting_triage:case_detail", args=[case.pk])).content.decode()
    assert WHAT.replace("'", "&#x27;") in page and "Hana Ito" in page and "Overdue." in page
    queue = lead_client.get(reverse("reporting_triage:queue")).content.decode()
    assert "1 overdue" in queue
    home = lead_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Safeguarding today" in home and "Overdue tasks in my schools" in home


def test_what_a_task_says_is_encrypted_at_rest(school, lead_client, head_of_year):
    case = make_case(school=school)
    lead_client.post(
        reverse("reporting_triage:case_task", args=[case.pk]),
        {"what": WHAT, "assignee": head_of_year.pk, "due_at": _due(24)},
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT what FROM {CaseTask._meta.db_table}")  # noqa: S608 - fixed name
        stored = [row[0] for row in cursor.fetchall()]
    assert len(stored) == 1
    assert "Whitfield" not in str(stored[0]) and "group chat" not in str(stored[0])
    assert CaseTask.objects.get().what == WHAT


@pytest.mark.parametrize("who", ["other_school_lead", "plain_staff", "governor"])
def test_a_task_cannot_go_to_someone_outside_the_schools_team(
    school, other_school, lead_client, who
):
    case = make_case(school=school)
    if who == "other_school_lead":
        person = make_lead(username="elsewhere-tasks", school=other_school)
    elif who == "plain_staff":
        person = make_user(username="staff-tasks", groups=["Moderators"])
    else:
        person = make_user(username="governor-tasks")
        SafeguardingLead.objects.create(user=person, school=school, role=TeamRole.GOVERNOR)
    response = lead_client.post(
        reverse("reporting_triage:case_task", args=[case.pk]),
        {"what": WHAT, "assignee": person.pk, "due_at": _due(24)},
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not CaseTask.objects.exists()


def test_the_assignee_marks_a_task_done_once(school, lead_client, head_of_year):
    case = make_case(school=school)
    lead_client.post(
        reverse("reporting_triage:case_task", args=[case.pk]),
        {"what": WHAT, "assignee": head_of_year.pk, "due_at": _due(24)},
    )
    task = CaseTask.objects.get()
    done_url = reverse("reporting_triage:case_task_done", args=[case.pk, task.pk])
    assert lead_client.post(done_url).status_code == 302
    assert lead_client.post(done_url).status_code == 302
    task.refresh_from_db()
    assert task.completed_at is not None
    assert case.events.filter(kind=EventKind.TASK_DONE).count() == 1
    assert (
        AuditEntry.objects.filter(
            case=case, action=AuditAction.CHANGE, detail__has_key="task_done"
        ).count()
        == 1
    )
    queue = lead_client.get(reverse("reporting_triage:queue")).content.decode()
    assert "overdue" not in queue.split("<table", 1)[-1]


def test_a_task_on_another_schools_case_cannot_be_added(other_school, lead_client, head_of_year):
    theirs = make_case(school=other_school)
    response = lead_client.post(
        reverse("reporting_triage:case_task", args=[theirs.pk]),
        {"what": WHAT, "assignee": head_of_year.pk, "due_at": _due(24)},
    )
    assert response.status_code == 404
    assert not CaseTask.objects.exists()
