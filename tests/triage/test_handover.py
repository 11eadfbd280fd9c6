"""Handing a case over: assigning it to a colleague with a note of what they need to know.

The note is part of the assignment event (the chronology says who handed it to whom
and why, in one entry), kept encrypted like every note, and goes into the case file.
"""

import pytest
from django.db import connection
from django.urls import reverse

from reporting.choices import EventKind
from reporting.models import CaseEvent
from reporting.services.cases import HANDOVER_NOTE_MAX_LENGTH
from tests.builders import make_lead

from .conftest import login, make_case

pytestmark = pytest.mark.django_db

NOTE = "Mum is expecting a call after 4pm; Sam will only talk to Mrs Ito <b>not</b> the tutor."


@pytest.fixture
def joan(school):
    return make_lead(username="jhughes", school=school, first_name="Joan", last_name="Hughes")


@pytest.fixture
def priya(school):
    return make_lead(username="pkhan", school=school, first_name="Priya", last_name="Khan")


def _assign(client, case, person, note=""):
    return client.post(
        reverse("reporting_triage:case_assign", args=[case.pk]),
        {"assignee": person.pk, "handover_note": note},
    )


def test_a_handover_note_is_part_of_the_assignment_in_the_chronology(school, joan, priya):
    case = make_case(school=school, assignee=joan)
    client = login(joan)
    assert _assign(client, case, priya, NOTE).status_code == 302

    event = case.events.get(kind=EventKind.ASSIGNMENT)
    assert event.actor == joan and event.body == NOTE
    html = client.get(reverse("reporting_triage:case_detail", args=[case.pk])).content.decode()
    chronology = html.split('id="chronology-heading"')[1].split("</section>")[0]
    assert "Change: Joan Hughes → Priya Khan" in chronology
    assert "Handover note" in chronology
    # Shown as typed, never as markup.
    assert "Sam will only talk to Mrs Ito &lt;b&gt;not&lt;/b&gt; the tutor." in chronology
    case_file = client.get(reverse("reporting_records:case_file", args=[case.pk])).content.decode()
    assert "Joan Hughes → Priya Khan" in case_file
    assert "Mum is expecting a call after 4pm" in case_file


def test_the_handover_note_is_encrypted_at_rest(school, joan, priya):
    case = make_case(school=school, assignee=joan)
    _assign(login(joan), case, priya, NOTE)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT body FROM {CaseEvent._meta.db_table} WHERE kind = %s",  # noqa: S608
            [EventKind.ASSIGNMENT.value],
        )
        (stored,) = cursor.fetchone()
    assert "Mrs Ito" not in str(stored) and "4pm" not in str(stored)


def test_an_assignment_without_a_note_has_no_handover_note(school, joan, priya):
    case = make_case(school=school, assignee=joan)
    client = login(joan)
    _assign(client, case, priya)
    assert case.events.get(kind=EventKind.ASSIGNMENT).body == ""
    html = client.get(reverse("reporting_triage:case_detail", args=[case.pk])).content.decode()
    chronology = html.split('id="chronology-heading"')[1].split("</section>")[0]
    assert "Change: Joan Hughes → Priya Khan" in chronology
    assert "Handover note" not in chronology


def test_a_handover_note_too_long_is_refused_and_nothing_changes(school, joan, priya):
    case = make_case(school=school, assignee=joan)
    response = _assign(login(joan), case, priya, "x" * (HANDOVER_NOTE_MAX_LENGTH + 1))
    assert response.status_code == 400
    assert "Keep the handover note under" in response.content.decode()
    case.refresh_from_db()
    assert case.assignee == joan
    assert not case.events.filter(kind=EventKind.ASSIGNMENT).exists()
