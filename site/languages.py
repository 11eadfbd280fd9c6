"""The interface language of a public page, read from its address and nothing else.

Who uses this: the header's language switcher and `hreflang` alternates (themes'
`language_tags`), the page cache (a Welsh address is excluded like its English one)
and `aria_current`. English pages keep their addresses (/report/); every other
language is the same address under its code (/cy/report/), served by Django's
`i18n_patterns` and `LocaleMiddleware`. Nothing is stored on the device: no cookie,
no session, so a pupil's language leaves no trace a parent or a bully could find.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.urls import translate_url
from django.utils import translation

LANGUAGE_PREFIX = re.compile(r"^/([^/]+)(?=/|$)")


def without_language_prefix(path: str) -> str:
    """/cy/report/ -> /report/; an English (unprefixed) path is returned as it is."""
    found = LANGUAGE_PREFIX.match(path)
    if found and found.group(1) in dict(settings.LANGUAGES):
        return path[found.end(1) :] or "/"
    return path


def path_in_language(path: str, language_code: str) -> str:
    """The same page's address in another interface language.

    Through Django's `translate_url`, so an address outside `i18n_patterns` (the
    admin) comes back unchanged and one that resolves nowhere too.
    """
    found = LANGUAGE_PREFIX.match(path)
    written_in = found.group(1) if found and found.group(1) in dict(settings.LANGUAGES) else None
    # translate_url resolves under the active language: make that the path's own.
    with translation.override(written_in or settings.LANGUAGE_CODE):
        return translate_url(path, language_code)


def html_language_tag(language_code: str) -> str:
    """BCP 47 as written in `lang`: en-gb -> en-GB (what screen readers expect)."""
    language, _, region = language_code.partition("-")
    return f"{language}-{region.upper()}" if region else language


@dataclass(frozen=True)
class LanguageLink:
    code: str
    lang: str  # as written in `lang` and `hreflang`
    name: str  # in its own language
    href: str
    current: bool


def language_links(path: str) -> list[LanguageLink]:
    """One link per offered language to this page in it, or [] if it has no other.

    `path` is the request's path only: a query string could hold what a pupil
    typed (a search) and is not carried into a link another person may see.
    """
    names = dict(settings.LANGUAGES)
    current = translation.get_language()
    links = [
        LanguageLink(
            code=code,
            lang=html_language_tag(code),
            name=names[code],
            href=path_in_language(path, code),
            current=code == current,
        )
        for code in settings.PUBLIC_LANGUAGES_OFFERED
    ]
    if len({link.href for link in links}) < 2:
        return []
    return links
