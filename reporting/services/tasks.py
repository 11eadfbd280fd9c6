"""Tasks on a case: what has to be done, by whom, by when; and what is due or overdue.

Who uses this: the safeguarding team. A lead adds a task for any member of the
school's team (a pastoral head of year included); the person it is assigned to
marks it done. Both are in the chronology and the audit trail. `tasks_due` feeds
the reminders, the queue's flag and the lead's admin home page.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from ..audit import audit_record
from ..choices import AuditAction, CaseAction, EventKind, TeamRole
from ..chronology import event_add
from ..models import Case, CaseTask, SafeguardingLead
from ..notifications import notification_enqueue
from ..permissions import case_policy

WHAT_MAX_LENGTH = 500


def team_members(*, school_id: int):
    """The people a task on this school's case can be given to (not governors: figures only)."""
    members = (
        SafeguardingLead.objects.filter(school_id=school_id)
        .exclude(role=TeamRole.GOVERNOR)
        .values("user_id")
    )
    return (
        get_user_model()
        .objects.filter(is_active=True, pk__in=members)
        .order_by("first_name", "last_name", "username")
    )


@transaction.atomic
def task_add(*, case: Case, actor, what: str, assignee, due_at: datetime) -> CaseTask:
    if not case_policy.user_has_permission_for_instance(actor, CaseAction.ADD_TASK, case):
        raise PermissionDenied("Your role in this school's safeguarding team does not allow that.")
    what = (what or "").strip()
    if not what:
        raise ValidationError("Say what needs doing.")
    if len(what) > WHAT_MAX_LENGTH:
        raise ValidationError(f"Keep it under {WHAT_MAX_LENGTH} characters.")
    if not team_members(school_id=case.school_id).filter(pk=assignee.pk).exists():
        raise ValidationError("A task can only be given to someone in this school's team.")
    task = CaseTask.objects.create(
        case=case, what=what, assignee=assignee, due_at=due_at, created_by=actor
    )
    event_add(
        case=case,
        kind=EventKind.TASK_ADDED,
        body=what,
        data={"assignee": assignee.get_username(), "due": due_at.isoformat()},
        actor=actor,
    )
    audit_record(
        actor=actor, action=AuditAction.CHANGE, case=case, detail={"task_added": str(task.pk)}
    )
    return task


@transaction.atomic
def task_complete(*, task: CaseTask, actor) -> bool:
    """Mark a task done. True if this call did it (a second click changes nothing)."""
    case = task.case
    if actor.pk != task.assignee_id and not case_policy.user_has_permission_for_instance(
        actor, CaseAction.ADD_TASK, case
    ):
        raise PermissionDenied("Only the person the task is for, or a lead, may mark it done.")
    now = timezone.now()
    done = CaseTask.objects.filter(pk=task.pk, completed_at__isnull=True).update(
        completed_at=now, completed_by=actor
    )
    if not done:
        return False
    task.completed_at, task.completed_by = now, actor
    event_add(
        case=case,
        kind=EventKind.TASK_DONE,
        body=task.what,
        data={"assignee": task.assignee.get_username()},
        actor=actor,
    )
    audit_record(
        actor=actor, action=AuditAction.CHANGE, case=case, detail={"task_done": str(task.pk)}
    )
    return True


def tasks_open(*, cases: QuerySet[Case]) -> QuerySet[CaseTask]:
    return CaseTask.objects.filter(case__in=cases, completed_at__isnull=True)


def tasks_due(*, now=None) -> QuerySet[CaseTask]:
    """Open tasks whose time has come and whose assignee has not been reminded yet."""
    now = now or timezone.now()
    return CaseTask.objects.filter(
        completed_at__isnull=True, due_at__lte=now, reminded_at__isnull=True
    ).select_related("case", "assignee")


def task_remind(*, task: CaseTask, now=None) -> bool:
    """Remind the person a due task is for, by their own alert channels; once per task.

    The conditional update on `reminded_at` is the claim: two schedulers at once, or
    a rerun, cannot both send it. The reminder goes through the same outbox as every
    alert (retried until delivered) and says only that a task on a case is due.
    True if this call sent it.
    """
    now = now or timezone.now()
    with transaction.atomic():
        claimed = CaseTask.objects.filter(
            pk=task.pk, reminded_at__isnull=True, completed_at__isnull=True, due_at__lte=now
        ).update(reminded_at=now)
        if not claimed:
            return False
        task.reminded_at = now
        notification_enqueue(
            case=task.case,
            kind="task_due",
            recipient=task.assignee,
            event_kind=EventKind.TASK_REMINDER,
            detail={
                "task": str(task.pk),
                "assignee": task.assignee.get_username(),
                "due": task.due_at.isoformat(),
            },
        )
        audit_record(
            actor=None,
            action=AuditAction.CHANGE,
            case=task.case,
            detail={"task_reminder": str(task.pk)},
        )
    return True


def task_reminders_send(*, now=None) -> list[CaseTask]:
    """Remind the assignee of every open task that has come due and not been reminded."""
    now = now or timezone.now()
    return [task for task in tasks_due(now=now) if task_remind(task=task, now=now)]
