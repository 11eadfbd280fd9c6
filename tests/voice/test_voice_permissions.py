"""Who sees what: mentors never see survey results, free text, CSVs or certificates,
and cannot make or change surveys; moderators, safeguarding leads and superusers can."""

import pytest
from wagtail.models import Page

from content.models import SurveyPage
from content.voice.services import response_submit
from tests.security.helpers import verified_login

from .conftest import questions_by_kind

FREE_TEXT = "secret free text only staff may read"


@pytest.fixture
def answered(survey):
    text_id = questions_by_kind(survey)["text"].id
    for _ in range(6):
        response_submit(page=survey, answers={text_id: FREE_TEXT}, year_group=7)
    return survey


def staff_urls(survey, mentor_profile):
    return [
        "/admin/voice/surveys/",
        f"/admin/voice/surveys/{survey.pk}/",
        f"/admin/voice/surveys/{survey.pk}/results.csv",
        "/admin/voice/mentors/",
        f"/admin/voice/mentors/{mentor_profile.pk}/certificate/",
    ]


@pytest.mark.parametrize("who", ["mentor", "staff_member"])
def test_mentors_and_other_staff_cannot_open_results_csv_or_certificates(
    client, request, who, answered, mentor_profile
):
    user = request.getfixturevalue(who)
    verified_login(client, user)
    for url in staff_urls(answered, mentor_profile):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert FREE_TEXT.encode() not in response.content
    post = client.post(
        f"/admin/voice/mentors/{mentor_profile.pk}/certificate/",
        {
            "real_name": "Alex Example",
            "period_start": "2025-01-01",
            "period_end": "2025-06-01",
            "signed_by": "X",
        },
    )
    assert post.status_code in (302, 403)
    assert post.get("Content-Type") != "application/pdf"


@pytest.mark.parametrize("who", ["moderator", "lead", "superuser"])
def test_moderators_leads_and_superusers_see_results(client, request, who, answered):
    verified_login(client, request.getfixturevalue(who))
    response = client.get(f"/admin/voice/surveys/{answered.pk}/")
    assert response.status_code == 200
    assert FREE_TEXT.encode() in response.content


def test_pupil_voice_menu_is_shown_only_to_those_who_may_see_results(client, mentor, lead, survey):
    verified_login(client, mentor)
    assert b"/admin/voice/surveys/" not in client.get("/admin/").content
    client.logout()
    verified_login(client, lead)
    assert b"/admin/voice/surveys/" in client.get("/admin/").content


def test_mentor_cannot_add_a_survey_page(client, mentor, hub):
    verified_login(client, mentor)
    response = client.get(f"/admin/pages/add/content/surveypage/{hub.pk}/")
    assert response.status_code in (302, 403)
    response = client.post(
        f"/admin/pages/add/content/surveypage/{hub.pk}/",
        {"title": "Tell us who", "slug": "tell-us"},
    )
    assert response.status_code in (302, 403)
    assert not SurveyPage.objects.filter(slug="tell-us").exists()


def test_mentor_cannot_edit_a_survey_page(client, mentor, survey):
    # Even if a mentor somehow owned one.
    Page.objects.filter(pk=survey.pk).update(owner=mentor)
    verified_login(client, mentor)
    response = client.get(f"/admin/pages/{survey.pk}/edit/")
    assert response.status_code in (302, 403)


def test_moderator_can_open_the_survey_editor(client, moderator, hub):
    verified_login(client, moderator)
    assert client.get(f"/admin/pages/add/content/surveypage/{hub.pk}/").status_code == 200
