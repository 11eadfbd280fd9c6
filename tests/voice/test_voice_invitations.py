"""A pupil finds the school's open surveys from the home page and their hub.

Surveys and polls live under the hub; nothing linked to them before, so no pupil
found one. What is listed is decided by when each takes answers and who it is for,
and a listed survey must lead to a page that takes the pupil's answers.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import Page

from content.models import Audience, AudienceHubPage, SurveyResponse
from content.selectors import voice_invitations
from upstander.pagecache import purge_all

from .conftest import form_data, make_survey

pytestmark = pytest.mark.django_db


def have_your_say(client, path) -> str:
    html = client.get(path).content.decode()
    start = html.find('id="have-your-say-heading"')
    return "" if start < 0 else html[start : html.find("</section>", start)]


def test_an_open_survey_is_shown_on_home_and_hub_and_leads_to_its_questions(client, survey):
    for path in ("/", "/pupils/"):
        section = have_your_say(client, path)
        assert "How safe do you feel online?" in section and survey.url in section
    page = client.get(survey.url).content.decode()
    assert "Has anyone been unkind to you online?" in page
    # The pupil answers through the form the page shows.
    action = re.search(r'<form[^>]*method="post"[^>]*action="([^"]+)"', page) or re.search(
        r'<form[^>]*action="([^"]+)"[^>]*method="post"', page
    )
    sent = client.post(action.group(1), form_data(survey), follow=True)
    assert sent.status_code == 200 and survey.thank_you in sent.content.decode()
    assert SurveyResponse.objects.filter(page=survey).count() == 1


def test_a_survey_is_listed_only_while_it_takes_answers(hub, home):
    now = timezone.now()
    make_survey(hub, slug="later", opens_at=now + timedelta(hours=2))
    make_survey(
        hub, slug="ended", opens_at=now - timedelta(days=3), closes_at=now - timedelta(hours=1)
    )
    closing = make_survey(hub, slug="closing", closes_at=now + timedelta(hours=1))
    purge_all()

    def listed(at):
        return [item.url for item in voice_invitations(site_root=home, now=at)]

    assert listed(now) == [closing.url]
    # The list is cached until a publish, yet it follows the clock without one.
    assert sorted(listed(now + timedelta(minutes=150))) == [f"{hub.url}later/"]
    assert listed(now + timedelta(minutes=30)) == [closing.url]


def test_a_hub_lists_only_surveys_for_its_audience_or_for_everyone(home, hub, survey):
    parents = AudienceHubPage(
        title="For parents", slug="parents", audience=Audience.objects.get(key="parents")
    )
    home.add_child(instance=parents)
    everyone = make_survey(hub, slug="everyone")
    everyone.audiences.clear()
    everyone.save_revision().publish()
    purge_all()
    on_parents = [item.title for item in voice_invitations(site_root=home, audience_key="parents")]
    on_pupils = [item.url for item in voice_invitations(site_root=home, audience_key="pupils")]
    assert on_parents == [everyone.title]
    assert sorted(on_pupils) == sorted([survey.url, everyone.url])


def test_drafts_and_unpublished_surveys_are_not_listed(client, survey):
    Page.objects.get(pk=survey.pk).specific.unpublish()
    purge_all()
    assert have_your_say(client, "/pupils/") == ""
    assert "For pupils" in client.get("/pupils/").content.decode()


def test_publishing_a_survey_shows_it_on_the_cached_hub_at_once(client, settings, hub):
    settings.PAGE_CACHE_ENABLED = True
    assert have_your_say(client, "/pupils/") == ""
    client.get("/pupils/")  # kept by the page cache
    survey = make_survey(hub, slug="new-survey")
    assert survey.url in have_your_say(client, "/pupils/")
    assert survey.url in have_your_say(client, "/")
