"""The safeguarding review step of the editorial workflow.

A page that touches a sensitive topic (self-harm and suicide, …) needs a second
approval by the "Safeguarding leads" group, who confirm a short checklist. Pages
with no sensitive topic skip the step on their own, so one workflow serves all.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from wagtail.models import AbstractGroupApprovalTask, TaskState
from wagtail.models.workflows import TaskStateCommentForm

CHECKLIST = (
    (
        "signposts_present",
        "Signposts to help are on the page (Get help now, a helpline or a trusted adult).",
    ),
    ("no_method_details", "There are no method details of self-harm or suicide."),
    ("no_identifying_details", "There are no identifying details of real incidents or people."),
)
CHECKLIST_FIELDS = tuple(name for name, _label in CHECKLIST)


class SafeguardingChecklistForm(TaskStateCommentForm):
    """Approval needs every box ticked; the comment stays optional."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in CHECKLIST:
            self.fields[name] = forms.BooleanField(required=True, label=label)


def page_needs_safeguarding_review(obj) -> bool:
    """True when the version under review is tagged with a sensitive topic."""
    obj = getattr(obj, "specific", obj)
    if not hasattr(obj, "topics"):
        return False
    latest = obj.get_latest_revision_as_object()
    return any(topic.sensitive for topic in latest.topics.all())


class SafeguardingReviewTask(AbstractGroupApprovalTask):
    """Group approval with a checklist, skipped automatically for non-sensitive pages."""

    def start(self, workflow_state, user=None):
        if page_needs_safeguarding_review(workflow_state.content_object):
            return super().start(workflow_state, user=user)
        # Created without task_submitted, so leads are not notified about pages they need not see.
        return TaskState.objects.create(
            workflow_state=workflow_state,
            task=self,
            revision=workflow_state.content_object.get_latest_revision(),
            status=TaskState.STATUS_SKIPPED,
            finished_at=timezone.now(),
            comment="Skipped: the page has no sensitive topic.",
        )

    def get_actions(self, obj, user):
        if user.is_superuser or self._user_in_groups(user):
            return [
                ("reject", "Request changes", True),
                ("approve", "Approve with checklist", True),
            ]
        return []

    def get_form_for_action(self, action):
        if action == "approve":
            return SafeguardingChecklistForm
        return TaskStateCommentForm

    def get_template_for_action(self, action):
        if action == "approve":
            return "content/admin/safeguarding_checklist_modal.html"
        return ""

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve":
            # The editor's own approve path passes data straight through: check it here too.
            if not all(kwargs.get(name) for name in CHECKLIST_FIELDS):
                raise PermissionDenied(
                    "Every item of the safeguarding checklist must be confirmed."
                )
            comment = (kwargs.get("comment") or "").strip()
            confirmed = "Safeguarding checklist confirmed."
            task_state.approve(user=user, comment=f"{confirmed} {comment}".strip())
            return None  # the admin view treats a return value as the URL to redirect to
        kwargs = {key: value for key, value in kwargs.items() if key not in CHECKLIST_FIELDS}
        return super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return "Safeguarding leads confirm a checklist for pages on a sensitive topic; other pages skip this step."

    class Meta:
        verbose_name = "Safeguarding review"
        verbose_name_plural = "Safeguarding reviews"
