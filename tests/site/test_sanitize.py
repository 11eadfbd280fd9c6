"""The sanitiser's profiles each stop script, event handlers and script URLs, and keep what they allow."""

from html.parser import HTMLParser

import pytest

from tests.content.xss_payloads import XSS_PAYLOADS, assert_no_xss
from upstander import sanitize

PROFILES = [sanitize.EDITOR, sanitize.LEAD_MESSAGE, sanitize.PLAIN_TEXT]


def tags_in(html: str) -> list[str]:
    found = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append(tag)

    collector = Collector(convert_charrefs=True)
    collector.feed(html)
    collector.close()
    return found


@pytest.mark.parametrize("profile", PROFILES, ids=lambda profile: profile.name)
@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_every_profile_leaves_nothing_that_runs(profile, payload):
    assert_no_xss(sanitize.clean(payload, profile))


@pytest.mark.parametrize("profile", PROFILES, ids=lambda profile: profile.name)
def test_every_profile_drops_script_handlers_and_script_urls(profile):
    cleaned = sanitize.clean(
        '<p onclick="steal()">Hi <script>steal()</script>'
        '<a href="javascript:steal()" onmouseover="steal()">there</a></p>',
        profile,
    )
    assert "<script" not in cleaned
    assert "onclick" not in cleaned
    assert "onmouseover" not in cleaned
    assert "javascript:" not in cleaned
    assert "Hi" in cleaned
    assert "there" in cleaned


def test_the_editor_profile_keeps_headings_images_and_tel_links():
    html = (
        '<h2>Help</h2><p><a href="tel:08001111" title="Childline">Call</a></p>'
        '<img src="/media/a.png" alt="A phone" width="10" height="10" class="richtext-image">'
    )
    assert sanitize.clean_html(html) == html


def test_the_lead_message_profile_keeps_simple_formatting_and_web_links():
    html = '<p><strong>Well done</strong> <a href="https://www.childline.org.uk/">Childline</a></p>'
    assert sanitize.clean_message(html) == html


def test_the_lead_message_profile_is_narrower_than_the_editor_profile():
    html = '<h2>Official</h2><img src="/x.png" alt=""><a href="tel:+448001111" title="t">ring</a>'
    cleaned = sanitize.clean_message(html)
    assert tags_in(cleaned) == ["a"]
    assert 'href="tel:' not in cleaned
    assert "title=" not in cleaned
    assert "Official" in cleaned


def test_the_plain_text_profile_leaves_no_tag_at_all():
    cleaned = sanitize.text_of('<p>Hello <em>you</em></p><a href="https://example.org/">x</a>')
    assert tags_in(cleaned) == []
    assert cleaned == "Hello youx"


def test_large_editor_html_is_cleaned_too():
    html = "<p>word</p>" * 3000 + "<script>steal()</script>"
    assert len(html) > sanitize._REMEMBERED_MAX_CHARS
    cleaned = sanitize.clean_html(html)
    assert "<script" not in cleaned
    assert cleaned.startswith("<p>word</p>")
