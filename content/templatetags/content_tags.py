"""Template helpers of the knowledge site. Editor HTML is only ever output through clean_richtext."""

import hashlib

from django import template
from django.db import DatabaseError
from django.utils.safestring import mark_safe
from wagtail.rich_text import expand_db_html

from upstander.pagecache import cached_for_generation
from upstander.sanitize import clean_html, safe_url

register = template.Library()


@register.filter
def clean_richtext(value):
    """Rich text (a RichTextField string or RichText value), expanded and cleaned by the allow-list."""
    if value is None:
        return ""
    source = getattr(value, "source", value)
    return mark_safe(clean_html(expand_db_html(str(source))))  # noqa: S308 - cleaned by the sanitiser


@register.filter(name="safe_url")
def safe_url_filter(value):
    return safe_url(str(value or ""))


@register.simple_tag(takes_context=True)
def page_url(context, page):
    """A page's URL using the per-request cache of site root paths (no query per page)."""
    return page.get_url(context.get("request"))


@register.tag("cache_until_publish")
def cache_until_publish(parser, token):
    """`{% cache_until_publish "name" page.pk tags=page.pk|page_cache_tag %}…{% endcache_until_publish %}`

    Renders the enclosed template once and keeps the HTML in the fragment cache
    until content next changes (upstander.pagecache.cached_for_generation): for
    parts of a page that depend only on published content, such as a page's
    StreamField body or its related-content cards, which are most of the cost of
    rendering it. The key holds the name, the values given and the request's
    Site (themes and links differ per school). Never cached in a preview, which
    shows a draft under the live page's id. Anything that depends on the request
    (the path, the query string, a feedback "thank you") must stay outside.
    `tags=` (a tag or a list of them, upstander.pagecache) are what a publish
    purges the fragment by: the page it shows (`page_cache_tag`), the school's
    listings (`results.cache_tags`); tags of fragments inside count too.
    """
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"'{bits[0]}' needs a fragment name")
    tags = [parser.compile_filter(bit[5:]) for bit in bits[2:] if bit.startswith("tags=")]
    vary_on = [parser.compile_filter(bit) for bit in bits[2:] if not bit.startswith("tags=")]
    nodelist = parser.parse(("endcache_until_publish",))
    parser.delete_first_token()
    return CacheUntilPublishNode(nodelist, parser.compile_filter(bits[1]), vary_on, tags)


@register.filter
def page_cache_tag(pk):
    """The page-cache tag of a page (by id): purged when that page is published or moved."""
    from ..purge import page_tag

    return page_tag(pk)


class CacheUntilPublishNode(template.Node):
    def __init__(self, nodelist, name, vary_on, tags=()):
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on
        self.tags = tags

    def render(self, context):
        request = context.get("request")
        if request is None or getattr(request, "is_preview", False):
            return self.nodelist.render(context)
        site = getattr(request, "_wagtail_site", None)
        parts = [str(self.name.resolve(context)), str(getattr(site, "pk", None))]
        parts += [str(value.resolve(context)) for value in self.vary_on]
        digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
        tags = []
        for expression in self.tags:
            value = expression.resolve(context)
            tags += [value] if isinstance(value, str) else list(value or ())
        html = cached_for_generation(
            f"content:html:{digest}",
            lambda: str(self.nodelist.render(context)),
            request=request,
            tags=tags,
        )
        return mark_safe(html)  # noqa: S308 - our own rendered template output


@register.simple_tag(takes_context=True)
def main_menu(context):
    """`{% main_menu as items %}`: (label, path) of the school's pages shown in menus."""
    from ..selectors import site_menu

    request = context.get("request")
    if request is None:
        return []
    try:
        return site_menu(request=request)
    except DatabaseError:
        # An error page drawn while the database is down keeps its fixed links.
        return []


@register.simple_tag(takes_context=True)
def meta_description(context):
    """The page's own words for search results: its "Search description", else its
    summary (or a home page's hero text), else "" (the layout then says what the site is)."""
    page = context.get("page")
    if page is None:
        return ""
    for field in ("search_description", "summary", "hero_text"):
        text = " ".join(str(getattr(page, field, "") or "").split())
        if text:
            return text
    return ""
