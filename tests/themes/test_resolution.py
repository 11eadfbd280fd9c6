"""Finding a request's branding costs at most one query and agrees with Wagtail."""

import pytest
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from themes import resolution
from themes.resolution import branding_for_request, current_theme, themed_template_names

pytestmark = pytest.mark.django_db


def test_outside_wagtail_pages_one_query_finds_the_site_and_its_branding(
    rf, northfield, brook_lane
):
    request = rf.get("/report/", HTTP_HOST=brook_lane.host)
    with CaptureQueriesContext(connection) as queries:
        branding = branding_for_request(request)
        assert branding.display_name == "Brook Lane Primary"
        assert branding.site == brook_lane.site
        # Wagtail's own lookup now finds the site on the request: no query.
        assert Site.find_for_request(request) == brook_lane.site
        assert current_theme(request) == "primary"
    assert len(queries) == 1


def test_on_wagtail_pages_the_site_already_found_is_reused(rf, northfield):
    request = rf.get("/", HTTP_HOST=northfield.host)
    Site.find_for_request(request)  # as Wagtail's page serving does
    with CaptureQueriesContext(connection) as queries:
        assert branding_for_request(request).display_name == "Northfield Academy"
        assert branding_for_request(request).site == northfield.site
    assert len(queries) == 1


def test_wagtails_settings_lookup_shares_the_cached_branding(rf, northfield):
    from wagtail.contrib.settings.context_processors import SettingProxy

    request = rf.get("/", HTTP_HOST=northfield.host)
    branding = branding_for_request(request)
    with CaptureQueriesContext(connection) as queries:
        assert SettingProxy(request)["themes"]["SchoolBranding"] is branding
    assert len(queries) == 0


def test_a_rendered_page_reads_branding_once(client, northfield, brook_lane):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/cover-your-tracks/", HTTP_HOST=brook_lane.host)
    assert response.status_code == 200
    branding_queries = [q for q in queries if "themes_schoolbranding" in q["sql"]]
    assert len(branding_queries) == 1
    # The Site with its branding, then the school's main menu (whether any page is
    # private, and the menu pages): both kept until the next publish.
    assert len(queries) <= 3
    with CaptureQueriesContext(connection) as again:
        client.get("/cover-your-tracks/", HTTP_HOST=brook_lane.host)
    assert len(again) == 0


@pytest.mark.parametrize(
    ("host", "port"),
    [
        ("northfield.test", 80),
        ("brooklane.test", 80),
        ("brooklane.test", 8000),
        ("unknown.test", 80),
        ("localhost", 80),
    ],
)
def test_the_joined_lookup_finds_the_same_site_as_wagtail(rf, northfield, brook_lane, host, port):
    Site.objects.create(hostname="brooklane.test", port=8000, root_page=brook_lane.home)
    header = host if port == 80 else f"{host}:{port}"
    ours, _ = resolution._find_site_and_branding(rf.get("/", HTTP_HOST=header))
    assert ours == Site.find_for_request(rf.get("/", HTTP_HOST=header))


def test_with_the_database_down_pages_fall_back_to_the_default_theme(rf, monkeypatch, northfield):
    def broken(request):
        raise OperationalError("database is down")

    monkeypatch.setattr(resolution, "_find_site_and_branding", broken)
    request = rf.get("/", HTTP_HOST=northfield.host)
    assert current_theme(request) == "secondary"
    assert branding_for_request(request).display_name == "Upstander"


def test_themed_names_put_the_theme_override_first(rf, brook_lane):
    request = rf.get("/", HTTP_HOST=brook_lane.host)
    assert themed_template_names(request, "content/guide_page.html") == [
        "themes/primary/content/guide_page.html",
        "content/guide_page.html",
    ]
