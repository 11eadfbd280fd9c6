"""Each school moderates its own pages: its own workflow, its own moderators, its own leads.

Attacked through the admin's real workflow URLs
(/admin/pages/<id>/workflow/action/<action>/<task_state_id>/) and its dashboard,
with two schools on one deployment.
"""

from dataclasses import dataclass
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from wagtail.models import (
    GroupApprovalTask,
    Page,
    Site,
    Task,
    TaskState,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from content.models import Audience, AudienceHubPage, GuidePage, HomePage, SafeguardingReviewTask
from tests.builders import TEST_PASSWORD, make_lead, make_user
from tests.builders import staff_sign_in as sign_in
from themes.schools import school_groups_create

from .conftest import publish
from .helpers import guide_form_data

pytestmark = pytest.mark.django_db

CHECKLIST = {"signposts_present": "on", "no_method_details": "on", "no_identifying_details": "on"}


@dataclass
class School:
    site: Site
    home: HomePage
    hub: AudienceHubPage
    mentor: object
    moderator: object
    lead: object


def build_school(*, hostname: str, name: str, slug: str) -> School:
    root = Page.get_first_root_node()
    home = HomePage(title=name, slug=slug, live=False)
    root.add_child(instance=home)
    publish(home)
    site = Site.objects.create(hostname=hostname, port=80, root_page=home, site_name=name)
    hub = AudienceHubPage(
        title="For pupils", slug="pupils", audience=Audience.objects.get(key="pupils"), live=False
    )
    home.add_child(instance=hub)
    publish(hub)
    groups = school_groups_create(site)
    mentor = make_user(username=f"{slug}-mentor", email=f"{slug}-mentor@school.example")
    mentor.groups.add(groups.mentors)
    moderator = make_user(username=f"{slug}-moderator", email=f"{slug}-moderator@school.example")
    moderator.groups.add(groups.moderators)
    lead = make_lead(username=f"{slug}-lead", school=site)
    return School(site=site, home=home, hub=hub, mentor=mentor, moderator=moderator, lead=lead)


@pytest.fixture
def northfield(db) -> School:
    return build_school(hostname="northfield.test", name="Northfield Academy", slug="northfield")


@pytest.fixture
def brook_lane(db) -> School:
    return build_school(hostname="brooklane.test", name="Brook Lane Primary", slug="brook-lane")


def submit_guide(client, school: School, *, title: str, topics=()) -> GuidePage:
    """The school's mentor writes a guide and submits it, through the admin's add view."""
    slug = title.lower().replace(" ", "-")
    sign_in(client, school.mentor)
    response = client.post(
        reverse("wagtailadmin_pages:add", args=("content", "guidepage", school.hub.pk)),
        guide_form_data(title=title, slug=slug, topics=topics, extra={"action-submit": "1"}),
    )
    assert response.status_code == 302, response.content[:2000]
    page = GuidePage.objects.get(slug=slug)
    assert page.workflow_in_progress
    return page


def current_state(page) -> TaskState:
    page.refresh_from_db()
    return page.current_workflow_task_state


def action_url(page, action: str, state: TaskState | None = None) -> str:
    state = state or current_state(page)
    return reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, state.pk))


def assert_refused(response):
    """Wagtail's admin refuses with a 403 to the modal's own (XMLHttpRequest) calls and
    otherwise with a redirect to the dashboard and "Sorry, you do not have permission"."""
    if response.status_code == 302:
        assert response["Location"] == reverse("wagtailadmin_home")
    else:
        assert response.status_code == 403


AJAX = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}


def is_live(page) -> bool:
    page.refresh_from_db()
    return page.live


# --- the workflow each school gets ------------------------------------------------


def test_each_school_gets_its_own_workflow_on_its_root_page(northfield, brook_lane):
    north = WorkflowPage.objects.get(page=northfield.home).workflow
    brook = WorkflowPage.objects.get(page=brook_lane.home).workflow
    assert north != brook
    assert north.name == "Northfield Academy moderation"
    assert north.active
    moderation, review = (task.specific for task in north.tasks)
    assert isinstance(moderation, GroupApprovalTask)
    assert list(moderation.groups.values_list("name", flat=True)) == [
        "Northfield Academy moderators"
    ]
    assert isinstance(review, SafeguardingReviewTask)
    # Pages of each school find their school's workflow (Wagtail looks up the nearest ancestor).
    assert northfield.hub.get_workflow() == north
    assert brook_lane.hub.get_workflow() == brook


def test_a_new_school_set_up_later_gets_its_workflow_and_running_it_again_duplicates_nothing(
    northfield,
):
    counted = (Workflow, Task, WorkflowTask, WorkflowPage, Group)

    def counts():
        return [model.objects.count() for model in counted]

    before = counts()
    school_groups_create(northfield.site)
    assert counts() == before

    root = Page.get_first_root_node()
    home = root.add_child(instance=Page(title="Hillside", slug="hillside"))
    site = Site.objects.create(hostname="hillside.test", port=80, root_page=home, site_name="Hill")
    school_groups_create(site, name="Hillside School")
    workflow = WorkflowPage.objects.get(page=home).workflow
    assert workflow.name == "Hillside School moderation"
    assert counts() == [
        before[0] + 1,  # the workflow
        before[1] + 2,  # its two tasks
        before[2] + 2,
        before[3] + 1,  # assigned to the school's root page
        before[4] + 2,  # mentors and moderators
    ]
    school_groups_create(site, name="Hillside School")
    assert counts()[:4] == [before[0] + 1, before[1] + 2, before[2] + 2, before[3] + 1]


def test_setting_up_a_school_takes_its_root_page_off_another_workflow(northfield):
    shared = Workflow.objects.create(name="One workflow for everyone")
    WorkflowPage.objects.filter(page=northfield.home).update(workflow=shared)
    school_groups_create(northfield.site)
    assert WorkflowPage.objects.get(page=northfield.home).workflow.name == (
        "Northfield Academy moderation"
    )


# --- the moderator step -------------------------------------------------------------


def test_a_schools_own_moderator_approves_its_page(client, northfield, brook_lane, plain_topic):
    page = submit_guide(client, northfield, title="Muting group chats", topics=[plain_topic])
    assert current_state(page).task.specific.groups.get().name == "Northfield Academy moderators"

    response = sign_in(client, northfield.moderator).post(action_url(page, "approve"), {})
    assert response.status_code == 302
    assert is_live(page)


@pytest.mark.parametrize("action", ["approve", "reject"])
def test_another_schools_moderator_cannot_approve_or_reject_a_page(
    client, northfield, brook_lane, plain_topic, action
):
    page = submit_guide(client, northfield, title="Muting group chats", topics=[plain_topic])
    state = current_state(page)
    sign_in(client, brook_lane.moderator)

    assert_refused(client.get(action_url(page, action, state)))
    assert client.get(action_url(page, action, state), **AJAX).status_code == 403
    assert_refused(client.post(action_url(page, action, state), {"comment": "Looks fine to me"}))
    response = client.post(action_url(page, action, state), {"comment": "Fine"}, **AJAX)
    assert response.status_code == 403
    # Nor through the editor's own workflow buttons.
    client.post(
        reverse("wagtailadmin_pages:edit", args=(page.pk,)),
        guide_form_data(
            title="Muting group chats",
            slug="muting-group-chats",
            topics=[plain_topic],
            extra={"action-workflow-action": "true", "workflow-action-name": action},
        ),
    )
    assert not is_live(page)
    state.refresh_from_db()
    assert state.status == TaskState.STATUS_IN_PROGRESS
    assert page.current_workflow_state.status == "in_progress"


def test_only_the_schools_moderators_see_the_page_awaiting_review_or_in_workflow_reports(
    client, northfield, brook_lane, plain_topic
):
    submit_guide(client, northfield, title="Muting group chats", topics=[plain_topic])

    sign_in(client, northfield.moderator)
    for url in (reverse("wagtailadmin_home"), reverse("wagtailadmin_reports:workflow")):
        own = client.get(url)
        assert own.status_code == 200, url
        assert b"Muting group chats" in own.content, url

    sign_in(client, brook_lane.moderator)
    for url in (
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_reports:workflow"),
        reverse("wagtailadmin_reports:workflow_tasks"),
    ):
        other = client.get(url)
        assert other.status_code == 200, url
        assert b"Muting group chats" not in other.content, url


def test_only_the_schools_moderators_are_emailed_about_a_submission(
    client, northfield, brook_lane, plain_topic
):
    mail.outbox.clear()
    submit_guide(client, northfield, title="Muting group chats", topics=[plain_topic])
    recipients = {address for message in mail.outbox for address in message.to}
    assert northfield.moderator.email in recipients
    assert brook_lane.moderator.email not in recipients
    assert not {northfield.lead.email, brook_lane.lead.email} & recipients


# --- the safeguarding step ---------------------------------------------------------------


@pytest.fixture
def sensitive_page_at_review(client, northfield, brook_lane, sensitive_topic):
    """A Northfield page on a sensitive topic, approved by its moderator, now at the lead's step."""
    page = submit_guide(
        client, northfield, title="When it feels too much", topics=[sensitive_topic]
    )
    sign_in(client, northfield.moderator).post(action_url(page, "approve"), {})
    assert not is_live(page)
    assert isinstance(current_state(page).task.specific, SafeguardingReviewTask)
    return page


def test_another_schools_lead_cannot_take_the_safeguarding_step(
    client, northfield, brook_lane, sensitive_page_at_review
):
    page = sensitive_page_at_review
    state = current_state(page)
    sign_in(client, brook_lane.lead)

    for action in ("approve", "reject"):
        assert_refused(client.get(action_url(page, action, state)))
        assert_refused(client.post(action_url(page, action, state), CHECKLIST))
        response = client.post(action_url(page, action, state), CHECKLIST, **AJAX)
        assert response.status_code == 403
    assert_refused(client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,))))
    dashboard = client.get(reverse("wagtailadmin_home"))
    assert dashboard.status_code == 200
    assert b"When it feels too much" not in dashboard.content
    assert not is_live(page)
    state.refresh_from_db()
    assert state.status == TaskState.STATUS_IN_PROGRESS


def test_the_other_schools_moderator_cannot_take_the_safeguarding_step_either(
    client, northfield, brook_lane, sensitive_page_at_review
):
    page = sensitive_page_at_review
    for user in (northfield.moderator, brook_lane.moderator, northfield.mentor):
        sign_in(client, user)
        assert_refused(client.post(action_url(page, "approve"), CHECKLIST))
        assert client.post(action_url(page, "approve"), CHECKLIST, **AJAX).status_code == 403
    assert not is_live(page)


def test_the_schools_own_lead_sees_and_approves_the_safeguarding_step(
    client, northfield, brook_lane, sensitive_page_at_review
):
    page = sensitive_page_at_review
    sign_in(client, northfield.lead)
    dashboard = client.get(reverse("wagtailadmin_home"))
    assert b"When it feels too much" in dashboard.content

    # The checklist is still required.
    client.post(action_url(page, "approve"), {"signposts_present": "on"})
    assert not is_live(page)
    response = client.post(action_url(page, "approve"), CHECKLIST)
    assert response.status_code == 302
    assert is_live(page)


def test_a_trust_wide_lead_of_both_schools_may_take_the_step(
    client, northfield, brook_lane, sensitive_page_at_review
):
    from reporting.models import SafeguardingLead

    SafeguardingLead.objects.create(user=brook_lane.lead, school=northfield.site)
    sign_in(client, brook_lane.lead).post(
        action_url(sensitive_page_at_review, "approve"), CHECKLIST
    )
    assert is_live(sensitive_page_at_review)


def test_only_the_schools_leads_are_emailed_about_the_safeguarding_step(
    client, northfield, brook_lane, sensitive_topic
):
    page = submit_guide(
        client, northfield, title="When it feels too much", topics=[sensitive_topic]
    )
    mail.outbox.clear()
    sign_in(client, northfield.moderator).post(action_url(page, "approve"), {})
    recipients = {address for message in mail.outbox for address in message.to}
    assert northfield.lead.email in recipients
    assert brook_lane.lead.email not in recipients


def test_a_page_with_no_sensitive_topic_still_skips_the_safeguarding_step(
    client, northfield, plain_topic
):
    page = submit_guide(client, northfield, title="Muting group chats", topics=[plain_topic])
    mail.outbox.clear()
    sign_in(client, northfield.moderator).post(action_url(page, "approve"), {})
    assert is_live(page)
    assert TaskState.objects.filter(
        workflow_state__object_id=str(page.pk), status=TaskState.STATUS_SKIPPED
    ).exists()
    assert northfield.lead.email not in {a for message in mail.outbox for a in message.to}


# --- the demo schools ---------------------------------------------------------------------


@pytest.mark.slow
def test_in_both_demo_schools_the_demo_moderator_approves_a_mentors_guide(
    client, settings, plain_topic
):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    settings.DEBUG = False
    call_command("seed_demo", stdout=StringIO(), stderr=StringIO())
    users = get_user_model().objects.in_bulk(["mentor", "moderator"], field_name="username")
    for user in users.values():
        user.set_password(TEST_PASSWORD)
        user.save(update_fields=["password"])
    for hostname, label in (("127.0.0.1", "northfield"), ("localhost", "brook lane")):
        site = Site.objects.get(hostname=hostname)
        hub = AudienceHubPage.objects.child_of(site.root_page).get(slug="pupils")
        assert hub.get_workflow() == WorkflowPage.objects.get(page=site.root_page).workflow
        school = School(
            site=site,
            home=site.root_page,
            hub=hub,
            mentor=users["mentor"],
            moderator=users["moderator"],
            lead=None,
        )
        page = submit_guide(client, school, title=f"Muting chats at {label}", topics=[plain_topic])
        sign_in(client, users["moderator"])
        assert (
            f"Muting chats at {label}".encode() in client.get(reverse("wagtailadmin_home")).content
        )
        client.post(action_url(page, "approve"), {})
        assert is_live(page), hostname
