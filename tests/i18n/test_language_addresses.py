"""The interface language comes from the address alone: /cy/… is Welsh, no prefix is English.

No cookie, no session, no browser setting decides it, so nothing on a shared device
remembers that a pupil read the site in Welsh (or at all). English addresses are the
ones they always were.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import RequestFactory
from wagtail.models import Page

from upstander import pagecache
from upstander.languages import path_in_language, without_language_prefix

pytestmark = pytest.mark.django_db


def test_english_addresses_stay_as_they_were_and_serve_english(client, school):
    response = client.get("/report/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en-GB"' in html
    assert "Step 1 of 5" in html


def test_the_same_page_under_cy_is_in_welsh(client, school):
    response = client.get("/cy/report/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="cy"' in html
    assert "Cam 1 o 5" in html and "Step 1 of 5" not in html
    assert response["Content-Language"] == "cy"
    # The form is sent back to the Welsh address, so every step stays in Welsh.
    assert 'action="/cy/report/"' in html


def test_no_cookie_or_browser_setting_chooses_the_language(client, school):
    english = client.get("/report/")
    welsh = client.get("/cy/report/")
    # Nothing beyond what the English page sets: no language cookie a later visit could read.
    assert set(welsh.cookies) == set(english.cookies)
    assert settings.LANGUAGE_COOKIE_NAME not in welsh.cookies
    client.cookies["django_language"] = "cy"
    browser_says_welsh = client.get("/report/", HTTP_ACCEPT_LANGUAGE="cy")
    assert "Step 1 of 5" in browser_says_welsh.content.decode()


def test_wagtail_pages_are_served_under_the_welsh_prefix(client, school):
    home = school.root_page.specific
    guide = home.add_child(instance=Page(title="Block and report", slug="block-and-report"))
    english = client.get(guide.url, HTTP_HOST=school.hostname)
    welsh = client.get(f"/cy{guide.url}", HTTP_HOST=school.hostname)
    assert english.status_code == welsh.status_code == 200
    # No Welsh copy of the page yet: the English page, in the Welsh interface.
    assert "Block and report" in welsh.content.decode()
    assert '<html lang="cy"' in welsh.content.decode()


def test_the_switcher_links_to_this_page_in_the_other_language_without_javascript(client, school):
    english = client.get("/report/follow-up/").content.decode()
    welsh = client.get("/cy/report/follow-up/").content.decode()
    switcher = re.compile(r'<nav class="language-switcher"[^>]*>(.*?)</nav>', re.S)
    assert '<a href="/cy/report/follow-up/" hreflang="cy" lang="cy">Cymraeg</a>' in (
        switcher.search(english).group(1)
    )
    assert (
        '<a href="/report/follow-up/" hreflang="en-GB" lang="en-GB">English</a>'
        in switcher.search(welsh).group(1)
    )
    assert 'aria-current="true">Cymraeg</a>' in switcher.search(welsh).group(1)


def test_hreflang_alternates_name_every_language_of_the_page(client, school):
    html = client.get("/cy/report/follow-up/?q=never-copied").content.decode()
    alternates = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))
    assert alternates == {
        "en-GB": "http://testserver/report/follow-up/",
        "cy": "http://testserver/cy/report/follow-up/",
        "x-default": "http://testserver/report/follow-up/",
    }


def test_the_navigation_keeps_the_reader_in_their_language(client, school):
    from wagtail.models import Page

    # The school's own menu pages, as well as the fixed links, stay in Welsh.
    school.root_page.add_child(instance=Page(title="For pupils", slug="pupils", show_in_menus=True))
    html = client.get("/cy/report/").content.decode()
    assert 'href="/cy/get-help/">Cael help nawr</a>' in html
    assert 'href="/cy/pupils/"' in html
    assert 'href="/cy/search/"' in html
    assert 'href="/cy/report/" aria-current="page">Rhoi gwybod</a>' in html


def test_no_language_link_where_following_it_would_lose_the_receipt(client, school):
    from tests.reporting.conftest import report_data

    receipt = client.post("/cy/report/", report_data(), follow=True).content.decode()
    assert 'id="receipt-words"' in receipt
    assert "language-switcher" not in receipt
    assert 'rel="alternate"' not in receipt


def test_no_language_link_after_the_first_step_of_the_form(client, school):
    from tests.reporting.conftest import report_data

    step_two = client.post("/cy/report/", report_data(step="0", nav="next")).content.decode()
    assert "Cam 2 o 5" in step_two
    assert "language-switcher" not in step_two


def test_the_admin_has_no_language_prefix():
    assert path_in_language("/admin/", "cy") == "/admin/"
    assert path_in_language("/report/", "cy") == "/cy/report/"
    assert path_in_language("/cy/report/", "en-gb") == "/report/"
    assert without_language_prefix("/cy/report/") == "/report/"
    assert without_language_prefix("/cymru/") == "/cymru/"


def test_the_page_cache_excludes_a_welsh_address_as_it_does_the_english_one(settings):
    settings.PAGE_CACHE_ENABLED = True
    factory = RequestFactory()
    assert not pagecache._cacheable_request(factory.get("/report/how-anonymous/"))
    assert not pagecache._cacheable_request(factory.get("/cy/report/how-anonymous/"))
    assert not pagecache._cacheable_request(factory.get("/cy/search/"))
    assert pagecache._cacheable_request(factory.get("/cy/pupils/"))
