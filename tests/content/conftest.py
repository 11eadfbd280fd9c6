"""Fixtures for the knowledge site: a school home page, a hub, topics and published pages."""

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import Page, Site

from content.models import (
    AgeBand,
    Audience,
    AudienceHubPage,
    GuidePage,
    Helpline,
    HomePage,
    MentorProfile,
    Topic,
)


def publish(page, user=None):
    revision = page.save_revision(user=user)
    revision.publish(user=user, skip_permission_checks=True)
    page.refresh_from_db()
    return page


def make_guide(
    parent,
    *,
    title="A guide",
    slug=None,
    topics=(),
    audiences=("pupils",),
    ages=("11-16",),
    mentor=None,
    body=None,
    **fields,
):
    page = GuidePage(
        title=title,
        slug=slug or title.lower().replace(" ", "-"),
        summary=fields.pop("summary", "Short summary of the guide."),
        mentor=mentor,
        body=body if body is not None else [{"type": "heading", "value": "Heading"}],
        live=False,
        **fields,
    )
    parent.add_child(instance=page)
    page.audiences.set(Audience.objects.filter(key__in=audiences))
    page.age_bands.set(AgeBand.objects.filter(key__in=ages))
    page.topics.set(topics)
    return publish(page)


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
def plain_topic(db) -> Topic:
    return Topic.objects.create(name="Cyberbullying", slug="cyberbullying")


@pytest.fixture
def sensitive_topic(db) -> Topic:
    return Topic.objects.create(
        name="Self-harm and suicide", slug="self-harm-and-suicide", sensitive=True
    )


@pytest.fixture
def mentor_profile(mentor) -> MentorProfile:
    return MentorProfile.objects.create(
        display_name="Sky", year_group=10, bio="Likes comics.", user=mentor
    )


@pytest.fixture
def helplines(db):
    return [
        Helpline.objects.create(
            name="Emergency services", phone="999", description="Danger now.", emergency=True
        ),
        Helpline.objects.create(
            name="Childline", phone="0800 1111", description="Any time.", sort_order=1
        ),
    ]


@pytest.fixture
def guide(hub, plain_topic, mentor_profile) -> GuidePage:
    return make_guide(hub, title="Blocking people", topics=[plain_topic], mentor=mentor_profile)


@pytest.fixture
def overdue_guide(hub, plain_topic) -> GuidePage:
    page = make_guide(hub, title="Old advice", topics=[plain_topic])
    GuidePage.objects.filter(pk=page.pk).update(review_by=timezone.localdate() - timedelta(days=3))
    return page


@pytest.fixture(autouse=True)
def fresh_cache():
    """Wagtail caches site root paths in the cache, which outlives each test's transaction."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
