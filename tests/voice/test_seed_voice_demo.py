"""The demo: a survey with answers (one small year group, to show suppression), a poll, Sky's badges."""

from django.core.management import call_command

from content.models import BadgeAward, PollPage, SurveyPage, SurveyResponse
from content.voice.services import survey_results


def test_seed_skips_surveys_without_a_pupils_hub(db):
    call_command("seed_voice_demo")
    assert not SurveyPage.objects.exists()


def test_seed_makes_a_published_survey_with_answers_and_a_poll(hub, mentor_profile):
    call_command("seed_voice_demo")
    survey = SurveyPage.objects.get()
    assert survey.live and survey.get_parent().pk == hub.pk
    assert SurveyResponse.objects.filter(page=survey).count() >= 30
    results = survey_results(page=survey)
    assert results.shown
    assert any(group.hidden for group in results.groups)  # the demo shows suppression at work
    poll = PollPage.objects.get()
    assert SurveyResponse.objects.filter(page=poll).count() > 20
    assert BadgeAward.objects.filter(mentor=mentor_profile).count() >= 3


def test_seed_is_idempotent(hub, mentor_profile):
    call_command("seed_voice_demo")
    counts = (
        SurveyResponse.objects.count(),
        BadgeAward.objects.count(),
        SurveyPage.objects.count(),
    )
    call_command("seed_voice_demo")
    assert (
        SurveyResponse.objects.count(),
        BadgeAward.objects.count(),
        SurveyPage.objects.count(),
    ) == counts
