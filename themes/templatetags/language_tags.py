"""The language switcher, `hreflang` alternates and `lang`/`dir` of the shared layout."""

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.html import format_html, format_html_join

from upstander.languages import html_language_tag, language_links, path_in_language

register = template.Library()


@register.simple_tag(takes_context=True)
def other_languages(context):
    """Links to this page in each offered language ([] where there is none)."""
    request = context.get("request")
    if request is None:
        return []
    return language_links(request.path)


@register.simple_tag
def html_language_attributes():
    """` lang="cy"`, and ` dir="rtl"` for Arabic and Urdu, of the active language."""
    code = translation.get_language() or "en-gb"
    if translation.get_language_bidi():
        return format_html(' lang="{}" dir="rtl"', html_language_tag(code))
    return format_html(' lang="{}"', html_language_tag(code))


@register.simple_tag
def here(path: str) -> str:
    """A fixed address of the site ("/pupils/") in the reader's language ("/cy/pupils/")."""
    return path_in_language(path, translation.get_language() or "en-gb")


@register.simple_tag(takes_context=True)
def hreflang_alternates(context):
    """`<link rel="alternate" hreflang>` for each language of this page, and x-default.

    Absolute, as search engines require; the path only, never the query string.
    """
    request = context.get("request")
    if request is None:
        return ""
    links = language_links(request.path)
    if not links:
        return ""
    default = next(link for link in links if link.code == settings.LANGUAGE_CODE)
    pairs = [(link.lang, request.build_absolute_uri(link.href)) for link in links]
    pairs.append(("x-default", request.build_absolute_uri(default.href)))
    return format_html_join("\n  ", '<link rel="alternate" hreflang="{}" href="{}">', pairs)
