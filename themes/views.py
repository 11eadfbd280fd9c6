"""The school's own colours, as a small stylesheet.

The Content-Security-Policy allows no inline styles, so colours chosen in the
admin reach pages as a stylesheet from this site. Its URL carries a version that
changes with the colours (see SchoolBranding.colours_version), so it can be
cached for a long time and a change still shows on the next page load.
"""

from django.http import HttpResponse, HttpResponseRedirect
from django.templatetags.static import static
from django.views.decorators.http import require_safe

from .contrast import HEX_COLOUR
from .models import COLOUR_PAIRS
from .resolution import branding_for_request

# Custom properties the shared stylesheet reads; high contrast mode overrides them.
PROPERTIES = {
    "primary_text_colour": "--brand-primary-text",
    "primary_background_colour": "--brand-primary-background",
    "accent_text_colour": "--brand-accent-text",
    "accent_background_colour": "--brand-accent-background",
}


@require_safe
def branding_css(request):
    branding = branding_for_request(request)
    lines = []
    for pair in COLOUR_PAIRS:
        values = [getattr(branding, name) for name in pair[:2]]
        # Saved values were validated, but only ever write exact #rrggbb colours
        # into CSS, and only complete pairs (contrast was checked on the pair).
        if all(value and HEX_COLOUR.match(value) for value in values):
            lines.extend(
                f"  {PROPERTIES[name]}: {value};"
                for name, value in zip(pair[:2], values, strict=True)
            )
    body = ":root {\n" + "\n".join(lines) + "\n}\n" if lines else "/* The theme's own colours. */\n"
    response = HttpResponse(body, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_safe
def favicon(request):
    """`/favicon.ico`, which browsers and crawlers ask for whatever the page links: the
    project's icon from the static files (a redirect, so it is served and cached as they are)."""
    return HttpResponseRedirect(static("upstander/img/favicon.ico"))
