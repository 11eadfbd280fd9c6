"""Each school's own editorial workflow: "<School> moderation".

Wagtail's GroupApprovalTask does not scope by site: a workflow whose step names
one "Moderators" group lets any member approve any school's pages. So each school
gets a workflow of its own on its root page, whose first step names that school's
moderators only; its second step is the safeguarding review (skipped for pages
with no sensitive topic), which only that school's leads can take.

Called by themes.schools.school_groups_create, which every way of setting up a
school goes through. The global workflow made by content's migration 0002 stays on
the tree root for pages outside every school (a fresh install before its Site is set
up as a school), where Wagtail would otherwise have no workflow to submit to.
"""

from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import GroupApprovalTask, Page, Workflow, WorkflowPage, WorkflowTask

from reporting.roles import SAFEGUARDING_GROUP

from .models import SafeguardingReviewTask


def school_workflow_names(school_name: str) -> dict[str, str]:
    return {
        "workflow": f"{school_name} moderation",
        "moderator_task": f"{school_name}: moderator approval",
        "safeguarding_task": f"{school_name}: safeguarding lead review (sensitive topics only)",
    }


@transaction.atomic
def school_workflow_create(*, root_page: Page, school_name: str, moderators: Group) -> Workflow:
    """Create (or complete) the school's workflow and assign it to its root page.

    Safe to run again: objects are found by name, nothing is duplicated and no group
    an admin added to a step is taken away. The root page is always put on the
    school's own workflow, because any other workflow there would let people outside
    the school approve its pages.
    """
    names = school_workflow_names(school_name)
    moderator_task = GroupApprovalTask.objects.filter(name=names["moderator_task"]).first()
    if moderator_task is None:
        moderator_task = GroupApprovalTask.objects.create(name=names["moderator_task"])
    moderator_task.groups.add(moderators)

    review_task = SafeguardingReviewTask.objects.filter(name=names["safeguarding_task"]).first()
    if review_task is None:
        review_task = SafeguardingReviewTask.objects.create(name=names["safeguarding_task"])
    review_task.groups.add(Group.objects.get_or_create(name=SAFEGUARDING_GROUP)[0])

    workflow, _ = Workflow.objects.get_or_create(name=names["workflow"])
    if not workflow.active:
        # Disabling a workflow in the admin also unassigns it, leaving the school's pages on
        # the global workflow; setting the school up again puts its own one back.
        workflow.active = True
        workflow.save(update_fields=["active"])
    for order, task in enumerate((moderator_task, review_task)):
        WorkflowTask.objects.get_or_create(
            workflow=workflow, task=task, defaults={"sort_order": order}
        )
    WorkflowPage.objects.update_or_create(page=root_page, defaults={"workflow": workflow})
    return workflow
