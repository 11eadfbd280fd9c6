"""Reading level for the page's audience: the measure, the editor's panel and the submission warning,
through the admin's real add and edit views."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from content.models import AgeBand, Audience, GuidePage
from content.reading_level import band_targets, lix, reading_level_of

from .helpers import guide_form_data
from .test_school_workflows import build_school, sign_in

pytestmark = pytest.mark.django_db

EASY = (
    "Someone sent you a mean message. It is not your fault. Do not reply to it. "
    "Take a picture of the screen. Show it to an adult you trust. You can block them too. "
    "Then tell your teacher what has happened."
)
HARD = (
    "Notwithstanding considerable institutional responsibilities, establishments must "
    "systematically investigate communications demonstrating persistent intimidation, "
    "documenting circumstances comprehensively, safeguarding vulnerable individuals "
    "appropriately, and coordinating multidisciplinary interventions with statutory "
    "organisations whenever necessary."
)


@pytest.fixture
def northfield(db):
    return build_school(hostname="northfield.test", name="Northfield Academy", slug="northfield")


def test_plain_short_sentences_score_far_below_long_words_in_one_long_sentence():
    easy, easy_words, easy_sentences = lix(EASY)
    hard, _, hard_sentences = lix(HARD)
    assert easy_sentences == 7 and easy_words == 41
    assert easy < band_targets()["7-11"].target < hard
    assert hard_sentences == 1


def test_too_few_words_are_not_scored():
    assert lix("Tell someone.")[0] is None


def guide_data(*, title, text, band="7-11", audience="pupils", submit=False):
    data = guide_form_data(title=title, slug=title.lower().replace(" ", "-"))
    data["summary"] = "What to do."
    body = nested_form_data({"body": streamfield([("paragraph", rich_text(f"<p>{text}</p>"))])})
    data = {key: value for key, value in data.items() if not key.startswith("body-")}
    data.update(body)
    data["audiences"] = [str(Audience.objects.get(key=audience).pk)]
    data["age_bands"] = [str(AgeBand.objects.get(key=band).pk)]
    if submit:
        data["action-submit"] = "1"
    return data


def add_guide(client, school, **kwargs):
    sign_in(client, school.mentor)
    response = client.post(
        reverse("wagtailadmin_pages:add", args=("content", "guidepage", school.hub.pk)),
        guide_data(**kwargs),
    )
    assert response.status_code == 302, response.content[:3000]
    return response


def test_the_score_is_computed_from_the_text_readers_see(northfield, client):
    add_guide(client, northfield, title="Mean messages", text=EASY)
    page = GuidePage.objects.get(slug="mean-messages").get_latest_revision_as_object()
    level = reading_level_of(page)
    # Title, summary and body: markup, block ids and data-block-keys are not words.
    assert level.score == lix(f"Mean messages\nWhat to do.\n{EASY}")[0]
    assert level.band.key == "7-11"
    assert not level.too_hard


def test_the_editor_shows_a_hard_young_pupils_page_above_its_band_to_mentor_and_moderator(
    northfield, client
):
    add_guide(client, northfield, title="Hard words", text=HARD, submit=True)
    page = GuidePage.objects.get(slug="hard-words")
    for user in (northfield.mentor, northfield.moderator):
        html = sign_in(client, user).get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
        text = html.content.decode()
        assert "Reading level:" in text, user
        assert "Harder than the target for ages 7 to 11 (30 or lower)" in text, user


def test_the_same_text_for_adults_is_measured_against_the_adults_target(northfield, client):
    add_guide(client, northfield, title="Easy for parents", text=EASY, audience="parents")
    page = GuidePage.objects.get(slug="easy-for-parents").get_latest_revision_as_object()
    assert reading_level_of(page).band.key == "adults"


def test_submitting_a_young_pupils_page_above_its_band_warns_the_mentor(northfield, client):
    response = add_guide(client, northfield, title="Hard words", text=HARD, submit=True)
    warnings = [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]
    assert any("harder to read" in message and "ages 7 to 11" in message for message in warnings)
    assert GuidePage.objects.get(slug="hard-words").workflow_in_progress  # warned, not refused


def test_submitting_an_easy_young_pupils_page_gives_no_reading_warning(northfield, client):
    response = add_guide(client, northfield, title="Mean messages", text=EASY, submit=True)
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages  # Wagtail's own "submitted" confirmation
    assert not any("harder to read" in message for message in messages)
