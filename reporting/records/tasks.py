"""Scheduled work of the records package, for the durable task queue.

django-tasks has no scheduler of its own: cron (or a systemd timer) enqueues or
runs this once a night, see the README. The task only calls the service, so
the command and the task always do the same thing.
"""

from django_tasks import task

from .retention import retention_apply


@task(backend="durable", queue_name="default")
def apply_retention_task(dry_run: bool = False) -> dict:
    """Purge cases whose retention period has passed; return what was done (stored by the backend)."""
    result = retention_apply(dry_run=dry_run)
    # References only: the task result is kept in the database and shown in the admin.
    return {
        "dry_run": result.dry_run,
        "purged": sorted(result.purged),
        "files_deleted": result.files_deleted,
        "held": sorted(result.held),
        "child_protection_due_for_review": sorted(result.child_protection_due_for_review),
    }
