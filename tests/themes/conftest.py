"""Two schools on their own hostnames and page trees, with their own themes."""

from dataclasses import dataclass

import pytest
from django.conf import settings
from django.core.cache import caches
from wagtail.models import Page, Site

from themes.models import SchoolBranding

# The project's template settings with the cached loader named outright, as
# production runs with DEBUG off: templates are then cached by name only.
CACHED_TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": settings.TEMPLATES[0]["DIRS"],
        "OPTIONS": {
            "context_processors": settings.TEMPLATES[0]["OPTIONS"]["context_processors"],
            "loaders": [
                (
                    "django.template.loaders.cached.Loader",
                    [
                        "themes.loaders.ThemeFolderLoader",
                        "django.template.loaders.filesystem.Loader",
                        "django.template.loaders.app_directories.Loader",
                    ],
                )
            ],
        },
    }
]


@pytest.fixture(autouse=True)
def _empty_caches():
    """Whole pages are cached by host and path in a cache that outlives each
    test's database: start every test without pages from an earlier one."""
    for alias in ("pages", "default"):
        if alias in settings.CACHES:
            caches[alias].clear()


@dataclass
class School:
    site: Site
    home: Page
    branding: SchoolBranding

    @property
    def host(self) -> str:
        return self.site.hostname


def make_school(*, hostname: str, name: str, theme: str, **branding_fields) -> School:
    root = Page.get_first_root_node()
    home = root.add_child(instance=Page(title=f"{name} home", slug=hostname.split(".")[0]))
    site = Site.objects.create(hostname=hostname, port=80, root_page=home, site_name=name)
    branding = SchoolBranding.objects.create(
        site=site, school_name=name, theme=theme, **branding_fields
    )
    return School(site=site, home=home, branding=branding)


@pytest.fixture
def northfield(db) -> School:
    return make_school(hostname="northfield.test", name="Northfield Academy", theme="secondary")


@pytest.fixture
def brook_lane(db) -> School:
    return make_school(hostname="brooklane.test", name="Brook Lane Primary", theme="primary")


@pytest.fixture
def demo_sites(db):
    """The two demo hosts before seed_schools_demo: localhost (the default Site) and
    127.0.0.1 rooted at a page of its own."""
    root = Page.get_first_root_node()
    local = Site.objects.get(is_default_site=True)
    local.hostname = "localhost"
    local.save()
    northfield_home = root.add_child(instance=Page(title="Northfield", slug="northfield-home"))
    loopback = Site.objects.create(hostname="127.0.0.1", port=80, root_page=northfield_home)
    return local, loopback
