"""What happens when the editorial workflow is fully approved.

Wagtail's default publishes as the last approver, checking that person's own publish
permission. Safeguarding leads approve sensitive pages but are deliberately not
given publish rights over the site, so the workflow's approval (moderator, then lead)
is the authority here. Loaded by WAGTAIL_FINISH_WORKFLOW_ACTION: no model imports at
module level, because Wagtail imports this while its models load.
"""


def publish_approved_workflow_state(workflow_state, user=None):
    revision = workflow_state.content_object.get_latest_revision()
    revision.publish(user=user, skip_permission_checks=True)
