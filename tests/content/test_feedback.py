"""'Was this page helpful?': anonymous, rate-limited, honeypot, cache-friendly."""

import pytest
from django.core.cache import cache

from content.models import PageFeedback

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_counters():
    cache.clear()
    yield
    cache.clear()


def test_guide_page_carries_no_csrf_token_or_cookie(client, guide):
    response = client.get(guide.url)
    assert b'action="/feedback/' in response.content
    assert b"csrfmiddlewaretoken" not in response.content
    assert "csrftoken" not in response.cookies
    assert not response.cookies  # nothing lasting, nothing at all


def test_feedback_is_stored_and_the_reader_is_thanked_without_javascript(client, guide):
    response = client.post(
        f"/feedback/{guide.pk}/", {"helpful": "no", "comment": "Needs TikTok steps"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{guide.url}?feedback=thanks#feedback"
    answer = PageFeedback.objects.get()
    assert (answer.page_id, answer.helpful, answer.comment) == (
        guide.pk,
        False,
        "Needs TikTok steps",
    )
    assert b"Thanks for telling us" in client.get(response["Location"]).content


def test_feedback_stores_no_client_identity(client, guide):
    client.post(
        f"/feedback/{guide.pk}/",
        {"helpful": "yes"},
        REMOTE_ADDR="203.0.113.77",
        HTTP_USER_AGENT="UniqueAgent/1.0",
        HTTP_COOKIE="tracking=abc123",
    )
    answer = PageFeedback.objects.get()
    fields = {field.name for field in PageFeedback._meta.get_fields()}
    assert fields == {"id", "page", "helpful", "comment", "created_on"}
    stored = " ".join(
        str(getattr(answer, name)) for name in ["page_id", "helpful", "comment", "created_on"]
    )
    for secret in ["203.0.113.77", "UniqueAgent", "abc123"]:
        assert secret not in stored


def test_honeypot_answers_are_thanked_but_not_stored(client, guide):
    response = client.post(
        f"/feedback/{guide.pk}/", {"helpful": "yes", "website": "http://spam.example"}
    )
    assert response.status_code == 302
    assert not PageFeedback.objects.exists()


def test_feedback_is_rate_limited_per_client(client, guide):
    for _ in range(30):
        assert (
            client.post(
                f"/feedback/{guide.pk}/", {"helpful": "yes"}, REMOTE_ADDR="198.51.100.1"
            ).status_code
            == 302
        )
    limited = client.post(f"/feedback/{guide.pk}/", {"helpful": "yes"}, REMOTE_ADDR="198.51.100.1")
    assert limited.status_code == 429
    assert b"/get-help/" in limited.content  # help stays visible on the rate-limit page
    assert PageFeedback.objects.count() == 30
    # Another reader is not blocked by the first one's answers.
    assert (
        client.post(
            f"/feedback/{guide.pk}/", {"helpful": "no"}, REMOTE_ADDR="198.51.100.2"
        ).status_code
        == 302
    )


def test_feedback_for_a_draft_page_is_refused(client, guide):
    guide.unpublish()
    assert client.post(f"/feedback/{guide.pk}/", {"helpful": "yes"}).status_code == 404


def test_moderators_see_feedback_listed_per_page(client, moderator, guide, overdue_guide):
    from tests.builders import TEST_PASSWORD

    PageFeedback.objects.create(page=guide, helpful=False, comment="About blocking")
    PageFeedback.objects.create(page=overdue_guide, helpful=True, comment="About old advice")
    client.login(username="moderator", password=TEST_PASSWORD)
    html = client.get("/admin/snippets/content/pagefeedback/", {"page": guide.pk}).content.decode()
    assert "About blocking" in html
    assert "About old advice" not in html
