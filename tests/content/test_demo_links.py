"""No broken internal link on any demo school's site.

Starting from each school's home page, follows every internal `<a href>` on the
public pages it reaches (breadth first, at most MAX_PAGES a school), with the
Django client on that school's host, and expects every one to answer.
"""

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.core.management import call_command
from wagtail.models import Site

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

MAX_PAGES = 150
# Followed only to see they answer: their pages are forms and media, not more links to crawl.
NOT_CRAWLED = ("/report/", "/documents/", "/media/", "/static/", "/feedback/")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def internal_links(base: str, html: str) -> set[str]:
    parser = _Links()
    parser.feed(html)
    found = set()
    for href in parser.hrefs:
        url, _ = urldefrag(urljoin(base, href))
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and parts.netloc == urlsplit(base).netloc:
            found.add(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def crawl(client, host: str) -> dict[str, list[str]]:
    """{broken path: [pages linking to it]} for the site served on `host`."""
    base = f"http://{host}/"
    seen, broken = {"/"}, {}
    linked_from = {"/": ["(start)"]}
    queue = deque(["/"])
    while queue and len(seen) <= MAX_PAGES:
        path = queue.popleft()
        response = client.get(path, HTTP_HOST=host, follow=True)
        if response.status_code != 200:
            broken[path] = linked_from[path]
            continue
        if path.startswith(NOT_CRAWLED) or "text/html" not in response.get("Content-Type", ""):
            continue
        for link in internal_links(urljoin(base, path), response.content.decode()):
            linked_from.setdefault(link, []).append(path)
            if link not in seen:
                seen.add(link)
                queue.append(link)
    return broken


def test_every_demo_school_has_no_broken_internal_link(client):
    call_command("seed_demo")
    sites = list(Site.objects.order_by("pk"))
    assert len(sites) >= 2
    for site in sites:
        host = f"{site.hostname}:{site.port}"
        assert crawl(client, host) == {}, site.site_name
