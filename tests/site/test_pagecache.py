"""Anonymous public pages are cached; publishing purges them at once; nothing personal is cached."""

import pytest
from django.test import override_settings
from wagtail.models import Page

from tests import school_pages
from upstander import pagecache

# The school's home page, pupils' hub and mentor "Sky" (shared with tests/content).
home = school_pages.home
hub = school_pages.hub
mentor_profile = school_pages.mentor_profile


@pytest.fixture(autouse=True)
def empty_page_cache(settings, tmp_path):
    # These tests read whether a page came from the cache; the public never sees it.
    settings.PAGE_CACHE_STATUS_HEADER = True
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path),
        },
    }
    from django.core.cache import caches

    caches["pages"].clear()
    if pagecache.LOCAL_PAGE_ALIAS in settings.CACHES:  # the Redis profile's process copies
        caches[pagecache.LOCAL_PAGE_ALIAS].clear()
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


def test_a_private_page_shown_to_signed_in_staff_is_never_served_to_anonymous_readers(
    client, public_page, moderator
):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=public_page, restriction_type="login")
    client.force_login(moderator)
    for _ in range(2):
        staff_view = client.get("/blocking/")
        assert staff_view.status_code == 200
        assert b"Blocking someone" in staff_view.content
    client.logout()
    client.cookies.clear()
    for _ in range(2):
        anonymous = client.get("/blocking/")
        assert anonymous.status_code == 302  # to the sign-in page
        assert b"Blocking someone" not in anonymous.content


def test_a_request_with_a_session_is_never_answered_from_the_cache(
    client, public_page, moderator, settings
):
    client.get("/blocking/")
    assert client.get("/blocking/")["X-Page-Cache"] == "hit"  # an anonymous copy is stored
    client.force_login(moderator)
    response = client.get("/blocking/")
    assert b"Blocking someone" in response.content
    # Rendered for this session, not copied: its idle timer was renewed (and a
    # page drawn for staff could differ from the anonymous one).
    assert settings.SESSION_COOKIE_NAME in response.cookies
    assert "X-Page-Cache" not in response


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


# --- Fragments cached until the next publish (pagecache.cached_for_generation) ---------


def test_losing_the_generation_counter_never_brings_back_older_pages(client, public_page):
    client.get("/blocking/")
    public_page.title = "Blocking and reporting"
    public_page.save_revision().publish()
    # A file cache culls entries and Redis may evict keys: the counter can vanish
    # while pages stored under older generations remain.
    pagecache.page_cache().delete(pagecache.GENERATION_KEY)
    response = client.get("/blocking/")
    assert response["X-Page-Cache"] == "miss"
    assert b"Blocking and reporting" in response.content


def test_a_page_made_private_leaves_the_cache_at_once(client, public_page):
    from wagtail.models import PageViewRestriction

    client.get("/blocking/")
    assert client.get("/blocking/")["X-Page-Cache"] == "hit"
    PageViewRestriction.objects.create(page=public_page, restriction_type="login")
    response = client.get("/blocking/")
    assert response.status_code == 302  # to the login page, not the cached copy
    assert "X-Page-Cache" not in response


def test_a_page_made_private_is_left_out_of_listings_at_once(client, settings, home, hub):
    from wagtail.models import PageViewRestriction

    from tests.content.conftest import make_guide

    settings.PAGE_CACHE_ENABLED = False
    guide = make_guide(hub, title="Staff only notes")
    assert "Staff only notes" in client.get("/pupils/").content.decode()
    PageViewRestriction.objects.create(page=guide, restriction_type="login")
    assert "Staff only notes" not in client.get("/pupils/").content.decode()
    assert client.get(guide.url).status_code == 302


@pytest.fixture
def rendered_guide(client, settings, home, hub, mentor_profile):
    """A guide and a related one, each rendered once, so their fragments are cached."""
    from content.models import Topic
    from tests.content.conftest import make_guide

    settings.PAGE_CACHE_ENABLED = False
    topic = Topic.objects.create(name="Gaming", slug="gaming")
    other = make_guide(hub, title="Muting players", topics=[topic], mentor=mentor_profile)
    guide = make_guide(
        hub,
        title="Blocking players",
        topics=[topic],
        body=[{"type": "heading", "value": "First heading"}],
    )
    for url in [guide.url, other.url, "/", "/pupils/"]:
        client.get(url)
        client.get(url)
    return guide, other, topic


def test_publishing_a_page_updates_its_cached_body_at_once(client, rendered_guide):
    from tests.content.conftest import publish

    guide, _, _ = rendered_guide
    assert "First heading" in client.get(guide.url).content.decode()
    draft = guide.get_latest_revision_as_object()
    draft.body = [{"type": "heading", "value": "Second heading"}]
    publish(draft)
    html = client.get(guide.url).content.decode()
    assert "Second heading" in html
    assert "First heading" not in html


def test_publishing_a_page_updates_its_cards_elsewhere_at_once(client, rendered_guide):
    from tests.content.conftest import publish

    guide, other, _ = rendered_guide
    assert "Muting players" in client.get(guide.url).content.decode()  # a related card
    draft = other.get_latest_revision_as_object()
    draft.title = "Muting and blocking players"
    publish(draft)
    for url in [guide.url, "/", "/pupils/"]:
        assert "Muting and blocking players" in client.get(url).content.decode(), url


def test_unpublishing_a_page_removes_its_cards_at_once(client, rendered_guide):
    guide, other, _ = rendered_guide
    other.unpublish()
    for url in [guide.url, "/", "/pupils/"]:
        assert "Muting players" not in client.get(url).content.decode(), url


def test_renaming_a_topic_shows_in_cached_cards_and_filters_at_once(client, rendered_guide):
    guide, _, topic = rendered_guide
    topic.name = "Online games"
    topic.save()
    for url in [guide.url, "/", "/pupils/"]:
        html = client.get(url).content.decode()
        assert "Online games" in html, url
        assert ">Gaming<" not in html, url


def test_changing_the_school_branding_shows_at_once(client, rendered_guide, school):
    from themes.models import SchoolBranding

    guide, _, _ = rendered_guide
    SchoolBranding.objects.update_or_create(site=school, defaults={"school_name": "Hill School"})
    assert "Hill School" in client.get(guide.url).content.decode()
    branding = SchoolBranding.objects.get(site=school)
    branding.school_name = "Dale School"
    branding.save()
    assert "Dale School" in client.get(guide.url).content.decode()


def test_a_preview_never_reads_or_fills_the_fragment_cache(client, rendered_guide, moderator):
    guide, _, _ = rendered_guide
    moderator.is_superuser = True
    moderator.save()
    client.force_login(moderator)
    draft = guide.get_latest_revision_as_object()
    draft.body = [{"type": "heading", "value": "Draft heading"}]
    draft.save_revision()
    preview = client.get(f"/admin/pages/{guide.pk}/edit/preview/?mode=")
    client.logout()
    live = client.get(guide.url).content.decode()
    assert "Draft heading" not in live
    assert "First heading" in live
    if preview.status_code == 200:
        assert "Draft heading" in preview.content.decode()


def test_the_site_and_branding_come_from_the_cache_without_a_query(client, rendered_guide):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    guide, _, _ = rendered_guide
    with CaptureQueriesContext(connection) as captured:
        client.get(guide.url)
    tables = " ".join(query["sql"] for query in captured.captured_queries)
    assert "wagtailcore_site" not in tables
    assert "themes_schoolbranding" not in tables
    assert "wagtailcore_pageviewrestriction" not in tables


def test_cached_filter_forms_keep_each_readers_choices(client, rendered_guide):
    for url, chosen in [
        ("/pupils/?age=16%2B", '<option value="16+" selected>'),
        ("/pupils/", '<option value="" selected>Any age</option>'),
        ("/pupils/?age=16%2B", '<option value="16+" selected>'),
        ("/search/?q=players&age=7-11", '<option value="7-11" selected>'),
        ("/search/?q=players", '<option value="" selected>Any age</option>'),
        ("/search/?q=players&age=7-11", '<option value="7-11" selected>'),
    ]:
        assert chosen in client.get(url).content.decode(), url


def test_a_process_copy_of_a_fragment_is_never_served_after_a_publish(settings):
    """With Redis, each process keeps its own copy of fragments ("fragments-local")."""
    from django.core.cache import caches

    settings.CACHES = {
        **settings.CACHES,
        "fragments-local": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "test-fragments-local",
        },
    }
    builds = []

    def build():
        builds.append(1)
        return f"version {len(builds)}"

    assert pagecache.cached_for_generation("greeting", build) == "version 1"
    caches["default"].clear()  # the shared copy is gone: this process's copy answers
    assert pagecache.cached_for_generation("greeting", build) == "version 1"
    pagecache.purge_all()
    assert pagecache.cached_for_generation("greeting", build) == "version 2"
    caches["fragments-local"].clear()


@pytest.fixture
def process_page_copies(settings):
    """The Redis profile: each process also keeps copies of whole pages ("pages-local")."""
    from django.core.cache import caches

    settings.CACHES = {
        **settings.CACHES,
        pagecache.LOCAL_PAGE_ALIAS: {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "test-pages-local",
        },
    }
    caches[pagecache.LOCAL_PAGE_ALIAS].clear()
    yield caches[pagecache.LOCAL_PAGE_ALIAS]
    caches[pagecache.LOCAL_PAGE_ALIAS].clear()


def _forget_shared_pages_but_not_the_generation():
    """The shared copy of /blocking/ is gone (evicted); the generation and tag versions stay."""
    from django.core.cache import caches
    from django.test import RequestFactory

    key = pagecache._cache_key(RequestFactory().get("/blocking/"))
    assert caches["pages"].get(key) is not None
    caches["pages"].delete(key)


def test_a_process_copy_of_a_page_is_served_without_the_shared_copy(
    client, public_page, process_page_copies
):
    first = client.get("/blocking/")
    assert first["X-Page-Cache"] == "miss"
    _forget_shared_pages_but_not_the_generation()
    second = client.get("/blocking/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def _publish_here(page, title):
    page.title = title
    page.save_revision().publish()


def _publish_on_another_server(page, title):
    # Another app server shares only Redis: its publish signal bumps the generation there.
    Page.objects.filter(pk=page.pk).update(title=title)
    pagecache._bump_generation()


@pytest.mark.parametrize("publish", [_publish_here, _publish_on_another_server])
def test_a_process_copy_of_a_page_is_never_served_after_a_publish(
    client, public_page, process_page_copies, publish
):
    client.get("/blocking/")
    publish(public_page, "Blocking and reporting")
    response = client.get("/blocking/")
    assert response["X-Page-Cache"] == "miss"
    assert b"Blocking and reporting" in response.content


def test_a_process_copy_of_a_page_is_filled_from_the_shared_copy(
    client, public_page, process_page_copies
):
    client.get("/blocking/")
    process_page_copies.clear()  # as in a second worker that has not served it yet
    assert client.get("/blocking/")["X-Page-Cache"] == "hit"
    _forget_shared_pages_but_not_the_generation()
    assert client.get("/blocking/")["X-Page-Cache"] == "hit"
