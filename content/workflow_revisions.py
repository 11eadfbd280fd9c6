"""Keep a page's moderation in step with the drafts saved while it is under review.

The site requires re-approval on edit (WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT): an
approval counts only for the revision it was given on, so a lead never confirms a text the
moderator did not see. But Wagtail's editor also saves revisions that change nothing a reader
sees (autosave, "Save draft" with no edits), and each such revision voided every approval and
sent the page back to the moderator. Two rules fix that without weakening re-approval:

- the step still in progress reviews the latest draft, which is the one its reviewer sees in
  the editor and preview, so it follows each new revision;
- an approval already given carries over to a new revision only while the page's content is
  exactly what was approved.

Called from the `after_edit_page` hook after every save in the page editor.
"""

import json
import re

from django.db import transaction
from wagtail.models import Revision, TaskState

# Fields Wagtail keeps in a revision that describe the page's place in the tree, its locks and
# its publishing bookkeeping, not what a reader sees (compare Page.with_content_json, which
# keeps the same fields from the live page when it restores a revision).
BOOKKEEPING_FIELDS = frozenset(
    {
        "pk",
        "path",
        "depth",
        "numchild",
        "url_path",
        "content_type",
        "draft_title",
        "live",
        "has_unpublished_changes",
        "owner",
        "locked",
        "locked_by",
        "locked_at",
        "latest_revision",
        "latest_revision_created_at",
        "live_revision",
        "first_published_at",
        "last_published_at",
        "alias_of",
        "translation_key",
        "locale",
        "expired",
        "comments",
        "wagtail_admin_comments",
    }
)


# StreamField block ids and the rich-text editor's paragraph keys are editor bookkeeping too:
# a form rebuilt from the same text may carry new ones.
BLOCK_KEY_ATTRIBUTE = re.compile(r'\s+data-block-key="[^"]*"')


def _without_editor_keys(value):
    if isinstance(value, dict):
        return {key: _without_editor_keys(item) for key, item in value.items() if key != "id"}
    if isinstance(value, list):
        return [_without_editor_keys(item) for item in value]
    if isinstance(value, str):
        return BLOCK_KEY_ATTRIBUTE.sub("", value)
    return value


def _field_reader_value(value):
    if isinstance(value, str) and value.startswith("[{"):
        try:  # a StreamField is stored in the revision as its JSON text
            value = json.loads(value)
        except ValueError:
            return value
    return _without_editor_keys(value)


def revision_reader_content(revision: Revision) -> dict:
    """The revision's content minus what only the editor and the page tree use."""
    return {
        key: _field_reader_value(value)
        for key, value in revision.content.items()
        if key not in BOOKKEEPING_FIELDS
    }


@transaction.atomic
def workflow_state_follow_latest_revision(*, page) -> None:
    """Retarget the page's in-progress moderation at its latest revision (see the module)."""
    workflow_state = page.current_workflow_state
    if workflow_state is None or workflow_state.status != workflow_state.STATUS_IN_PROGRESS:
        return
    # From the database: the editor's in-memory revision holds its content as Python values,
    # the stored one as JSON, and the two must be compared alike.
    latest = Revision.objects.filter(pk=page.latest_revision_id).first()
    if latest is None:
        return

    current = workflow_state.current_task_state
    if (
        current is not None
        and current.status == TaskState.STATUS_IN_PROGRESS
        and current.revision_id != latest.pk
    ):
        current.revision = latest
        current.save(update_fields=["revision"])

    latest_content = revision_reader_content(latest)
    approved = workflow_state.task_states.filter(status=TaskState.STATUS_APPROVED).select_related(
        "revision"
    )
    # A carried-over approval is a copy with the original's task and finish time; the original
    # is the one on the earliest revision.
    originals: dict[tuple, TaskState] = {}
    copies_on_latest: dict[tuple, TaskState] = {}
    for state in approved.order_by("revision_id", "pk"):
        key = (state.task_id, state.finished_at)
        if key not in originals:
            originals[key] = state
        elif state.revision_id == latest.pk:
            copies_on_latest[key] = state
    for key, original in originals.items():
        if original.revision_id == latest.pk:
            continue
        still_approved = revision_reader_content(original.revision) == latest_content
        copy = copies_on_latest.get(key)
        if still_approved and copy is None:
            original.copy(update_attrs={"revision": latest})
        elif not still_approved and copy is not None:
            # An autosave overwrote this revision with different content after the copy.
            copy.delete()
