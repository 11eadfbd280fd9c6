"""Fixtures for the knowledge site: a school home page, a hub, topics and published pages."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from content.models import (
    AgeBand,
    Audience,
    CodeOfConductPage,
    GuidePage,
    Helpline,
    Topic,
    VideoPage,
)
from tests import school_pages

# The school's home page, pupils' hub and mentor, shared with tests/voice. Bound as names
# (not imported by name, which the fixtures below would shadow) so pytest registers them here,
# and `publish` stays importable from here for the content tests and tests/attacks.
home = school_pages.home
hub = school_pages.hub
mentor_profile = school_pages.mentor_profile
publish = school_pages.publish


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


def make_video(
    parent,
    *,
    title="Blocking video",
    slug=None,
    topics=(),
    transcript="<p>Words</p>",
    external_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    **fields,
):
    """A published video page with a transcript, playing from YouTube only after a click."""
    page = VideoPage(
        title=title,
        slug=slug or title.lower().replace(" ", "-"),
        summary=fields.pop("summary", "s"),
        transcript=transcript,
        external_url=external_url,
        live=False,
        **fields,
    )
    parent.add_child(instance=page)
    page = publish(page)
    page.topics.add(*topics)
    return page


def make_code_of_conduct(parent, *, title="Our code", slug="our-code"):
    """A published code of conduct with one commitment, in force from 1 September 2025."""
    page = CodeOfConductPage(
        title=title,
        slug=slug,
        summary="s",
        effective_date=date(2025, 9, 1),
        commitments=[{"type": "commitment", "value": {"title": "Be kind", "text": "t"}}],
        live=False,
    )
    parent.add_child(instance=page)
    return publish(page)


@pytest.fixture
def plain_topic(db) -> Topic:
    return Topic.objects.create(name="Cyberbullying", slug="cyberbullying")


@pytest.fixture
def sensitive_topic(db) -> Topic:
    return Topic.objects.create(
        name="Self-harm and suicide", slug="self-harm-and-suicide", sensitive=True
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
