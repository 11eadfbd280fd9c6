"""The pupil screens: import with preview, linking a case, the pupil's file, the case search."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reporting.choices import AuditAction, EventKind, PersonRole, TeamRole
from reporting.models import AuditEntry, CaseEvent, PersonInvolved, Pupil, PupilLink
from reporting.services.cases import case_add_note, case_log
from reporting.services.pupils import pupil_create, pupil_link_case
from tests.builders import make_lead, make_user
from tests.triage.conftest import login, make_case, make_person

pytestmark = pytest.mark.django_db

CSV = (
    "Legal Surname,Legal Forename,Year,DOB,UPN\n"
    "Patel,Sam,Year 8,14/03/2013,A123456789012\n"
    "Khan,Ali,Year 15,,\n"
)


def upload(client, school, content=CSV):
    return client.post(
        reverse("reporting_pupils:import"),
        {"school": school.pk, "file": SimpleUploadedFile("pupils.csv", content.encode())},
    )


def test_the_import_previews_bad_rows_and_saves_nothing_until_confirmed(lead_client, school):
    preview = upload(lead_client, school)
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "Year 15" in page and "not a year group we know" in page
    assert "Import 1 pupils" in page
    assert Pupil.objects.count() == 0
    confirmed = lead_client.post(
        reverse("reporting_pupils:import"), {"confirm": "1", "token": preview.context["token"]}
    )
    assert confirmed.status_code == 302
    assert [p.full_name for p in Pupil.objects.all()] == ["Sam Patel"]


def test_the_preview_token_carries_no_readable_name_and_only_its_uploader_can_use_it(
    lead_client, school
):
    token = upload(lead_client, school).context["token"]
    assert "Patel" not in token and token.startswith("enc1:")
    other = make_user(username="otherlead2")
    from reporting.models import SafeguardingLead

    SafeguardingLead.objects.create(user=other, school=school)
    response = login(other).post(
        reverse("reporting_pupils:import"), {"confirm": "1", "token": token}
    )
    assert response.status_code == 302
    assert Pupil.objects.count() == 0


def test_linking_a_reported_name_to_a_pupil_verifies_it_and_adds_to_the_chronology(
    lead_client, school, lead, pupil, case
):
    person = make_person(case=case, name="sam patel", role=PersonRole.TARGET)
    url = reverse("reporting_pupils:case_link", args=[case.pk])
    page = lead_client.get(url, {"person": person.pk})
    # The reported name finds the pupil straight away, however it was written.
    assert [p.pk for p in page.context["results"]] == [pupil.pk]
    response = lead_client.post(
        url, {"pupil": pupil.pk, "person": person.pk, "role": PersonRole.TARGET}
    )
    assert response.status_code == 302
    link = PupilLink.objects.get()
    assert (link.case, link.pupil, link.person, link.linked_by) == (case, pupil, person, lead)
    assert PersonInvolved.objects.get(pk=person.pk).verified is True
    assert case.events.filter(kind=EventKind.PUPIL_LINKED).exists()
    assert (
        "Sam Patel"
        in lead_client.get(reverse("reporting_triage:case_detail", args=[case.pk])).content.decode()
    )


def test_a_name_from_a_report_stays_unverified_until_a_lead_links_it(school, case, pupil):
    person = make_person(case=case, name="Sam Patel")
    assert PersonInvolved.objects.get(pk=person.pk).verified is False
    assert not PupilLink.objects.exists()


def test_a_new_pupil_can_be_added_from_the_case_and_linked(lead_client, case):
    response = lead_client.post(
        reverse("reporting_pupils:case_link", args=[case.pk]),
        {"first_name": "Ria", "last_name": "Shah", "year_group": "9", "role": PersonRole.WITNESS},
    )
    assert response.status_code == 302
    assert PupilLink.objects.get().pupil.full_name == "Ria Shah"


def test_a_bad_new_pupil_form_keeps_what_was_typed(lead_client, case):
    response = lead_client.post(
        reverse("reporting_pupils:case_link", args=[case.pk]),
        {"first_name": "Ria", "last_name": "", "upn": "nope", "role": PersonRole.WITNESS},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="Ria"' in page and "A UPN is a letter" in page
    assert not Pupil.objects.exists()


def test_the_pupils_page_shows_every_case_newest_first_and_is_audited(
    lead_client, school, lead, pupil
):
    older = make_case(school=school, text="first worry")
    newer = make_case(school=school, text="second worry")
    pupil_link_case(case=older, pupil=pupil, actor=lead, role=PersonRole.TARGET)
    case_add_note(case=older, actor=lead, body="Spoke to Sam at lunch")
    pupil_link_case(case=newer, pupil=pupil, actor=lead, role=PersonRole.ALLEGED_PERPETRATOR)
    unrelated = make_case(school=school, text="nothing to do with Sam")
    case_add_note(case=unrelated, actor=lead, body="UNRELATED NOTE")
    response = lead_client.get(reverse("reporting_pupils:detail", args=[pupil.pk]))
    assert response.status_code == 200
    events = response.context["events"]
    assert [e.created_at for e in events] == sorted((e.created_at for e in events), reverse=True)
    assert {e.case_id for e in events} == {older.pk, newer.pk}
    assert "Spoke to Sam at lunch" in response.content.decode()
    assert "UNRELATED NOTE" not in response.content.decode()
    entry = AuditEntry.objects.filter(action=AuditAction.VIEW_PUPIL).get()
    assert entry.detail == {"pupil": str(pupil.pk)} and entry.actor == lead


def test_another_schools_pupil_is_not_found(other_school, other_lead, lead_client):
    theirs = pupil_create(
        school=other_school, actor=other_lead, first_name="Sam", last_name="Patel"
    )
    assert lead_client.get(reverse("reporting_pupils:detail", args=[theirs.pk])).status_code == 404
    listing = lead_client.get(reverse("reporting_pupils:list"), {"q": "patel"})
    assert listing.context["page"].paginator.count == 0


def test_staff_who_are_not_leads_cannot_open_pupil_screens(staff_member, pupil):
    client = login(staff_member)
    for url in (
        reverse("reporting_pupils:list"),
        reverse("reporting_pupils:detail", args=[pupil.pk]),
        reverse("reporting_pupils:import"),
    ):
        assert client.get(url).status_code == 403


def test_pastoral_staff_in_the_team_cannot_open_records_or_the_categories_screen(school, pupil):
    # In the team and past the second factor, but keeping records is the DSL's and deputies'.
    client = login(make_lead(username="head-of-year", school=school, role=TeamRole.PASTORAL))
    for url in (
        reverse("reporting_pupils:list"),
        reverse("reporting_pupils:detail", args=[pupil.pk]),
        f"{reverse('reporting_triage:categories')}?school={school.pk}",
    ):
        assert client.get(url).status_code == 403, url
    assert (
        login(make_lead(username="deputy-dsl", school=school, role=TeamRole.DEPUTY))
        .get(reverse("reporting_pupils:list"))
        .status_code
        == 200
    )


def test_a_search_for_a_name_finds_the_pupil_and_audits_no_name(lead_client, pupil):
    response = lead_client.get(reverse("reporting_pupils:list"), {"q": "PATEL"})
    assert [p.pk for p in response.context["page"]] == [pupil.pk]
    entry = AuditEntry.objects.filter(action=AuditAction.SEARCH_PUPILS).get()
    assert "patel" not in str(entry.detail).lower() and entry.detail["searched"] is True


def test_the_queue_finds_cases_by_pupil_and_by_words_in_the_report(
    lead_client, school, lead, pupil
):
    worded = case_log(
        actor=lead,
        school=school,
        what_happened="A fake account copied her photos",
        when_happened="",
        category="impersonation",
        platform="instagram",
        risk="medium",
    )
    linked = make_case(school=school)
    pupil_link_case(case=linked, pupil=pupil, actor=lead, role=PersonRole.TARGET)
    make_case(school=school, text="other")
    queue = reverse("reporting_triage:queue")

    def found(**params):
        return {case.pk for case in lead_client.get(queue, params).context["object_list"]}

    assert found(words="fake PHOTOS") == {worded.pk}
    assert found(pupil="sam patel") == {linked.pk}
    assert found(q="patel") == {linked.pk}
    assert found(q="account") == {worded.pk}
    assert found(q=worded.reference.lower()) == {worded.pk}
    assert found(words="photos", category="threats") == set()


def test_the_reporters_follow_up_words_are_searchable_too(lead_client, school):
    from reporting.services.submission import reporter_reply

    case = make_case(school=school)
    reporter_reply(case=case, message="They also used a burner account")
    assert CaseEvent.objects.filter(case=case).exists()
    response = lead_client.get(reverse("reporting_triage:queue"), {"words": "burner"})
    assert [c.pk for c in response.context["object_list"]] == [case.pk]
