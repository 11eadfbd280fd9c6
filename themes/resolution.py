"""Choosing the current school's branding, theme and templates for a request.

Django's cached template loader keys templates by name only (with DEBUG off),
so themes are chosen by *name*: "themes/<theme>/<name>" first, then the shared
"<name>", through `select_template`. Template directories never change per
request.

Cost: at most one database query per request, cached on the request.
- On a Wagtail page Wagtail has already found the Site (request._wagtail_site):
  one query reads the branding (with its logo).
- Elsewhere (the report form, search, error pages) one query finds the Site
  *and* its branding together, and the Site is left on the request where
  Wagtail's `Site.find_for_request` finds it, so it is not looked up again.
The branding is cached under the attribute Wagtail's own `for_request` uses, so
`{{ settings.themes.SchoolBranding }}` in a template costs nothing more either.
"""

import logging

from django.db import DatabaseError
from django.db.models import Case, IntegerField, Q, When
from django.http.request import split_domain_port
from django.template.loader import select_template
from wagtail.models import Site
from wagtail.models.sites import (
    MATCH_DEFAULT,
    MATCH_HOSTNAME,
    MATCH_HOSTNAME_DEFAULT,
    MATCH_HOSTNAME_PORT,
)

from .models import SchoolBranding
from .registry import DEFAULT_THEME, Theme, get_theme

logger = logging.getLogger(__name__)


def branding_for_request(request) -> SchoolBranding:
    """The SchoolBranding of the request's Site. Never writes: a Site without saved
    branding gets an unsaved default (the theme's colours, the site's name)."""
    cache_attr = SchoolBranding.get_cache_attr_name()
    cached = getattr(request, cache_attr, None)
    if cached is not None:
        return cached
    try:
        if hasattr(request, "_wagtail_site"):
            site = request._wagtail_site
            branding = SchoolBranding.base_queryset().filter(site=site).first() if site else None
        else:
            site, branding = _find_site_and_branding(request)
            request._wagtail_site = site
    except DatabaseError:
        # An error page must still render, with help, when the database is down.
        logger.warning("School branding unavailable; using the default theme", exc_info=True)
        branding, site = None, None
    if branding is None:
        branding = SchoolBranding(theme=DEFAULT_THEME)
    if site is not None:
        branding.site = site  # already loaded: no query when a template asks for it
    branding._request = request
    setattr(request, cache_attr, branding)
    return branding


def _find_site_and_branding(request) -> tuple[Site | None, SchoolBranding | None]:
    """Wagtail's own Site matching (wagtail.models.sites.get_site_for_hostname), with
    the branding and logo joined in, so both come from one query."""
    hostname = split_domain_port(request._get_raw_host())[0]
    port = request.get_port()
    sites = list(
        Site.objects.annotate(
            match=Case(
                When(hostname=hostname, port=port, then=MATCH_HOSTNAME_PORT),
                When(hostname=hostname, is_default_site=True, then=MATCH_HOSTNAME_DEFAULT),
                When(is_default_site=True, then=MATCH_DEFAULT),
                default=MATCH_HOSTNAME,
                output_field=IntegerField(),
            )
        )
        .filter(Q(hostname=hostname) | Q(is_default_site=True))
        .order_by("match")
        .select_related("root_page", "schoolbranding", "schoolbranding__logo")
    )
    if not sites:
        return None, None
    if len(sites) == 1 or sites[0].match in (MATCH_HOSTNAME_PORT, MATCH_HOSTNAME_DEFAULT):
        site = sites[0]
    elif sites[0].match == MATCH_DEFAULT:
        # As Wagtail: a default site plus exactly one hostname match -> the hostname match.
        site = sites[len(sites) == 2]
    else:
        # Several sites share the hostname on other ports and none is the default:
        # Wagtail raises Site.DoesNotExist here, and finds no site.
        return None, None
    try:
        branding = site.schoolbranding
    except SchoolBranding.DoesNotExist:
        branding = None
    return site, branding


def theme_for_request(request) -> Theme:
    return get_theme(branding_for_request(request).theme)


def current_theme(request) -> str:
    """The slug of the request's theme, e.g. "secondary"."""
    return theme_for_request(request).slug


def themed_template_names(request, name: str) -> list[str]:
    """Names to pass to `select_template` / `TemplateResponse`: the theme's
    override of `name` if it has one, else the shared template."""
    return [f"themes/{current_theme(request)}/{name}", name]


def themed_template(request, name: str):
    """The theme's version of template `name`, ready for rendering or for
    `{% extends %}` (which accepts a Template object)."""
    return select_template(themed_template_names(request, name))
