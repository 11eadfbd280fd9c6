"""Public pages: filters without JavaScript, related content, bylines, topics, mentors, help."""

import pytest

from content.models import PageFeedback  # noqa: F401 - registers models for the fixtures

from .conftest import make_guide

pytestmark = pytest.mark.django_db


def test_hub_filters_by_age_band_and_topic_with_plain_get(
    client, hub, plain_topic, sensitive_topic
):
    make_guide(hub, title="For little ones", slug="little", ages=("7-11",), topics=[plain_topic])
    make_guide(hub, title="For older pupils", slug="older", ages=("16+",), topics=[sensitive_topic])
    html = client.get("/pupils/", {"age": "7-11"}).content.decode()
    assert "For little ones" in html and "For older pupils" not in html
    html = client.get("/pupils/", {"topic": sensitive_topic.slug}).content.decode()
    assert "For older pupils" in html and "For little ones" not in html
    assert '<form class="filter-form" method="get"' in html


def test_topic_page_lists_and_filters_by_audience(client, hub, plain_topic):
    make_guide(
        hub, title="Pupil guide", slug="pupil-guide", topics=[plain_topic], audiences=("pupils",)
    )
    make_guide(
        hub, title="Parent guide", slug="parent-guide", topics=[plain_topic], audiences=("parents",)
    )
    html = client.get(f"/topics/{plain_topic.slug}/", {"audience": "parents"}).content.decode()
    assert "Parent guide" in html and "Pupil guide" not in html


def test_sensitive_topic_page_shows_help_first(client, hub, sensitive_topic, helplines):
    html = client.get(f"/topics/{sensitive_topic.slug}/").content.decode()
    assert 'class="help-panel"' in html


def test_guide_shows_byline_and_related_content(client, guide, hub, plain_topic):
    make_guide(hub, title="Related one", slug="related-one", topics=[plain_topic])
    html = client.get(guide.url).content.decode()
    assert 'Written by <a href="/mentors/' in html and "Year 10 mentor" in html
    assert "Related one" in html


def test_mentor_profile_lists_published_contributions_with_counts(
    client, guide, mentor_profile, hub
):
    draft = make_guide(hub, title="Unpublished", slug="unpublished", mentor=mentor_profile)
    draft.unpublish()
    html = client.get(f"/mentors/{mentor_profile.pk}/").content.decode()
    assert "Blocking people" in html and "Unpublished" not in html
    assert "1 guide." in html
    assert "Likes comics." in html


def test_hidden_mentor_has_no_public_profile(client, guide, mentor_profile):
    mentor_profile.show_on_site = False
    mentor_profile.save()
    assert client.get(f"/mentors/{mentor_profile.pk}/").status_code == 404
    assert b"/mentors/" not in client.get(guide.url).content


def test_mentor_pseudonym_refuses_first_and_last_name(db):
    from django.core.exceptions import ValidationError

    from content.models import MentorProfile

    with pytest.raises(ValidationError):
        MentorProfile(display_name="Jay Smith").full_clean()
    MentorProfile(display_name="Jay").full_clean()


def test_code_of_conduct_shows_numbered_commitments_what_changed_and_a_print_view(client, home):
    from datetime import date

    from .conftest import make_code_of_conduct, publish

    page = make_code_of_conduct(home).get_latest_revision_as_object()
    page.effective_date = date(2026, 9, 1)
    page.commitments = [
        {"type": "commitment", "value": {"title": "Be kind", "text": "t"}},
        {"type": "commitment", "value": {"title": "Ask first", "text": "t"}},
    ]
    page.changes = "Added: ask before adding people to group chats."
    publish(page)
    html = client.get("/our-code/").content.decode()
    assert '<ol class="commitments">' in html
    assert "What changed in this version" in html and "Ask first" in html
    assert "1 September 2025" in html  # the previous version
    assert 'media="print"' in html
    print_html = client.get("/our-code/print/").content.decode()
    assert "print-view" in print_html and 'class="help-bar"' in print_html


def test_help_page_lists_helplines_emergency_first(client, home, helplines):
    from content.models import HelpPage

    from .conftest import publish

    page = HelpPage(title="Get help now", slug="get-help", summary="s", live=False)
    home.add_child(instance=page)
    publish(page)
    html = client.get("/get-help/").content.decode()
    assert html.index("Emergency services") < html.index("Childline")
    assert 'href="tel:08001111"' in html


def test_error_pages_show_help_even_when_the_database_is_down(rf):
    from unittest import mock

    from django.db import OperationalError, connection

    from content import views

    request = rf.get("/missing/")
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("database is down")):
        for view, status in [
            (views.page_not_found, 404),
            (views.server_error, 500),
            (views.permission_denied, 403),
            (views.bad_request, 400),
        ]:
            response = view(request)
            assert response.status_code == status
            assert b"0800 1111" in response.content and b"999" in response.content
            assert b'class="quick-exit"' in response.content
