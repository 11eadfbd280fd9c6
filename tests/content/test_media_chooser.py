"""The editor's media chooser: a mentor picks their own school's videos and audio,
never another school's (content/media_chooser.py), through wagtailmedia's real URLs."""

import pytest
from django.core.files.base import ContentFile
from django.urls import resolve, reverse
from wagtail.models import Page, Site
from wagtailmedia.models import Media

from content.media_chooser import media_chosen
from tests.builders import make_user
from themes.schools import school_groups_create

pytestmark = pytest.mark.django_db

XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


def make_school_groups(name: str, hostname: str):
    root = Page.get_first_root_node()
    home = root.add_child(instance=Page(title=f"{name} home", slug=hostname.split(".")[0]))
    site = Site.objects.create(hostname=hostname, port=80, root_page=home, site_name=name)
    return school_groups_create(site, name=name)


def make_media(title: str, collection, *, kind: str = "video", uploaded_by=None) -> Media:
    media = Media(
        title=title, type=kind, duration=3, collection=collection, uploaded_by_user=uploaded_by
    )
    media.file.save(f"{title.lower().replace(' ', '-')}.mp4", ContentFile(b"\x00" * 64), save=False)
    media.save()
    return media


@pytest.fixture
def schools():
    return {
        "north": make_school_groups("Northfield Academy", "northfield.test"),
        "brook": make_school_groups("Brook Lane Primary", "brooklane.test"),
    }


@pytest.fixture
def north_mentor(schools):
    mentor = make_user(username="north-mentor")
    mentor.groups.add(schools["north"].mentors)
    return mentor


@pytest.fixture
def media(schools):
    """Each school's video, uploaded by its moderator (not by the mentor)."""
    north_moderator = make_user(username="north-moderator")
    brook_moderator = make_user(username="brook-moderator")
    north_moderator.groups.add(schools["north"].moderators)
    brook_moderator.groups.add(schools["brook"].moderators)
    return {
        "north": make_media(
            "Blocking in 30 seconds", schools["north"].collection, uploaded_by=north_moderator
        ),
        "brook": make_media(
            "Being kind online", schools["brook"].collection, uploaded_by=brook_moderator
        ),
    }


def listed_titles(client, url: str) -> str:
    response = client.get(url, **XHR)
    assert response.status_code == 200, url
    # The chooser's first page is a modal step (JSON); its results (searching,
    # paging, filtering) are plain HTML.
    if response["Content-Type"].startswith("application/json"):
        return response.json()["html"]
    return response.content.decode()


def test_the_chosen_step_is_answered_by_our_view_at_wagtailmedias_address():
    url = reverse("wagtailmedia:media_chosen", args=[1])
    # Wagtail wraps admin views (the admin-access check), so compare by name and module.
    match = resolve(url)
    assert match.url_name == "content_media_chosen"
    assert match.func.__module__ == media_chosen.__module__


def test_a_mentor_lists_their_schools_video_and_not_another_schools(client, north_mentor, media):
    client.force_login(north_mentor)
    for url in (
        reverse("wagtailmedia:chooser"),
        reverse("wagtailmedia:chooser_typed", args=["video"]),
        reverse("wagtailmedia:chooser_typed", args=["video"]) + "?p=1",
    ):
        html = listed_titles(client, url)
        assert "Blocking in 30 seconds" in html, url
        assert "Being kind online" not in html, url


def test_searching_the_chooser_does_not_reveal_another_schools_media(client, north_mentor, media):
    client.force_login(north_mentor)
    url = reverse("wagtailmedia:chooser_typed", args=["video"])
    assert "Being kind online" not in listed_titles(client, url + "?q=kind")
    assert "Blocking in 30 seconds" in listed_titles(client, url + "?q=blocking")
    # Filtering by the other school's collection lists nothing of it either.
    brook_collection = media["brook"].collection_id
    assert "Being kind online" not in listed_titles(
        client, f"{url}?collection_id={brook_collection}"
    )


def test_a_mentor_chooses_their_schools_video(client, north_mentor, media):
    client.force_login(north_mentor)
    response = client.get(reverse("wagtailmedia:media_chosen", args=[media["north"].pk]), **XHR)
    assert response.status_code == 200
    data = response.json()
    assert data["step"] == "media_chosen"
    assert data["result"]["id"] == media["north"].pk
    assert data["result"]["title"] == "Blocking in 30 seconds"


def test_a_mentor_cannot_choose_another_schools_video_by_its_id(client, north_mentor, media):
    client.force_login(north_mentor)
    url = reverse("wagtailmedia:media_chosen", args=[media["brook"].pk])
    assert client.get(url, **XHR).status_code == 403
    # Outside the modal (no XHR header) Wagtail sends them to the dashboard instead.
    response = client.get(url)
    assert response.status_code == 302
    assert "Being kind online" not in response.content.decode()


def test_a_mentor_still_sees_what_they_uploaded_themselves(client, north_mentor, schools):
    own = make_media("My own clip", schools["north"].collection, uploaded_by=north_mentor)
    client.force_login(north_mentor)
    assert "My own clip" in listed_titles(client, reverse("wagtailmedia:chooser"))
    response = client.get(reverse("wagtailmedia:media_chosen", args=[own.pk]), **XHR)
    assert response.json()["result"]["id"] == own.pk


def test_someone_without_media_permissions_lists_and_chooses_nothing(client, schools, media):
    outsider = make_user(username="outsider")
    outsider.groups.add(schools["north"].mentors)
    schools["north"].mentors.collection_permissions.filter(
        permission__codename="add_media"
    ).delete()
    client.force_login(outsider)
    html = listed_titles(client, reverse("wagtailmedia:chooser"))
    assert "Blocking in 30 seconds" not in html
    url = reverse("wagtailmedia:media_chosen", args=[media["north"].pk])
    assert client.get(url, **XHR).status_code == 403
