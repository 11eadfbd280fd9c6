"""The public answer endpoint: anonymous, cache-friendly, cleaned, rate-limited, help first."""

import logging
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from content.models import SurveyAnswer, SurveyResponse
from reporting.choices import Risk, Source
from reporting.models import Case, Notification

from .conftest import database_text, form_data, make_survey, questions_by_kind

SENTINEL_IP = "203.0.113.77"
SENTINEL_AGENT = "SentinelBrowser/9.9 (unique-agent-string-4417)"
SENTINEL_REFERER = "https://referrer.example/sentinel-referer-5521"


def answer_url(page):
    return f"/voice/{page.pk}/answer/"


def test_survey_page_is_cacheable_and_has_no_csrf_token(client, survey, settings):
    settings.PAGE_CACHE_STATUS_HEADER = True  # the debug header, off for the public
    response = client.get(survey.url)
    assert response.status_code == 200
    assert not response.cookies
    assert b"csrfmiddlewaretoken" not in response.content
    assert f'action="{answer_url(survey)}"'.encode() in response.content
    # The first view of a fresh school may create its settings rows; by the next
    # view at the latest the page is stored, and then served from the cache.
    client.get(survey.url)
    again = client.get(survey.url)
    assert again["X-Page-Cache"] == "hit"


def test_answer_stores_no_client_identity(client, survey, staff_member, caplog):
    # Even a signed-in member of staff answering is not recorded as who they are.
    client.force_login(staff_member)
    caplog.set_level(logging.DEBUG)
    response = client.post(
        answer_url(survey),
        form_data(
            survey, year="8", multiple=["Roblox"], scale="4", text="More on group chats please"
        ),
        REMOTE_ADDR=SENTINEL_IP,
        HTTP_USER_AGENT=SENTINEL_AGENT,
        HTTP_REFERER=SENTINEL_REFERER,
        HTTP_X_FORWARDED_FOR=SENTINEL_IP,
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    stored = SurveyResponse.objects.get()
    assert stored.year_group == 8
    assert SurveyAnswer.objects.filter(response=stored).count() == 4
    # No column of the response models can hold an address, an agent or an account...
    field_names = {
        field.name for model in (SurveyResponse, SurveyAnswer) for field in model._meta.get_fields()
    }
    assert not field_names & {
        "ip",
        "ip_address",
        "user_agent",
        "user",
        "session",
        "referrer",
        "created_at",
    }
    # ...and nothing anywhere in the database, or in the logs, holds them.
    everything = database_text()
    for sentinel in (SENTINEL_IP, SENTINEL_AGENT, SENTINEL_REFERER):
        assert sentinel not in everything
        assert sentinel not in caplog.text


def test_answer_response_sets_no_cookie(client, survey):
    response = client.post(answer_url(survey), form_data(survey))
    assert response.status_code == 200
    assert not response.cookies
    assert b"data-voice-answered" in response.content  # the browser's own local-storage memory


def test_free_text_is_stripped_of_tags_before_storing(client, survey):
    payload = '<script>alert(1)</script><b onclick="x()">Bold</b> &lt;img src=x onerror=alert(2)&gt; I <3 mentors'
    client.post(answer_url(survey), form_data(survey, text=payload))
    text = SurveyAnswer.objects.exclude(text="").get().text
    assert "<" not in text.replace("<3", "")
    assert "alert(1)" in text  # what was between tags stays, as plain text
    assert "Bold" in text
    assert "I <3 mentors" in text


def test_honeypot_answer_is_thanked_but_not_stored(client, survey):
    response = client.post(answer_url(survey), form_data(survey, website="http://spam.example"))
    assert response.status_code == 200
    assert b"Thank you" in response.content
    assert not SurveyResponse.objects.exists()


def test_missing_required_answer_shows_the_form_again_and_stores_nothing(client, survey):
    data = form_data(survey, multiple=["Discord"])
    del data[questions_by_kind(survey)["single"].field_name]
    response = client.post(answer_url(survey), data)
    assert response.status_code == 400
    assert b"Please answer this question." in response.content
    assert b'value="Discord" checked' in response.content  # the pupil's answers are kept
    assert not SurveyResponse.objects.exists()


def test_choice_not_offered_is_refused(client, survey):
    response = client.post(answer_url(survey), form_data(survey, single="Hacked choice"))
    assert response.status_code == 400
    assert not SurveyResponse.objects.exists()


def test_year_group_outside_the_age_band_is_refused(client, survey):
    response = client.post(answer_url(survey), form_data(survey, year="3"))
    assert response.status_code == 400
    assert not SurveyResponse.objects.exists()


def test_closed_survey_takes_no_answers(client, hub):
    closed = make_survey(
        hub,
        slug="closed",
        opens_at=timezone.now() - timedelta(days=9),
        closes_at=timezone.now() - timedelta(days=1),
    )
    response = client.post(answer_url(closed), form_data(closed))
    assert b"This has closed" in response.content
    assert not SurveyResponse.objects.exists()
    assert b"This closed on" in client.get(closed.url).content


def test_danger_in_free_text_shows_help_first_and_makes_an_anonymous_concern_of_that_answer(
    client, survey, home
):
    response = client.post(
        answer_url(survey), form_data(survey, text="Sometimes I want to kill myself")
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert 'data-danger-kind="suicide_self_harm"' in content
    assert "0800 068 4141" in content
    assert 'href="/report/"' in content
    assert content.index("help-panel") < content.index("How to tell the school")
    answer = SurveyAnswer.objects.exclude(text="").get()
    assert answer.mentions_crisis
    case = Case.objects.get()
    assert case.source == Source.SURVEY_ANSWER
    assert case.risk == Risk.URGENT
    assert case.school == survey.get_site()
    assert [signal["kind"] for signal in case.danger_signals] == ["suicide_self_harm"]
    # The case holds that answer alone: no year group, nothing from the other answers.
    question = questions_by_kind(survey)["text"].text
    assert case.report.what_happened == (
        f"Answer to “{question}” in the survey “{survey.title}”:\n\nSometimes I want to kill myself"
    )
    assert case.year_group is None
    assert Notification.objects.filter(case=case).exists()


def test_ordinary_free_text_makes_no_case(client, survey):
    client.post(answer_url(survey), form_data(survey, text="More guides about Roblox please"))
    assert not Case.objects.exists()


def test_ordinary_free_text_does_not_show_the_help_panel(client, survey):
    response = client.post(
        answer_url(survey), form_data(survey, text="More guides about Roblox please")
    )
    assert b"help-panel" not in response.content


@override_settings(VOICE_ANSWER_RATE_PER_CLIENT="3/h")
def test_answers_are_rate_limited_per_client(client, survey):
    for _ in range(3):
        assert (
            client.post(
                answer_url(survey), form_data(survey), REMOTE_ADDR="198.51.100.9"
            ).status_code
            == 200
        )
    limited = client.post(answer_url(survey), form_data(survey), REMOTE_ADDR="198.51.100.9")
    assert limited.status_code == 429
    assert b"Get help now" in limited.content
    assert SurveyResponse.objects.count() == 3
    # Another network is not affected.
    assert (
        client.post(answer_url(survey), form_data(survey), REMOTE_ADDR="198.51.100.10").status_code
        == 200
    )


def test_answers_need_post(client, survey):
    assert client.get(answer_url(survey)).status_code == 405


def test_draft_survey_takes_no_answers(client, survey):
    survey.unpublish()
    assert client.post(answer_url(survey), form_data(survey)).status_code == 404


def test_poll_answer_is_stored(client, poll):
    question = poll.question_list()[0]
    response = client.post(answer_url(poll), {question.field_name: "Report it"})
    assert response.status_code == 200
    assert SurveyAnswer.objects.get().value == "Report it"
    assert SurveyResponse.objects.get().year_group is None


@pytest.mark.parametrize("kind", ["multiple", "scale"])
def test_unknown_values_for_choice_questions_are_refused(client, survey, kind):
    field = questions_by_kind(survey)[kind].field_name
    data = form_data(survey)
    data[field] = "99"
    assert client.post(answer_url(survey), data).status_code == 400
