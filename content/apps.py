from django.apps import AppConfig

# Wagtail emails superusers twice for each submission: once that the page entered the workflow
# ("workflow_state_submitted") and once for its first step (the group approval task, which
# names the step and goes to its reviewers too). The second says everything the first does.
WAGTAIL_WORKFLOW_SUBMITTED_EMAIL_UID = "workflow_state_submitted_email_notification"


def _workflow_submitted_is_told_by_its_first_step(sender, **kwargs):
    """Holds Wagtail's dispatch_uid for the workflow-level "submitted" email (see above)."""


class ContentConfig(AppConfig):
    name = "content"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.models import WorkflowState
        from wagtail.signals import workflow_submitted

        # This app is ready before wagtail.admin, whose later connect with the same
        # dispatch_uid is then ignored (Signal.connect keeps one receiver per uid and sender).
        workflow_submitted.connect(
            _workflow_submitted_is_told_by_its_first_step,
            sender=WorkflowState,
            dispatch_uid=WAGTAIL_WORKFLOW_SUBMITTED_EMAIL_UID,
        )
