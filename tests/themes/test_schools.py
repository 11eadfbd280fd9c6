"""Mentors and moderators are scoped to their own school's page tree."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page, Site

from tests.builders import make_user
from themes.schools import school_groups_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def trees(northfield, brook_lane):
    """Each school with a page in its tree and its own groups."""
    north_page = northfield.home.add_child(instance=Page(title="Staying safe", slug="staying-safe"))
    brook_page = brook_lane.home.add_child(instance=Page(title="Being kind", slug="being-kind"))
    north_groups = school_groups_create(northfield.site)
    brook_groups = school_groups_create(brook_lane.site)
    return {
        "north": (northfield, north_page, north_groups),
        "brook": (brook_lane, brook_page, brook_groups),
    }


def member_of(group, username):
    user = make_user(username=username)
    user.groups.add(group)
    return user


def test_groups_are_named_after_the_school(trees):
    _, _, groups = trees["north"]
    assert groups.mentors.name == "Northfield Academy mentors"
    assert groups.moderators.name == "Northfield Academy moderators"


def test_a_mentor_of_one_school_cannot_edit_another_schools_pages(client, trees):
    north, north_page, north_groups = trees["north"]
    _, brook_page, _ = trees["brook"]
    mentor = member_of(north_groups.mentors, "north-mentor")
    client.force_login(mentor)

    # Their own school: they see its tree and edit the draft they wrote.
    north_page.owner = mentor
    north_page.save()
    assert client.get(f"/admin/pages/{north.home.pk}/").status_code == 200
    assert client.get(f"/admin/pages/{north_page.pk}/edit/").status_code == 200
    assert north.home.permissions_for_user(mentor).can_add_subpage()
    # The other school: no editor, no adding, no publishing.
    for url in (
        f"/admin/pages/{brook_page.pk}/edit/",
        f"/admin/pages/add/wagtailcore/page/{brook_page.pk}/",
        f"/admin/pages/{brook_page.pk}/delete/",
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert response.status_code != 200
    permissions = brook_page.permissions_for_user(mentor)
    assert not permissions.can_edit()
    assert not permissions.can_add_subpage()
    assert not permissions.can_publish()


def test_a_mentor_cannot_publish_even_in_their_own_school(trees):
    _, north_page, north_groups = trees["north"]
    mentor = member_of(north_groups.mentors, "north-mentor")
    permissions = north_page.permissions_for_user(mentor)
    assert not permissions.can_publish()
    assert not permissions.can_move()
    assert not permissions.can_delete()


def test_a_moderator_publishes_in_their_own_school_only(trees):
    _, north_page, north_groups = trees["north"]
    _, brook_page, _ = trees["brook"]
    moderator = member_of(north_groups.moderators, "north-moderator")
    assert north_page.permissions_for_user(moderator).can_publish()
    assert north_page.permissions_for_user(moderator).can_edit()
    assert not brook_page.permissions_for_user(moderator).can_publish()
    assert not brook_page.permissions_for_user(moderator).can_edit()


def test_the_admin_explorer_shows_a_mentor_only_their_school(client, trees):
    _, _, north_groups = trees["north"]
    _, brook_page, _ = trees["brook"]
    client.force_login(member_of(north_groups.mentors, "north-mentor"))
    response = client.get(f"/admin/pages/{brook_page.get_parent().pk}/")
    assert response.status_code in (302, 403)


def test_each_school_gets_its_own_collection_for_images_and_documents(trees):
    _, _, north_groups = trees["north"]
    _, _, brook_groups = trees["brook"]
    assert north_groups.collection != brook_groups.collection
    assert (
        north_groups.mentors.collection_permissions.filter(
            collection=brook_groups.collection
        ).count()
        == 0
    )


def test_creating_groups_again_duplicates_nothing(trees):
    north, _, groups = trees["north"]
    before = (Group.objects.count(), groups.mentors.page_permissions.count())
    again = school_groups_create(north.site)
    assert again.mentors == groups.mentors
    assert (Group.objects.count(), groups.mentors.page_permissions.count()) == before


def test_a_site_rooted_at_the_tree_root_is_refused(db):
    site = Site.objects.create(hostname="everything.test", root_page=Page.get_first_root_node())
    with pytest.raises(ValueError):
        school_groups_create(site)
