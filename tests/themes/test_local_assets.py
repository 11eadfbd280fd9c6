"""Nothing a public page loads comes from another host (product rule 4): the
stylesheets, scripts and the dyslexia-friendly font are all served by this site."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from themes.registry import all_themes

THEMES_APP = Path(__file__).resolve().parents[2] / "themes"
STATIC_FOLDERS = [THEMES_APP / "static", *(theme.static_dir for theme in all_themes().values())]
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)


def static_files(*suffixes):
    return [p for folder in STATIC_FOLDERS for p in folder.rglob("*") if p.suffix in suffixes]


@pytest.mark.parametrize("path", static_files(".css"), ids=lambda p: p.name)
def test_stylesheets_load_nothing_from_another_host(path):
    css = path.read_text(encoding="utf-8")
    for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", css):
        assert not EXTERNAL.match(url) or url.startswith("data:"), url
    assert not re.search(r"@import\s+(?:url\()?['\"]?(?:https?:)?//", css)


def test_the_dyslexia_friendly_font_is_served_from_this_site_with_its_licence():
    css = (THEMES_APP / "static/upstander/css/base.css").read_text(encoding="utf-8")
    sources = re.findall(r"@font-face\s*\{[^}]*?src:\s*url\(\"([^\"]+)\"", css)
    assert len(sources) == 4
    for source in sources:
        path = (THEMES_APP / "static/upstander/css" / source).resolve()
        assert path.is_file(), source
        assert path.read_bytes()[:4] == b"wOF2"
    licence = (THEMES_APP / "static/upstander/fonts/opendyslexic/OFL.txt").read_text()
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence


@pytest.mark.parametrize("path", static_files(".js"), ids=lambda p: p.name)
def test_scripts_contact_no_other_host_and_set_no_cookie(path):
    js = path.read_text(encoding="utf-8")
    assert "document.cookie" not in js
    assert not re.search(r"https?://", js)
    assert "fetch(" not in js and "XMLHttpRequest" not in js


def test_reader_preferences_are_kept_in_local_storage():
    js = (THEMES_APP / "static/upstander/js/preferences.js").read_text(encoding="utf-8")
    assert "localStorage" in js


@pytest.mark.django_db
@pytest.mark.urls("tests.themes.urls")
@pytest.mark.parametrize("theme", sorted(all_themes()))
def test_rendered_pages_only_reference_this_site(client, northfield, theme):
    from themes.models import SchoolBranding

    SchoolBranding.objects.filter(site=northfield.site).update(
        theme=theme, primary_text_colour="#ffffff", primary_background_colour="#123456"
    )
    for path in ("/__themes__/page/", "/cover-your-tracks/", "/no-such-page/"):
        html = client.get(path, HTTP_HOST=northfield.host).content.decode()
        # hreflang alternates are absolute, as search engines require, and never fetched
        # by a browser: they must name this site itself.
        alternates = re.findall(
            r"<link rel=\"alternate\" hreflang=\"[^\"]+\" href=\"([^\"]+)\"", html
        )
        for url in alternates:
            assert url.startswith(f"http://{northfield.host}/"), (path, url)
        html = re.sub(r"<link rel=\"alternate\"[^>]*>", "", html)
        references = re.findall(
            r"<(?:link|script|img|source|iframe)\b[^>]*?\b(?:href|src)=\"([^\"]+)\"", html
        )
        assert references, path
        for url in references:
            assert url.startswith("/") and not url.startswith("//"), (path, url)
            if url.startswith("/static/"):
                assert finders.find(url.removeprefix("/static/")), url
        assert "style=" not in html  # the CSP allows no inline styles
        assert "<style" not in html
        assert not re.search(r"<script(?![^>]*\bsrc=)", html)  # and no inline script
