"""A concern or a logged case reaches the leads of the school the person belongs to.

The attack: a mentor of one school opens the admin on another school's address (one
deployment serves every school of a trust) and raises a concern; the worry must not
go to that other school's leads, strangers to the pupil it is about.
"""

import pytest
from django.urls import reverse

from reporting.models import Case, ReportingSettings
from themes.schools import school_groups_create

from .conftest import login

CONCERN = {"what_worried_you": "Ria said someone is sharing her photo", "category": "other"}


@pytest.fixture
def other_school_mentor(mentor, other_school):
    mentor.groups.add(school_groups_create(other_school).mentors)
    return mentor


def test_a_mentors_concern_goes_to_their_own_school_whatever_the_address(
    school, other_school, other_school_mentor
):
    # The request comes in on the default school's address ("testserver").
    response = login(other_school_mentor).post(reverse("reporting_triage:concern"), CONCERN)
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.school == other_school
    assert case.report.what_happened == CONCERN["what_worried_you"]


def test_a_mentor_of_two_schools_is_asked_which_and_keeps_their_words(
    school, other_school, other_school_mentor
):
    other_school_mentor.groups.add(school_groups_create(school).mentors)
    client = login(other_school_mentor)
    form = client.get(reverse("reporting_triage:concern")).content.decode()
    assert "Which school is this about?" in form
    assert "Other School" in form

    refused = client.post(reverse("reporting_triage:concern"), CONCERN)
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Choose the school whose safeguarding leads should see this." in page
    assert CONCERN["what_worried_you"] in page
    assert not Case.objects.exists()

    chosen = client.post(
        reverse("reporting_triage:concern"), {**CONCERN, "school": other_school.pk}
    )
    assert chosen.status_code == 302
    assert Case.objects.get().school == other_school


def test_a_mentor_cannot_send_a_concern_to_a_school_they_do_not_belong_to(
    school, other_school, other_school_mentor
):
    response = login(other_school_mentor).post(
        reverse("reporting_triage:concern"), {**CONCERN, "school": school.pk}
    )
    assert Case.objects.get().school == other_school
    assert response.status_code == 302


def test_staff_log_a_case_for_their_own_school_not_the_addresss(school, other_school, staff_member):
    staff_member.groups.add(school_groups_create(other_school).moderators)
    for site in (school, other_school):
        settings = ReportingSettings.for_site(site)
        settings.staff_may_log_cases = True
        settings.save()
    response = login(staff_member).post(
        reverse("reporting_triage:case_log"),
        {
            "school": school.pk,  # forged: the address's school, not theirs
            "what_happened": "Disclosure in the corridor",
            "category": "other",
            "risk": "medium",
            "person_role": "target",
        },
    )
    assert response.status_code == 302
    assert Case.objects.get().school == other_school


def test_a_lead_of_two_schools_chooses_where_a_logged_case_goes(school, other_school, lead):
    from reporting.models import SafeguardingLead

    SafeguardingLead.objects.create(user=lead, school=other_school)
    data = {
        "what_happened": "Told me at lunch",
        "category": "other",
        "risk": "medium",
        "person_role": "target",
    }
    refused = login(lead).post(reverse("reporting_triage:case_log"), data)
    assert refused.status_code == 400
    assert "Choose the school whose safeguarding leads should see this case." in (
        refused.content.decode()
    )
    assert "Told me at lunch" in refused.content.decode()
    assert not Case.objects.exists()
