"""Search that knows its reader: audience first, staff-only guidance last for others, titles
and summaries over passing mentions, plurals, misspellings and synonyms; and lists that pupils
read leave out staff-only guidance."""

import pytest

from .conftest import make_guide

pytestmark = pytest.mark.django_db


def paragraph(text):
    return [{"type": "paragraph", "value": f"<p>{text}</p>"}]


def found(client, query, **params):
    """Slugs of the result cards, in order, as the reader sees them."""
    import re

    html = client.get("/search/", {"q": query, **params}).content.decode()
    section = html[html.index('class="search-results"') :]
    urls = re.findall(r'class="card-title"><a href="([^"]+)"', section)
    return [url.rstrip("/").rsplit("/", 1)[-1] for url in urls]


@pytest.fixture
def image_guides(hub):
    make_guide(
        hub,
        title="Nudes and image sharing",
        slug="pupil-images",
        summary="What to do if a nude picture of you is shared.",
        audiences=("pupils",),
    )
    make_guide(
        hub,
        title="If a nude image of your child is shared",
        slug="parent-images",
        summary="For parents: what to do first when a nude picture is shared.",
        audiences=("parents",),
    )
    make_guide(
        hub,
        title="Handling an incident of nude image sharing",
        slug="staff-images",
        summary="For staff: a nude image shared between pupils.",
        audiences=("staff",),
    )


def test_the_readers_audience_comes_first(client, image_guides):
    assert found(client, "nude image shared", **{"for": "parents"})[0] == "parent-images"
    assert found(client, "nude image shared", **{"for": "pupils"})[0] == "pupil-images"
    assert found(client, "nude image shared", **{"for": "staff"})[0] == "staff-images"


def test_staff_only_guidance_comes_last_for_pupils(client, image_guides):
    assert found(client, "nude image shared", **{"for": "pupils"})[-1] == "staff-images"


def test_an_unknown_reader_is_ignored_not_an_error(client, image_guides):
    response = client.get("/search/", {"q": "nude image", "for": "<script>"})
    assert response.status_code == 200
    assert "&lt;script&gt;" not in response.content.decode().split("search-results")[0]
    assert len(found(client, "nude image", **{"for": "<script>"})) == 3


def test_the_hub_search_tells_the_search_whose_it_is(client, hub):
    html = client.get(hub.url).content.decode()
    assert 'name="for" value="pupils"' in html
    assert 'action="/search/"' in html


def test_a_title_match_beats_a_passing_mention_in_the_body(client, hub):
    make_guide(
        hub,
        title="Staying safe",
        slug="mention",
        summary="Lots of advice.",
        body=paragraph("Screenshots can help, and so can telling someone about screenshots."),
    )
    make_guide(hub, title="Keeping screenshots", slug="titled", summary="Saving proof.")
    assert found(client, "screenshots")[:2] == ["titled", "mention"]


@pytest.mark.parametrize(
    "query", ["screenshot", "screenshots", "screnshot", "screenshoot"], ids=str
)
def test_plurals_and_misspellings_find_the_page(client, hub, query):
    make_guide(hub, title="Keeping screenshots", slug="titled", summary="Saving proof.")
    make_guide(hub, title="Something else", slug="other", summary="About games.")
    assert found(client, query) == ["titled"]


def test_a_word_near_a_title_word_is_corrected_without_a_list(client, hub):
    make_guide(hub, title="Privacy and passwords", slug="privacy", summary="Lock it down.")
    assert found(client, "pasword") == ["privacy"]


def test_synonyms_from_the_words_file_find_the_page(client, hub):
    make_guide(hub, title="Sharing images", slug="images", summary="Photos and what the law says.")
    assert found(client, "pics") == ["images"]


def test_home_page_new_and_updated_leaves_out_staff_only_guidance(client, home, hub):
    make_guide(hub, title="For everyone", slug="for-everyone", audiences=("pupils", "staff"))
    make_guide(hub, title="Staff procedure", slug="staff-procedure", audiences=("staff",))
    html = client.get(home.url).content.decode()
    latest = html[html.index('id="latest-heading"') :]
    assert "For everyone" in latest
    assert "Staff procedure" not in latest


def test_related_advice_under_a_pupils_guide_leaves_out_staff_only_guidance(hub, plain_topic):
    from content.selectors import related_advice

    pupils = make_guide(hub, title="Pupils", slug="pupils-guide", topics=[plain_topic])
    shared = make_guide(hub, title="Shared", slug="shared", topics=[plain_topic])
    staff = make_guide(
        hub, title="Staff", slug="staff-guide", topics=[plain_topic], audiences=("staff",)
    )
    other_staff = make_guide(
        hub, title="Staff 2", slug="staff-guide-2", topics=[plain_topic], audiences=("staff",)
    )
    assert [page.pk for page in related_advice(page=pupils)] == [shared.pk]
    # A staff guide still offers other staff guidance.
    assert other_staff.pk in [page.pk for page in related_advice(page=staff)]
