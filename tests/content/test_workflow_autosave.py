"""Drafts saved while a page is under review, through the admin's real editor and workflow URLs.

The editor autosaves (a JSON POST to the edit view) while a reviewer has it open; a save that
changes nothing a reader sees must not cost an approval, while a real edit still needs one.
"""

import pytest
from django.urls import reverse
from wagtail.models import GroupApprovalTask

from content.models import SafeguardingReviewTask
from tests.builders import make_user
from tests.security.helpers import verified_login

from .helpers import guide_form_data
from .test_school_workflows import (
    CHECKLIST,
    action_url,
    build_school,
    current_state,
    is_live,
    sign_in,
    submit_guide,
)

pytestmark = pytest.mark.django_db

TITLE = "When it feels too much"


@pytest.fixture
def northfield(db):
    return build_school(hostname="northfield.test", name="Northfield Academy", slug="northfield")


def autosave(client, page, **changes):
    """What the editor's autosave sends: the form as it stands, asking for JSON back."""
    page.refresh_from_db()
    data = guide_form_data(title=TITLE, slug="when-it-feels-too-much", topics=page.topics.all())
    data.update(changes)
    data["loaded_revision_id"] = str(page.latest_revision_id)
    data["loaded_revision_created_at"] = page.latest_revision.created_at.isoformat()
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=(page.pk,)), data, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 200, response.content[:2000]
    assert response.json()["success"], response.json()
    return response


def sign_in_as_admin(client):
    admin = make_user(username="editorial-admin", is_superuser=True, is_staff=True)
    client.logout()
    verified_login(client, admin)


def step_of(page):
    return type(current_state(page).task.specific)


def test_a_sensitive_page_autosaved_during_review_is_approved_once_by_each_reviewer(
    client, northfield, sensitive_topic
):
    page = submit_guide(client, northfield, title=TITLE, topics=[sensitive_topic])
    sign_in(client, northfield.moderator)
    # The moderator opens the editor to read the page; the editor autosaves it unchanged.
    revisions_before = page.revisions.count()
    autosave(client, page)
    assert page.revisions.count() == revisions_before + 1

    assert client.post(action_url(page, "approve"), {}).status_code == 302
    assert step_of(page) is SafeguardingReviewTask  # not back at the moderator's step

    sign_in(client, northfield.lead)
    assert client.post(action_url(page, "approve"), CHECKLIST).status_code == 302
    assert is_live(page)


def test_an_unchanged_save_after_the_moderator_approved_keeps_that_approval(
    client, northfield, sensitive_topic
):
    page = submit_guide(client, northfield, title=TITLE, topics=[sensitive_topic])
    sign_in(client, northfield.moderator).post(action_url(page, "approve"), {})
    # An admin's editor, open on the page, autosaves it unchanged while the lead reviews.
    sign_in_as_admin(client)
    autosave(client, page)
    sign_in(client, northfield.lead).post(action_url(page, "approve"), CHECKLIST)
    assert is_live(page)


def test_a_real_edit_after_the_moderator_approved_still_needs_the_moderator_again(
    client, northfield, sensitive_topic
):
    page = submit_guide(client, northfield, title=TITLE, topics=[sensitive_topic])
    sign_in(client, northfield.moderator).post(action_url(page, "approve"), {})
    sign_in_as_admin(client)
    autosave(client, page, summary="A different summary the moderator has not read.")
    sign_in(client, northfield.lead).post(action_url(page, "approve"), CHECKLIST)
    assert not is_live(page)
    assert step_of(page) is GroupApprovalTask
