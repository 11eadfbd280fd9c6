"""The mentor's own notice, on their admin home, of pages a reviewer sent back with a comment.

Wagtail emails the requester when changes are requested, but inside the admin the comment only
shows in the page's status panel, which a mentor has no reason to open. This panel lists each
of the user's pages waiting for their changes, with who asked, when, and what they wrote.
"""

from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.models import WorkflowState


def changes_requested_of(*, user):
    """Workflow states the user submitted that a reviewer sent back, newest first."""
    return (
        WorkflowState.objects.filter(requested_by=user, status=WorkflowState.STATUS_NEEDS_CHANGES)
        .select_related("current_task_state__finished_by", "current_task_state__task")
        .order_by("-current_task_state__finished_at")
    )


class ChangesRequestedPanel(Component):
    name = "changes_requested"
    template_name = "content/admin/changes_requested_panel.html"
    order = 40  # above the mentor's own work: it is what they need to act on

    def __init__(self, requests):
        self.requests = requests

    def get_context_data(self, parent_context=None):
        return {
            "requests": [
                {
                    "object": state.content_object,
                    "task_state": state.current_task_state,
                }
                for state in self.requests
            ]
        }


@hooks.register("construct_homepage_panels")
def add_changes_requested_panel(request, panels):
    requests = list(changes_requested_of(user=request.user))
    if requests:
        panels.append(ChangesRequestedPanel(requests))
