"""`base_template`, `theme` and `branding` for every public page.

Values are lazy: a page that never uses them (an API response, a redirect) costs
no query, and one that does costs at most one (see themes.resolution).
"""

from django.urls import NoReverseMatch, reverse
from django.utils.functional import SimpleLazyObject

from .resolution import branding_for_request, theme_for_request, themed_template


def _admin_prefix() -> str | None:
    try:
        return reverse("wagtailadmin_home")
    except NoReverseMatch:
        return None


def theme(request):
    """Templates use `{% extends base_template|default:"base.html" %}`,
    `{{ theme.slug }}` and `{{ branding.display_name }}`, `{{ branding.phone }}`...

    Not added inside the Wagtail admin: its own templates use a `theme` variable
    (dialogs, dropdowns) and would pick ours up. Page previews are rendered with
    the page's own URL, so they are themed.
    """
    prefix = _admin_prefix()
    if prefix and request.path.startswith(prefix):
        return {}
    return {
        "branding": SimpleLazyObject(lambda: branding_for_request(request)),
        "theme": SimpleLazyObject(lambda: theme_for_request(request)),
        "base_template": SimpleLazyObject(lambda: themed_template(request, "base.html")),
        "base_minimal_template": SimpleLazyObject(
            lambda: themed_template(request, "base_minimal.html")
        ),
    }
