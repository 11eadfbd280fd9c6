"""What every public page's <head> and markup give browsers and search engines: a
meta description, a favicon, and no attribute values the HTML standard forbids."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.utils.html import escape

from themes.models import SchoolBranding

from .conftest import make_guide

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[2]


def description(response) -> str:
    found = re.findall(r'<meta name="description" content="([^"]*)">', response.content.decode())
    assert len(found) == 1
    return found[0]


def test_a_page_is_described_by_its_search_description_first(client, hub):
    make_guide(
        hub,
        title="Blocking",
        summary="How to block someone.",
        search_description="Block and report in every app.",
    )
    assert description(client.get("/pupils/blocking/")) == "Block and report in every app."


def test_without_a_search_description_a_page_is_described_by_its_summary(client, hub):
    make_guide(hub, title="Blocking", summary="How to block someone,\n  and report them.")
    assert description(client.get("/pupils/blocking/")) == "How to block someone, and report them."


def test_a_page_with_neither_is_described_as_the_schools_site(client, hub, school):
    SchoolBranding.objects.create(site=school, school_name="Brook Lane Primary")
    text = description(client.get("/pupils/"))
    assert text.startswith("Brook Lane Primary: online safety advice")
    assert description(client.get("/search/")) == text


def test_a_description_is_escaped(client, hub):
    make_guide(hub, title="Quotes", summary='Say "stop" <now>.')
    assert description(client.get("/pupils/quotes/")) == escape('Say "stop" <now>.')


def test_favicon_ico_is_the_projects_own_icon(client, home):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("/static/") and location.endswith(".ico")
    name = location.removeprefix("/static/")
    assert finders.find(name) is not None
    assert Path(finders.find(name)).read_bytes()[:4] == b"\x00\x00\x01\x00"  # an ICO file
    # Pages link the SVG icon too, from this site (no third party).
    assert re.search(
        r'<link rel="icon" href="/static/[^"]+\.svg"', client.get("/").content.decode()
    )


def test_no_template_has_an_empty_action_or_a_percentage_width_attribute():
    # `action=""` and `width="100%"` are invalid HTML (an action must be a non-empty URL,
    # a width a number of pixels); leave the action out and size with CSS instead.
    offenders = []
    for path in REPO.glob("*/templates/**/*.html"):
        text = path.read_text(encoding="utf-8")
        if re.search(r'\saction=""|\swidth="\d+%"', text):
            offenders.append(str(path.relative_to(REPO)))
    assert offenders == []
