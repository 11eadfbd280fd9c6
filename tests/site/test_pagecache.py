"""Anonymous public pages are cached; publishing purges them at once; nothing personal is cached."""

import pytest
from django.test import override_settings
from wagtail.models import Page

from upstander import pagecache


@pytest.fixture(autouse=True)
def empty_page_cache(settings, tmp_path):
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path),
        },
    }
    from django.core.cache import caches

    caches["pages"].clear()
    yield
    caches["pages"].clear()


@pytest.fixture
def public_page(school):
    page = school.root_page.add_child(instance=Page(title="Blocking someone", slug="blocking"))
    page.save_revision().publish()
    return page


def test_second_anonymous_request_is_served_from_the_cache(client, public_page):
    first = client.get("/blocking/")
    second = client.get("/blocking/")
    assert first.status_code == 200
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_publishing_purges_the_cached_page_at_once(client, public_page):
    client.get("/blocking/")
    assert client.get("/blocking/")["X-Page-Cache"] == "hit"
    public_page.title = "Blocking and reporting"
    public_page.save_revision().publish()
    response = client.get("/blocking/")
    assert response["X-Page-Cache"] == "miss"
    assert b"Blocking and reporting" in response.content


def test_unpublishing_removes_the_page_from_readers_at_once(client, public_page):
    client.get("/blocking/")
    public_page.unpublish()
    assert client.get("/blocking/").status_code == 404


def test_staff_with_a_session_are_never_served_or_stored_from_the_cache(
    client, public_page, moderator
):
    client.force_login(moderator)
    response = client.get("/blocking/")
    assert "X-Page-Cache" not in response
    client.logout()
    assert client.get("/blocking/")["X-Page-Cache"] == "miss"


def test_report_pages_are_never_cached(client, db):
    client.get("/report/")
    assert "X-Page-Cache" not in client.get("/report/")


@pytest.mark.parametrize(
    ("status", "headers", "cookie", "expected"),
    [
        (200, {"Content-Type": "text/html; charset=utf-8"}, None, True),
        (200, {"Content-Type": "text/html; charset=utf-8"}, "csrftoken", False),
        (200, {"Content-Type": "text/html", "Cache-Control": "no-store"}, None, False),
        (200, {"Content-Type": "text/html", "Cache-Control": "private"}, None, False),
        (404, {"Content-Type": "text/html"}, None, False),
        (200, {"Content-Type": "application/json"}, None, False),
    ],
)
def test_only_impersonal_html_responses_are_stored(status, headers, cookie, expected):
    from django.http import HttpResponse

    response = HttpResponse("x", status=status)
    for name, value in headers.items():
        response[name] = value
    if cookie:
        response.set_cookie(cookie, "value")
    assert pagecache._cacheable_response(response) is expected


def test_cache_can_be_switched_off(client, public_page):
    with override_settings(PAGE_CACHE_ENABLED=False):
        client.get("/blocking/")
        assert "X-Page-Cache" not in client.get("/blocking/")
