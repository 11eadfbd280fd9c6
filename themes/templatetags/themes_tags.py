"""Small tags for the shared layout."""

from django import template
from django.utils.html import format_html

from themes.resolution import themed_template_names
from upstander.languages import without_language_prefix

register = template.Library()


@register.simple_tag(takes_context=True)
def aria_current(context, href: str):
    """` aria-current="page"` on the link to this page, ` aria-current="true"` on the
    link to the section it is in, nothing otherwise. Tells screen reader users,
    and (through the stylesheet) everyone, where they are."""
    request = context.get("request")
    if request is None:
        return ""
    # The same link is current in every language: /cy/pupils/ is /pupils/.
    path = without_language_prefix(request.path)
    href = without_language_prefix(href)
    if path == href:
        return format_html(' aria-current="{}"', "page")
    if href != "/" and path.startswith(href):
        return format_html(' aria-current="{}"', "true")
    return ""


@register.simple_tag(takes_context=True)
def themed_template(context, name: str):
    """The theme's override of template `name` if it has one, else the shared one:
    `{% themed_template "includes/helplines.html" as helplines %}{% include helplines %}`.
    Chosen by name, so it is right with the cached template loader (see
    themes.resolution)."""
    request = context.get("request")
    names = themed_template_names(request, name) if request is not None else [name]
    return context.template.engine.select_template(names)
