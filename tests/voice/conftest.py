"""Fixtures for pupil voice and mentor recognition: a school, its pupils' hub, a survey, a poll."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from content.models import AgeBand, Audience, PollPage, SurveyPage
from tests import school_pages

# The school's home page, pupils' hub and mentor, shared with tests/content. Bound as names
# (not imported by name, which the fixtures below would shadow) so pytest registers them here.
home = school_pages.home
hub = school_pages.hub
mentor_profile = school_pages.mentor_profile
publish = school_pages.publish

CHOICES = ["No", "Once", "A few times"]


def make_survey(
    parent, *, slug="survey", ask_year_group=True, opens_at=None, closes_at=None, questions=None
):
    page = SurveyPage(
        title="How safe do you feel online?",
        slug=slug,
        intro="Anonymous.",
        ask_year_group=ask_year_group,
        opens_at=opens_at or timezone.now() - timedelta(days=1),
        closes_at=closes_at,
        questions=questions
        or [
            (
                "single",
                {
                    "text": "Has anyone been unkind to you online?",
                    "choices": CHOICES,
                    "required": True,
                },
            ),
            (
                "multiple",
                {"text": "Where?", "choices": ["Snapchat", "Roblox", "Discord"], "required": False},
            ),
            (
                "scale",
                {
                    "text": "How safe do you feel?",
                    "points": 5,
                    "low_label": "Not",
                    "high_label": "Very",
                    "required": False,
                },
            ),
            ("text", {"text": "Anything else?", "required": False}),
        ],
        live=False,
    )
    parent.add_child(instance=page)
    page.age_bands.set(AgeBand.objects.filter(key="11-16"))
    page.audiences.set(Audience.objects.filter(key="pupils"))
    return publish(page)


@pytest.fixture
def survey(hub) -> SurveyPage:
    return make_survey(hub)


@pytest.fixture
def poll(hub) -> PollPage:
    page = PollPage(
        title="Question of the week",
        slug="poll",
        question="What would you do?",
        choices="Tell an adult\nReport it\nNothing",
        opens_at=timezone.now() - timedelta(days=1),
        live=False,
    )
    hub.add_child(instance=page)
    return publish(page)


def questions_by_kind(survey):
    return {question.kind: question for question in survey.question_list()}


def form_data(survey, *, year="7", single="No", multiple=(), scale="", text="", **extra):
    qs = questions_by_kind(survey)
    data = {"year": year, qs["single"].field_name: single}
    if multiple:
        data[qs["multiple"].field_name] = list(multiple)
    if scale:
        data[qs["scale"].field_name] = scale
    if text:
        data[qs["text"].field_name] = text
    data.update(extra)
    return data


def database_text() -> str:
    """Every value in every table, as text: to prove a secret reached none of them."""
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - table names from introspection
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        value = bytes(value).decode("utf-8", "replace")
                    parts.append(str(value))
    return "\n".join(parts)
