"""A school's colours reach its pages as a stylesheet from this site (CSP allows no inline styles)."""

import re

import pytest

from themes.models import SchoolBranding

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.themes.urls")]


def branding_link(response) -> str | None:
    match = re.search(
        r'<link rel="stylesheet" href="(/theme/branding\.css\?v=[0-9a-f]+)">',
        response.content.decode(),
    )
    return match.group(1) if match else None


def set_colours(school, **colours):
    branding = SchoolBranding.objects.get(site=school.site)
    for name, value in colours.items():
        setattr(branding, name, value)
    branding.full_clean()
    branding.save()


def test_each_school_gets_its_own_colours(client, northfield, brook_lane):
    set_colours(northfield, primary_text_colour="#ffffff", primary_background_colour="#123456")
    set_colours(brook_lane, accent_text_colour="#1f1a3d", accent_background_colour="#ffd23f")

    north = client.get("/theme/branding.css", HTTP_HOST=northfield.host)
    brook = client.get("/theme/branding.css", HTTP_HOST=brook_lane.host)
    assert north["Content-Type"].startswith("text/css")
    assert "--brand-primary-background: #123456;" in north.content.decode()
    assert "#ffd23f" not in north.content.decode()
    assert "--brand-accent-background: #ffd23f;" in brook.content.decode()
    assert "#123456" not in brook.content.decode()


def test_pages_link_the_stylesheet_only_when_the_school_set_colours(client, northfield):
    assert branding_link(client.get("/__themes__/page/", HTTP_HOST=northfield.host)) is None
    set_colours(northfield, primary_text_colour="#ffffff", primary_background_colour="#123456")
    first = branding_link(client.get("/__themes__/page/", HTTP_HOST=northfield.host))
    assert first is not None
    set_colours(northfield, primary_background_colour="#0f4c5c")
    second = branding_link(client.get("/__themes__/page/", HTTP_HOST=northfield.host))
    # A new URL for new colours, so no browser keeps the old ones.
    assert second is not None and second != first


def test_only_exact_hex_colours_are_ever_written_into_css(client, northfield):
    # Values that slipped past validation (written straight to the database; the
    # column holds 7 characters, enough to break out of a CSS declaration).
    SchoolBranding.objects.filter(site=northfield.site).update(
        primary_text_colour="#f0;}*{", primary_background_colour="#000000"
    )
    css = client.get("/theme/branding.css", HTTP_HOST=northfield.host).content.decode()
    assert "}*{" not in css
    assert "#000000" not in css  # half a pair is not applied either
