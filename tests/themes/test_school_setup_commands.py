"""The commands that set schools up give each one its own moderation workflow."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page, Site, Workflow, WorkflowPage

from tests.builders import make_user

pytestmark = pytest.mark.django_db


def workflow_of(page) -> Workflow:
    return WorkflowPage.objects.get(page=page).workflow


def moderator_groups(workflow) -> set[str]:
    first_step = workflow.tasks.first().specific
    return set(first_step.groups.values_list("name", flat=True))


def test_set_up_school_gives_a_new_school_its_groups_and_workflow(northfield):
    output = StringIO()
    call_command("set_up_school", "northfield.test", stdout=output)
    workflow = workflow_of(northfield.home)
    assert workflow.name == "Northfield Academy moderation"
    assert moderator_groups(workflow) == {"Northfield Academy moderators"}
    assert "Northfield Academy moderation" in output.getvalue()

    counts = (Workflow.objects.count(), WorkflowPage.objects.count())
    call_command("set_up_school", "northfield.test", stdout=StringIO())
    assert (Workflow.objects.count(), WorkflowPage.objects.count()) == counts


def test_set_up_school_refuses_an_unknown_host_and_a_site_at_the_tree_root(db):
    with pytest.raises(CommandError, match="found 0"):
        call_command("set_up_school", "nowhere.test", stdout=StringIO())
    Site.objects.create(hostname="everything.test", root_page=Page.get_first_root_node())
    with pytest.raises(CommandError, match="tree root"):
        call_command("set_up_school", "everything.test", stdout=StringIO())
    # The tree root keeps the global workflow, for pages outside every school.
    assert workflow_of(Page.get_first_root_node()).name == (
        "Moderation, with safeguarding review for sensitive topics"
    )


def test_each_demo_school_gets_its_workflow_and_the_demo_moderator_moderates_both(demo_sites):
    local, loopback = demo_sites
    moderator = make_user(username="moderator", groups=["Moderators"])
    call_command("seed_schools_demo", stdout=StringIO())

    north = workflow_of(loopback.root_page)
    brook = workflow_of(local.root_page)
    assert (north.name, brook.name) == (
        "Northfield Academy moderation",
        "Brook Lane Primary moderation",
    )
    assert moderator_groups(north) == {"Northfield Academy moderators"}
    assert moderator_groups(brook) == {"Brook Lane Primary moderators"}
    assert {"Northfield Academy moderators", "Brook Lane Primary moderators"} <= set(
        moderator.groups.values_list("name", flat=True)
    )

    counts = (Workflow.objects.count(), WorkflowPage.objects.count(), moderator.groups.count())
    call_command("seed_schools_demo", stdout=StringIO())
    assert (
        Workflow.objects.count(),
        WorkflowPage.objects.count(),
        moderator.groups.count(),
    ) == counts
