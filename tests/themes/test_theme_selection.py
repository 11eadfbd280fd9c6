"""Each school's hostname gets its own theme, with DEBUG off and the cached
template loader on, and a change in the admin's setting shows on the next request."""

import re

import pytest
from django.template import engines
from django.test import override_settings

from themes.models import SchoolBranding
from themes.registry import all_themes

from .conftest import CACHED_TEMPLATES

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.urls("tests.themes.urls"),
]

THEMED_PAGE = "/__themes__/page/"
PRIMARY_TAGLINE = "Be kind online"


def html_theme(response) -> str:
    match = re.search(r'<html[^>]*\sdata-theme="([^"]+)"', response.content.decode())
    assert match, "no data-theme on <html>"
    return match.group(1)


def theme_stylesheets(response) -> list[str]:
    return re.findall(
        r'<link rel="stylesheet" href="([^"]+)" data-theme-stylesheet>', response.content.decode()
    )


@pytest.fixture
def cached_loader():
    with override_settings(DEBUG=False, TEMPLATES=CACHED_TEMPLATES):
        engine = engines["django"].engine
        # Prove the engine under test really caches templates by name.
        assert [type(loader).__module__ for loader in engine.template_loaders] == [
            "django.template.loaders.cached"
        ]
        yield engine


def test_alternating_hostnames_each_get_their_own_theme_with_the_cached_loader(
    client, cached_loader, northfield, brook_lane
):
    for _ in range(3):
        for school, theme in ((northfield, "secondary"), (brook_lane, "primary")):
            response = client.get(THEMED_PAGE, HTTP_HOST=school.host)
            assert response.status_code == 200
            assert html_theme(response) == theme
            assert theme_stylesheets(response) == [f"/static/themes/{theme}/theme.css"]
            # The primary theme's own base.html (a template override) is used for
            # its school only, though both names went through the same cache.
            assert (PRIMARY_TAGLINE in response.content.decode()) is (theme == "primary")
            assert school.branding.school_name in response.content.decode()


def test_pages_that_extend_the_shared_base_get_the_theme_stylesheet_too(
    client, cached_loader, northfield, brook_lane
):
    # The cover-your-tracks page and error pages name base.html / base_minimal.html directly.
    for path in ("/cover-your-tracks/", "/no-such-page/"):
        for school, theme in ((brook_lane, "primary"), (northfield, "secondary")):
            response = client.get(path, HTTP_HOST=school.host)
            assert html_theme(response) == theme
            assert theme_stylesheets(response) == [f"/static/themes/{theme}/theme.css"]


def test_changing_the_theme_setting_takes_effect_on_the_next_request(
    client, cached_loader, northfield, brook_lane
):
    # Warm the template cache and the whole-page cache first, as a live site would be.
    assert html_theme(client.get(THEMED_PAGE, HTTP_HOST=northfield.host)) == "secondary"
    assert html_theme(client.get(THEMED_PAGE, HTTP_HOST=northfield.host)) == "secondary"

    branding = SchoolBranding.objects.get(site=northfield.site)
    branding.theme = "primary"
    branding.full_clean()
    branding.save()

    response = client.get(THEMED_PAGE, HTTP_HOST=northfield.host)
    assert html_theme(response) == "primary"
    assert PRIMARY_TAGLINE in response.content.decode()
    # The other school is untouched.
    assert html_theme(client.get(THEMED_PAGE, HTTP_HOST=brook_lane.host)) == "primary"
    branding.theme = "secondary"
    branding.save()
    assert html_theme(client.get(THEMED_PAGE, HTTP_HOST=northfield.host)) == "secondary"


def test_a_site_without_saved_branding_gets_the_default_theme_without_writing(
    client, cached_loader, northfield
):
    SchoolBranding.objects.all().delete()
    response = client.get(THEMED_PAGE, HTTP_HOST=northfield.host)
    assert html_theme(response) == "secondary"
    assert "Northfield Academy" in response.content.decode()  # the Site's own name
    assert not SchoolBranding.objects.exists()  # a GET never creates settings


def test_a_theme_whose_folder_is_gone_falls_back_to_the_default(client, cached_loader, northfield):
    SchoolBranding.objects.filter(site=northfield.site).update(theme="removed-theme")
    assert html_theme(client.get(THEMED_PAGE, HTTP_HOST=northfield.host)) == "secondary"


def test_every_registered_theme_is_a_folder_with_a_stylesheet():
    themes = all_themes()
    assert {"primary", "secondary"} <= set(themes)
    for theme in themes.values():
        assert (theme.static_dir / "theme.css").is_file(), theme.slug
        assert theme.label


def test_the_admin_does_not_get_the_public_theme_variable(rf):
    """Wagtail's admin templates use a `theme` variable of their own (dialogs, dropdowns)."""
    from themes.context_processors import theme

    assert theme(rf.get("/admin/pages/")) == {}
    assert set(theme(rf.get("/pupils/"))) >= {"theme", "branding", "base_template"}
