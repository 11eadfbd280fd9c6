"""A school's published home page, its pupils' hub and the mentor "Sky": the fixtures that
tests/content and tests/voice both build on (tests/attacks takes them through
tests/content/conftest.py). A conftest imports the fixtures it wants from here."""

import pytest
from wagtail.models import Page, Site

from content.models import Audience, AudienceHubPage, HomePage, MentorProfile


def publish(page, user=None):
    revision = page.save_revision(user=user)
    revision.publish(user=user, skip_permission_checks=True)
    page.refresh_from_db()
    return page


@pytest.fixture
def home(school) -> HomePage:
    root = Page.get_first_root_node()
    home = HomePage(title="Test School", slug="test-school", live=False)
    root.add_child(instance=home)
    publish(home)
    Site.objects.filter(pk=school.pk).update(root_page=home, hostname="testserver", port=80)
    return home


@pytest.fixture
def hub(home) -> AudienceHubPage:
    hub = AudienceHubPage(
        title="For pupils", slug="pupils", audience=Audience.objects.get(key="pupils"), live=False
    )
    home.add_child(instance=hub)
    return publish(hub)


@pytest.fixture
def mentor_profile(mentor) -> MentorProfile:
    return MentorProfile.objects.create(
        display_name="Sky", year_group=10, bio="Likes comics.", user=mentor
    )
