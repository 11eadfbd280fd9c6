"""Every field that renders is safe against the XSS corpus, whatever is stored."""

import re

import pytest

from content.models import CodeOfConductPage, Helpline, MentorProfile, PageFeedback, Topic
from upstander.sanitize import clean_html, safe_url

from .conftest import make_guide, publish
from .xss_payloads import XSS_PAYLOADS, assert_no_xss

pytestmark = pytest.mark.django_db


def rendered(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_clean_html_removes_every_payload(payload):
    assert_no_xss(clean_html(payload))


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_safe_url_refuses_script_urls(payload):
    for url in re.findall(r'(?:href|src|action|data)="([^"]*)"', payload):
        cleaned = safe_url(url.replace("&#106;", "j"))
        assert not cleaned.lower().startswith(("javascript", "vbscript", "data"))


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_guide_fields_and_blocks_render_payloads_harmlessly(client, hub, payload):
    topic = Topic.objects.create(name=payload[:80], slug="evil", description=payload)
    mentor = MentorProfile.objects.create(display_name="Sky", bio=payload)
    body = [
        {"type": "heading", "value": payload},
        {"type": "paragraph", "value": payload},
        {"type": "steps", "value": {"title": payload, "items": [payload]}},
        {"type": "do_dont", "value": {"do": [payload], "dont": [payload]}},
        {"type": "tip", "value": payload},
        {"type": "warning", "value": payload},
        {"type": "quote", "value": {"text": payload, "attribution": payload}},
        {"type": "faq", "value": [{"question": payload, "answer": payload}]},
        {
            "type": "related_links",
            "value": [{"title": payload, "url": "javascript:alert('xss')", "page": None}],
        },
    ]
    page = make_guide(
        hub,
        title=payload[:200],
        slug="evil-guide",
        summary=payload[:300],
        body=body,
        topics=[topic],
        mentor=mentor,
    )
    PageFeedback.objects.create(page=page, helpful=False, comment=payload)
    for url in [page.url, "/pupils/", "/", "/topics/evil/", f"/mentors/{mentor.pk}/", "/topics/"]:
        assert_no_xss(rendered(client, url))


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_help_page_code_of_conduct_and_helplines_render_payloads_harmlessly(client, home, payload):
    from content.models import HelpPage

    Helpline.objects.create(
        name=payload[:100], phone=payload[:40], description=payload, url="javascript:alert(1)"
    )
    help_page = HelpPage(
        title="Get help now",
        slug="get-help",
        summary=payload[:300],
        intro=payload,
        live=False,
        body=[{"type": "paragraph", "value": payload}],
    )
    home.add_child(instance=help_page)
    publish(help_page)
    code = CodeOfConductPage(
        title="Our code",
        slug="our-code",
        summary="s",
        intro=payload,
        changes=payload,
        commitments=[{"type": "commitment", "value": {"title": payload, "text": payload}}],
        live=False,
    )
    home.add_child(instance=code)
    publish(code)
    for url in ["/get-help/", "/our-code/", "/our-code/print/", f"/search/?q={payload}"]:
        assert_no_xss(rendered(client, url))


def test_feedback_comments_are_escaped_in_the_admin_listing(client, moderator, guide):
    from tests.builders import TEST_PASSWORD

    for payload in XSS_PAYLOADS:
        PageFeedback.objects.create(page=guide, helpful=True, comment=payload)
    client.login(username="moderator", password=TEST_PASSWORD)
    response = client.get("/admin/snippets/content/pagefeedback/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert('xss')" not in html
    assert "<img src=x onerror" not in html
