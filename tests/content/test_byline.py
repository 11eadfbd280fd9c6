"""A mentor signs a guide only with their own profile; a moderator may sign it for any mentor.
Through the admin's real add and edit views."""

import pytest
from django.urls import reverse

from content.models import GuidePage, MentorProfile

from .helpers import guide_form_data
from .test_school_workflows import build_school, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def northfield(db):
    return build_school(hostname="northfield.test", name="Northfield Academy", slug="northfield")


@pytest.fixture
def profiles(northfield):
    own = MentorProfile.objects.create(display_name="Sky", user=northfield.mentor)
    other = MentorProfile.objects.create(display_name="Jay")
    return own, other


def add_url(school):
    return reverse("wagtailadmin_pages:add", args=("content", "guidepage", school.hub.pk))


def post_guide(client, school, *, mentor_profile, slug):
    return client.post(
        add_url(school),
        guide_form_data(title=slug.title(), slug=slug, extra={"mentor": str(mentor_profile.pk)}),
    )


def test_a_mentor_signs_a_guide_with_their_own_profile(client, northfield, profiles):
    own, _other = profiles
    sign_in(client, northfield.mentor)
    response = post_guide(client, northfield, mentor_profile=own, slug="own-byline")
    assert response.status_code == 302
    assert GuidePage.objects.get(slug="own-byline").mentor == own


def test_a_mentor_cannot_sign_a_guide_with_another_mentors_name(client, northfield, profiles):
    own, other = profiles
    sign_in(client, northfield.mentor)
    form = client.get(add_url(northfield)).content.decode()
    byline = form.split('name="mentor"')[1].split("</select>")[0]
    assert ">Sky<" in byline
    assert "Jay" not in byline

    response = post_guide(client, northfield, mentor_profile=other, slug="borrowed-byline")
    assert response.status_code == 200  # the form again, with the error
    assert "Select a valid choice" in response.content.decode()
    assert not GuidePage.objects.filter(slug="borrowed-byline").exists()


def test_a_moderator_may_sign_a_guide_for_any_mentor(client, northfield, profiles):
    _own, other = profiles
    sign_in(client, northfield.moderator)
    response = post_guide(client, northfield, mentor_profile=other, slug="co-written")
    assert response.status_code == 302
    assert GuidePage.objects.get(slug="co-written").mentor == other
