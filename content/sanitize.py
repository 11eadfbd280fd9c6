"""The one allow-list for HTML that editors or imports give us.

Rich text from Wagtail's editor is already limited by Draftail, but HTML can
also arrive through imports, the API, data migrations and `seed_demo`, which
skip the editor. Everything that renders editor HTML passes through
`clean_html` at render time, so no script, style, iframe, event handler or
`javascript:` URL ever reaches a page, whatever is stored.
"""

from functools import lru_cache
from urllib.parse import urlsplit

import bleach

ALLOWED_TAGS = frozenset(
    {
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "code",
        "em",
        "h2",
        "h3",
        "h4",
        "hr",
        "i",
        "img",
        "li",
        "ol",
        "p",
        "strong",
        "sub",
        "sup",
        "ul",
    }
)
ALLOWED_ATTRIBUTES = {
    "a": ["href", "title"],
    "abbr": ["title"],
    "img": ["src", "alt", "width", "height", "class"],
}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto", "tel"})
SAFE_URL_SCHEMES = ALLOWED_PROTOCOLS | {""}


def clean_html(html: str) -> str:
    """Editor HTML reduced to the allow-list; disallowed tags are removed, their text kept escaped."""
    if not html:
        return ""
    html = str(html)
    if len(html) <= _REMEMBERED_MAX_CHARS:
        return _clean_remembered(html)
    return _clean(html)


# Cleaning is a pure function of the HTML and bleach parses it fully each time
# (about a millisecond per rich-text block): the same blocks render on every
# view of a page, so recent results are remembered, within a bounded memory.
_REMEMBERED_MAX_CHARS = 20_000


@lru_cache(maxsize=128)
def _clean_remembered(html: str) -> str:
    return _clean(html)


def _clean(html: str) -> str:
    return bleach.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
    )


def safe_url(url: str) -> str:
    """A link target we are willing to put in href: http(s), mailto, tel or a local path; else ''."""
    url = (url or "").strip()
    if not url:
        return ""
    # Browsers ignore control characters and whitespace inside schemes ("java\tscript:").
    compact = "".join(ch for ch in url if ch.isprintable() and not ch.isspace())
    try:
        scheme = urlsplit(compact).scheme.lower()
    except ValueError:
        return ""
    if scheme not in SAFE_URL_SCHEMES:
        return ""
    if not scheme and compact.startswith("//"):
        # Protocol-relative URLs are external links in disguise; accept them only as https.
        return "https:" + compact
    return compact
