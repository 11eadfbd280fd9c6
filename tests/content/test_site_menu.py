"""The main navigation comes from each school's own page tree (content.selectors.site_menu)."""

import re

import pytest
from django.test import RequestFactory
from wagtail.models import Page

from content.models import Audience, AudienceHubPage
from content.selectors import site_menu

from .conftest import publish

pytestmark = pytest.mark.django_db


def nav_links(response) -> list[tuple[str, str]]:
    html = response.content.decode()
    nav = re.search(r'<nav class="site-nav" aria-label="Main">(.*?)</nav>', html, re.S).group(1)
    return [
        (re.sub(r"<[^>]+>", "", text).strip(), href)
        for href, text in re.findall(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', nav, re.S)
    ]


def add_hub(parent, *, audience, slug, in_menu=True):
    hub = AudienceHubPage(
        title=f"For {slug}",
        slug=slug,
        audience=Audience.objects.get(key=audience),
        show_in_menus=in_menu,
        live=False,
    )
    parent.add_child(instance=hub)
    return publish(hub)


def test_nav_lists_the_schools_own_pages_marked_for_menus(client, home, hub):
    hub.show_in_menus = True
    publish(hub)
    add_hub(home, audience="staff", slug="staff", in_menu=False)

    links = nav_links(client.get("/"))

    assert ("Pupils", "/pupils/") in links
    # A page not marked for menus, and sections this school does not have, are not offered.
    hrefs = [href for _, href in links]
    assert "/staff/" not in hrefs
    assert "/parents-and-carers/" not in hrefs
    # The fixed links stay.
    assert [label for label, _ in links][0] == "Home"
    assert "/report/" in hrefs and "/search/" in hrefs


def test_another_schools_menu_pages_are_not_in_this_schools_nav(client, home, hub, other_school):
    other_home = Page.objects.get(pk=other_school.root_page_id)
    add_hub(other_home, audience="parents", slug="parents-and-carers")

    hrefs = [href for _, href in nav_links(client.get("/"))]
    other_hub_page = client.get("/parents-and-carers/", HTTP_HOST="other.example")
    other_hrefs = [href for _, href in nav_links(other_hub_page)]

    assert "/parents-and-carers/" not in hrefs
    assert "/parents-and-carers/" in other_hrefs


def test_a_page_published_into_the_menu_shows_at_once(client, home, hub):
    assert "/parents-and-carers/" not in [href for _, href in nav_links(client.get("/"))]

    add_hub(home, audience="parents", slug="parents-and-carers")

    assert ("Parents and carers", "/parents-and-carers/") in nav_links(client.get("/"))


def test_the_menu_is_read_from_the_fragment_cache(home, hub, django_assert_num_queries):
    hub.show_in_menus = True
    publish(hub)
    request = RequestFactory().get("/")
    request._wagtail_site = home.get_site()
    assert site_menu(request=request) == [("Pupils", "/pupils/")]

    with django_assert_num_queries(0):
        assert site_menu(request=request) == [("Pupils", "/pupils/")]


def test_a_new_menu_page_shows_on_pages_already_in_the_page_cache(client, settings, home, hub):
    from tests.content.conftest import make_guide

    settings.PAGE_CACHE_ENABLED = True
    guide = make_guide(hub, title="Blocking", slug="blocking")
    client.get(guide.url)  # kept by the page cache, with the menu as it was
    assert "/parents/" not in [href for _label, href in nav_links(client.get(guide.url))]
    add_hub(home, audience="parents", slug="parents")
    assert ("Parents and carers", "/parents/") in nav_links(client.get(guide.url))
