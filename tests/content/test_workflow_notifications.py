"""Who hears what when a mentor's page moves through moderation, through the admin's real URLs."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.builders import make_user
from tests.security.helpers import verified_login

from .test_school_workflows import action_url, build_school, sign_in, submit_guide

pytestmark = pytest.mark.django_db

COMMENT = "Please add who to tell at school in the last section."


@pytest.fixture
def northfield(db):
    return build_school(hostname="northfield.test", name="Northfield Academy", slug="northfield")


def request_changes(client, school, page, comment=COMMENT):
    sign_in(client, school.moderator)
    response = client.post(action_url(page, "reject"), {"comment": comment})
    assert response.status_code == 302


def test_the_mentor_is_emailed_the_moderators_comment_when_changes_are_requested(
    client, northfield, plain_topic
):
    page = submit_guide(client, northfield, title="Muting group chats", topics=[plain_topic])
    mail.outbox.clear()
    request_changes(client, northfield, page)
    to_mentor = [message for message in mail.outbox if northfield.mentor.email in message.to]
    assert len(to_mentor) == 1
    assert "Muting group chats" in to_mentor[0].subject + to_mentor[0].body
    assert COMMENT in to_mentor[0].body


def test_the_mentor_sees_the_requested_changes_and_comment_on_their_admin_home(
    client, northfield, plain_topic
):
    page = submit_guide(client, northfield, title="Muting group chats", topics=[plain_topic])
    request_changes(client, northfield, page)
    home = sign_in(client, northfield.mentor).get(reverse("wagtailadmin_home"))
    assert home.status_code == 200
    html = home.content.decode()
    assert "Changes requested" in html
    assert COMMENT in html
    assert reverse("wagtailadmin_pages:edit", args=(page.pk,)) in html
    # Once the mentor resubmits, the request is answered and leaves their home page.
    client.post(
        reverse("wagtailadmin_pages:edit", args=(page.pk,)),
        _resubmit_data(page),
    )
    assert (
        COMMENT
        not in sign_in(client, northfield.mentor).get(reverse("wagtailadmin_home")).content.decode()
    )


def _resubmit_data(page):
    from .helpers import guide_form_data

    return guide_form_data(
        title=page.title,
        slug=page.slug,
        topics=page.topics.all(),
        extra={"action-submit": "1"},
    )


def test_an_admin_gets_one_submitted_email_per_submission(client, northfield, plain_topic):
    admin = make_user(
        username="site-admin", email="admin@school.example", is_superuser=True, is_staff=True
    )
    verified_login(client, admin)
    mail.outbox.clear()
    submit_guide(client, northfield, title="Muting group chats", topics=[plain_topic])
    to_admin = [message for message in mail.outbox if admin.email in message.to]
    assert len(to_admin) == 1, [message.subject for message in to_admin]
    assert "Muting group chats" in to_admin[0].subject + to_admin[0].body
