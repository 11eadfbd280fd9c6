"""Template helpers of the knowledge site. Editor HTML is only ever output through clean_richtext."""

from django import template
from django.utils.safestring import mark_safe
from wagtail.rich_text import expand_db_html

from ..sanitize import clean_html, safe_url

register = template.Library()


@register.filter
def clean_richtext(value):
    """Rich text (a RichTextField string or RichText value), expanded and cleaned by the allow-list."""
    if value is None:
        return ""
    source = getattr(value, "source", value)
    return mark_safe(clean_html(expand_db_html(str(source))))  # noqa: S308 - cleaned by bleach


@register.filter(name="safe_url")
def safe_url_filter(value):
    return safe_url(str(value or ""))


@register.simple_tag(takes_context=True)
def page_url(context, page):
    """A page's URL using the per-request cache of site root paths (no query per page)."""
    return page.get_url(context.get("request"))
