"""The safeguarding review step of the editorial workflow.

A page that touches a sensitive topic (self-harm and suicide, …) needs a second
approval by a safeguarding lead of the page's own school, who confirms a short
checklist. Pages with no sensitive topic skip the step on their own.

Wagtail's group approval knows nothing of sites: any member of the task's groups
could act on any page, and Wagtail emails every member. Safeguarding leads share
one group across schools, so this task narrows both to the leads of the school
whose page tree holds the page (reporting's SafeguardingLead rows, through
`reporting.roles`). Each school has its own workflow (content/school_workflows.py).
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.utils import timezone
from wagtail.admin.mail import GroupApprovalTaskStateSubmissionEmailNotifier
from wagtail.models import (
    AbstractGroupApprovalTask,
    Page,
    Site,
    TaskState,
    get_default_page_content_type,
)
from wagtail.models.workflows import TaskStateCommentForm

from reporting.permissions import REVIEWER_ROLES
from reporting.roles import is_safeguarding_lead, schools_led_by

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


def school_of_page(page) -> Site | None:
    """The school (Wagtail Site) whose page tree holds `page`, or None outside every school.

    The site rooted at the page's nearest ancestor (or the page itself) wins, so a
    school's tree is its own even if another Site were rooted higher up.
    """
    if not isinstance(page, Page):
        return None
    ancestor_paths = [
        page.path[:end] for end in range(Page.steplen, len(page.path) + 1, Page.steplen)
    ]
    return (
        Site.objects.filter(root_page__path__in=ancestor_paths)
        .order_by("-root_page__depth", "pk")
        .first()
    )


class SchoolLeadsSubmissionEmailNotifier(GroupApprovalTaskStateSubmissionEmailNotifier):
    """Wagtail's "submitted for your review" email, sent only to the leads of the page's school
    (and to superusers, as Wagtail does)."""

    def get_recipient_users(self, task_state, **kwargs):
        recipients = super().get_recipient_users(task_state, **kwargs)
        school = school_of_page(task_state.workflow_state.content_object)
        if school is None:
            return recipients.filter(is_superuser=True)
        return recipients.filter(
            Q(is_superuser=True)
            | Q(safeguarding_roles__school=school, safeguarding_roles__role__in=REVIEWER_ROLES)
        ).distinct()


class SafeguardingReviewTask(AbstractGroupApprovalTask):
    """Group approval with a checklist, skipped automatically for non-sensitive pages,
    and open only to the safeguarding leads of the page's own school."""

    def user_can_review(self, obj, user) -> bool:
        if user.is_superuser:
            return True
        if not self._user_in_groups(user):
            return False
        school = school_of_page(obj)
        return school is not None and is_safeguarding_lead(user, school)

    def start(self, workflow_state, user=None):
        page = workflow_state.content_object
        if not page_needs_safeguarding_review(page):
            # Created without a notification: leads are not told about pages they need not see.
            return TaskState.objects.create(
                workflow_state=workflow_state,
                task=self,
                revision=page.get_latest_revision(),
                status=TaskState.STATUS_SKIPPED,
                finished_at=timezone.now(),
                comment="Skipped: the page has no sensitive topic.",
            )
        # Wagtail's own start (Task.start) sends `task_submitted`, whose handler emails every
        # member of the task's groups: the leads of every school. So the state is made here
        # and the same email goes to this school's leads only.
        locked_by = getattr(page, "locked_by", None)
        if locked_by is not None and not self.user_can_review(page, locked_by):
            page.locked, page.locked_by, page.locked_at = False, None, None
            page.save(update_fields=["locked", "locked_by", "locked_at"])
        task_state = TaskState.objects.create(
            workflow_state=workflow_state,
            task=self,
            revision=page.get_latest_revision(),
            status=TaskState.STATUS_IN_PROGRESS,
        )
        SchoolLeadsSubmissionEmailNotifier()(instance=task_state, user=user)
        return task_state

    def user_can_access_editor(self, obj, user):
        return self.user_can_review(obj, user)

    def locked_for_user(self, obj, user):
        return not self.user_can_review(obj, user)

    def user_can_lock(self, obj, user):
        return self.user_can_review(obj, user)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        """What the dashboard's "awaiting your review" panel lists for `user`."""
        in_progress = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if user.is_superuser:
            return in_progress
        roots = list(
            Page.objects.filter(sites_rooted_here__in=schools_led_by(user)).values_list(
                "path", flat=True
            )
        )
        if not roots or not self._user_in_groups(user):
            return TaskState.objects.none()
        in_their_schools = Q()
        for path in roots:
            in_their_schools |= Q(path__startswith=path)
        # Workflow states name their object by a text id; cast the page ids to text (the safe
        # direction on PostgreSQL, where a snippet's id need not be a number).
        page_ids = (
            Page.objects.filter(in_their_schools)
            .annotate(id_text=Cast("id", output_field=CharField()))
            .values("id_text")
        )
        return in_progress.filter(
            workflow_state__base_content_type=get_default_page_content_type(),
            workflow_state__object_id__in=page_ids,
        )

    def get_actions(self, obj, user):
        if self.user_can_review(obj, user):
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
        # Wagtail's views check get_actions first; any other caller is held to the same rule.
        if not self.user_can_review(task_state.workflow_state.content_object, user):
            raise PermissionDenied("Only a safeguarding lead of this school can take this step.")
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
        return (
            "Safeguarding leads of the page's school confirm a checklist for pages on a "
            "sensitive topic; other pages skip this step."
        )

    class Meta:
        verbose_name = "Safeguarding review"
        verbose_name_plural = "Safeguarding reviews"
