"""What each role can and cannot do, through the admin's real URLs, and the editorial workflow."""

import pytest
from django.urls import reverse
from wagtail.models import Page, TaskState

from content.models import GuidePage
from tests.builders import TEST_PASSWORD
from tests.security.helpers import verified_login

from .helpers import guide_form_data

pytestmark = pytest.mark.django_db


def login(client, user):
    if user.groups.filter(name="Safeguarding leads").exists() or user.is_superuser:
        # Leads and superusers pass the staff two-factor sign-in (see tests/security).
        verified_login(client, user)
    else:
        assert client.login(username=user.username, password=TEST_PASSWORD)
    return client


def add_url(parent):
    return reverse("wagtailadmin_pages:add", args=("content", "guidepage", parent.pk))


def submit_guide(client, hub, *, title="Ignoring trolls", slug="ignoring-trolls", topics=()):
    response = client.post(
        add_url(hub),
        guide_form_data(title=title, slug=slug, topics=topics, extra={"action-submit": "1"}),
    )
    assert response.status_code == 302, response.content[:2000]
    return GuidePage.objects.get(slug=slug)


def current_task_state(page):
    page.refresh_from_db()
    return page.current_workflow_task_state


def approve(client, page, **extra):
    state = current_task_state(page)
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", state.pk))
    return client.post(url, {"comment": "", **extra})


CHECKLIST = {"signposts_present": "on", "no_method_details": "on", "no_identifying_details": "on"}


def test_mentor_submits_a_draft_that_is_not_public_until_a_moderator_approves(
    client, mentor, moderator, hub, plain_topic
):
    page = submit_guide(login(client, mentor), hub, topics=[plain_topic])
    assert not page.live
    assert page.owner == mentor
    assert page.workflow_in_progress
    client.logout()
    assert client.get("/pupils/ignoring-trolls/").status_code == 404

    response = approve(login(client, moderator), page)
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live
    # The safeguarding step was skipped on its own: the page has no sensitive topic.
    assert TaskState.objects.filter(
        workflow_state__object_id=str(page.pk), status="skipped"
    ).exists()
    client.logout()
    assert client.get("/pupils/ignoring-trolls/").status_code == 200


def test_sensitive_page_needs_the_safeguarding_leads_checklist_approval_too(
    client, mentor, moderator, lead, hub, sensitive_topic
):
    page = submit_guide(
        login(client, mentor),
        hub,
        title="Getting help",
        slug="getting-help",
        topics=[sensitive_topic],
    )
    approve(login(client, moderator), page)
    page.refresh_from_db()
    assert not page.live
    assert current_task_state(page).task.specific.__class__.__name__ == "SafeguardingReviewTask"

    # A moderator cannot take the lead's step.
    assert approve(client, page, **CHECKLIST).status_code in (302, 403)
    page.refresh_from_db()
    assert not page.live

    login(client, lead)
    # The lead sees the checklist, and approving without ticking it all does nothing.
    state = current_task_state(page)
    modal = client.get(
        reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", state.pk))
    )
    assert b"no method details" in modal.content.lower() or b"No method details" in modal.content
    approve(client, page, signposts_present="on")
    page.refresh_from_db()
    assert not page.live

    approve(client, page, **CHECKLIST)
    page.refresh_from_db()
    assert page.live


def test_rejection_goes_back_to_the_mentor_with_a_comment(
    client, mentor, moderator, hub, plain_topic
):
    page = submit_guide(login(client, mentor), hub, topics=[plain_topic])
    login(client, moderator)
    state = current_task_state(page)
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "reject", state.pk))
    client.post(url, {"comment": "Please add where to get help."})
    page.refresh_from_db()
    assert not page.live
    assert page.current_workflow_state.status == "needs_changes"
    assert TaskState.objects.get(pk=state.pk).comment == "Please add where to get help."


def test_mentor_cannot_publish_directly(client, mentor, hub, plain_topic):
    login(client, mentor)
    client.post(
        add_url(hub), guide_form_data(title="Sneaky", slug="sneaky", extra={"action-publish": "1"})
    )
    page = GuidePage.objects.filter(slug="sneaky").first()
    assert page is None or not page.live
    if page is not None:
        edit = reverse("wagtailadmin_pages:edit", args=(page.pk,))
        client.post(
            edit, guide_form_data(title="Sneaky", slug="sneaky", extra={"action-publish": "1"})
        )
        page.refresh_from_db()
        assert not page.live


def test_moderator_can_publish_directly(client, moderator, hub):
    login(client, moderator)
    client.post(
        add_url(hub),
        guide_form_data(title="By staff", slug="by-staff", extra={"action-publish": "1"}),
    )
    assert GuidePage.objects.get(slug="by-staff").live


def test_mentor_cannot_unpublish_delete_or_move_a_published_page(client, mentor, guide, hub, home):
    # Even a page the mentor owns, once it is live.
    Page.objects.filter(pk=guide.pk).update(owner=mentor)
    login(client, mentor)
    client.post(reverse("wagtailadmin_pages:unpublish", args=(guide.pk,)))
    guide.refresh_from_db()
    assert guide.live

    client.post(reverse("wagtailadmin_pages:delete", args=(guide.pk,)))
    assert GuidePage.objects.filter(pk=guide.pk).exists()

    client.post(reverse("wagtailadmin_pages:move_confirm", args=(guide.pk, home.pk)))
    guide.refresh_from_db()
    assert guide.get_parent().pk == hub.pk


@pytest.mark.parametrize(
    "url",
    [
        "/admin/sites/",
        "/admin/users/",
        "/admin/groups/",
        "/admin/workflows/list/",
        "/admin/settings/",
        "/admin/reports/past-review-date/",
        "/admin/snippets/content/pagefeedback/",
        "/admin/snippets/content/topic/add/",
    ],
)
def test_mentor_cannot_reach_settings_users_or_reports(client, mentor, url):
    response = login(client, mentor).get(url)
    assert response.status_code in (302, 403, 404)
    if response.status_code == 302:
        assert response["Location"] != url


def test_mentor_has_no_reporting_role_or_permission(mentor):
    from reporting.roles import is_safeguarding_lead

    assert not is_safeguarding_lead(mentor)
    assert not any(perm.startswith("reporting.") for perm in mentor.get_all_permissions())


def test_moderator_sees_pages_past_their_review_date(client, moderator, overdue_guide, guide):
    response = login(client, moderator).get("/admin/reports/past-review-date/")
    assert response.status_code == 200
    assert overdue_guide.title.encode() in response.content
    assert guide.title.encode() not in response.content


def test_editor_shows_wagtails_content_checks(client, moderator, guide):
    response = login(client, moderator).get(reverse("wagtailadmin_pages:edit", args=(guide.pk,)))
    assert response.status_code == 200
    assert b"Toggle checks" in response.content
    assert b"image-alt" in response.content  # our stricter axe rules reach the checker


def test_revisions_can_be_compared_and_rolled_back_by_a_moderator(client, moderator, guide):
    first = guide.latest_revision
    guide.title = "Blocking people, updated"
    guide.save_revision().publish()
    login(client, moderator)
    compare = reverse(
        "wagtailadmin_pages:revisions_compare", args=(guide.pk, first.pk, guide.latest_revision.pk)
    )
    assert client.get(compare).status_code == 200
    revert = reverse("wagtailadmin_pages:revisions_revert", args=(guide.pk, first.pk))
    assert client.get(revert).status_code == 200
