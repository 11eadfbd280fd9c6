"""The one HTML sanitiser: every allow-list the site uses, as a named profile.

HTML reaches a page from three kinds of writer, and each gets its own profile here:

- `EDITOR`: rich text from Wagtail's editor, imports, the API, data migrations and
  `seed_demo` (which skip the editor). Everything that renders editor HTML passes
  through `clean_html` at render time, so no script, style, iframe, event handler or
  `javascript:` URL reaches a page, whatever is stored.
- `LEAD_MESSAGE`: what a safeguarding lead may send a pupil (paragraphs, lists, bold,
  italics, links). Stored already clean and cleaned again when the follow-up page shows
  it, so the page never trusts the writer's browser or whatever wrote the database.
- `PLAIN_TEXT`: no tags at all, for pupils' free text and for telling whether a message
  holds any words once its markup is gone.

Used by content (blocks, template tags, pupil voice) and reporting (cases, transfers,
the follow-up page); nothing else calls bleach.
"""

from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlsplit

import bleach


@dataclass(frozen=True)
class Profile:
    """What one kind of writer may use: tags, attributes per tag, and link schemes."""

    name: str
    tags: frozenset[str]
    attributes: dict[str, list[str]] = field(default_factory=dict, hash=False)
    protocols: frozenset[str] = frozenset()


EDITOR = Profile(
    name="editor",
    tags=frozenset(
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
    ),
    attributes={
        "a": ["href", "title"],
        "abbr": ["title"],
        "img": ["src", "alt", "width", "height", "class"],
    },
    protocols=frozenset({"http", "https", "mailto", "tel"}),
)

# Nothing a child's follow-up page could be made to look official or strange with.
LEAD_MESSAGE = Profile(
    name="lead message",
    tags=frozenset({"p", "br", "ul", "ol", "li", "a", "strong", "em", "b", "i"}),
    attributes={"a": ["href"]},
    protocols=frozenset({"http", "https", "mailto"}),
)

PLAIN_TEXT = Profile(name="plain text", tags=frozenset())

SAFE_URL_SCHEMES = EDITOR.protocols | {""}


def clean(html: str, profile: Profile) -> str:
    """HTML reduced to the profile: other tags removed (their text kept, escaped), comments dropped."""
    return bleach.clean(
        html or "",
        tags=profile.tags,
        attributes=profile.attributes,
        protocols=profile.protocols,
        strip=True,
        strip_comments=True,
    )


def clean_html(html: str) -> str:
    """Editor HTML reduced to the `EDITOR` profile."""
    if not html:
        return ""
    html = str(html)
    if len(html) <= _REMEMBERED_MAX_CHARS:
        return _clean_editor_remembered(html)
    return clean(html, EDITOR)


# Cleaning is a pure function of the HTML and bleach parses it fully each time
# (about a millisecond per rich-text block): the same blocks render on every
# view of a page, so recent results are remembered, within a bounded memory.
_REMEMBERED_MAX_CHARS = 20_000


@lru_cache(maxsize=128)
def _clean_editor_remembered(html: str) -> str:
    return clean(html, EDITOR)


def clean_message(html: str) -> str:
    """A lead's message to a pupil reduced to the `LEAD_MESSAGE` profile."""
    return clean(html, LEAD_MESSAGE).strip()


def text_of(html: str) -> str:
    """What is left of some HTML with every tag removed (entities stay escaped)."""
    return clean(html, PLAIN_TEXT)


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
