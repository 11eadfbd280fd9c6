"""Linked and duplicate cases.

Who uses this: a safeguarding lead who sees that two reports are about the same
children or the same events. Linking keeps both cases and shows each on the other's
page. Merging a duplicate moves its chronology, evidence, people, tasks and
categories under the original, so the whole story is in one record, and closes the
duplicate as "Duplicate of another case" — but the duplicate stays, so its reporter's
receipt still works, and each reporter sees only their own conversation: an event
that came with the duplicate remembers whose it is (CaseEvent.reporter_case).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ..audit import audit_record
from ..choices import AuditAction, CaseAction, EventKind, Outcome, Status
from ..chronology import event_add
from ..models import Case, CaseEvent, CaseLink, CaseTask, EvidenceFile, PersonInvolved
from ..permissions import case_policy


def _check(*, case: Case, other: Case, actor) -> None:
    if not all(
        case_policy.user_has_permission_for_instance(actor, CaseAction.LINK, item)
        for item in (case, other)
    ):
        raise PermissionDenied("Your role in this school's safeguarding team does not allow that.")
    if case.pk == other.pk:
        raise ValidationError("A case cannot be linked to itself.")
    if case.school_id != other.school_id:
        # Another school's case answers like a missing one: no reference is confirmed.
        raise ValidationError("No case with that reference was found in this school.")


def linked_cases(*, case: Case) -> list[Case]:
    links = CaseLink.objects.filter(Q(case=case) | Q(other=case)).select_related("case", "other")
    return sorted(
        {link.other if link.case_id == case.pk else link.case for link in links},
        key=lambda linked: linked.created_at,
    )


@transaction.atomic
def case_link(*, case: Case, other: Case, actor, reason: str = "") -> bool:
    """Link two cases. True if they were not linked before."""
    _check(case=case, other=other, actor=actor)
    first, second = sorted([case, other], key=lambda item: str(item.pk))
    if CaseLink.objects.filter(Q(case=first, other=second) | Q(case=second, other=first)).exists():
        return False
    CaseLink.objects.create(case=first, other=second, reason=reason, created_by=actor)
    for this, that in ((case, other), (other, case)):
        event_add(
            case=this,
            kind=EventKind.LINKED,
            body=reason,
            data={"other": that.reference},
            actor=actor,
        )
        audit_record(
            actor=actor, action=AuditAction.CHANGE, case=this, detail={"linked": that.reference}
        )
    return True


@transaction.atomic
def case_merge_duplicate(*, duplicate: Case, original: Case, actor, reason: str = "") -> dict:
    """Move a duplicate's records under the original and close it. Returns what moved."""
    _check(case=duplicate, other=original, actor=actor)
    locked = {
        case.pk: case
        for case in Case.objects.select_for_update().filter(pk__in=[duplicate.pk, original.pk])
    }
    duplicate, original = locked[duplicate.pk], locked[original.pk]
    if duplicate.merged_into_id or original.merged_into_id:
        raise ValidationError("That case has already been merged into another.")
    moved = {
        "events": CaseEvent.objects.filter(case=duplicate).count(),
        "evidence": EvidenceFile.objects.filter(case=duplicate).update(case=original),
        "people": PersonInvolved.objects.filter(case=duplicate).update(case=original),
        "tasks": CaseTask.objects.filter(case=duplicate).update(case=original),
    }
    # Events the duplicate's reporter saw or wrote keep belonging to that reporter.
    CaseEvent.objects.filter(case=duplicate, reporter_case__isnull=True).update(
        case=original, reporter_case=duplicate
    )
    CaseEvent.objects.filter(case=duplicate).update(case=original)
    for category in duplicate.recorded_categories.all():
        original.recorded_categories.add(category)
    # Cases merged into the duplicate earlier now point at the original.
    Case.objects.filter(merged_into=duplicate).update(merged_into=original)
    now = timezone.now()
    Case.objects.filter(pk=duplicate.pk).update(
        merged_into=original,
        status=Status.CLOSED,
        outcome=Outcome.DUPLICATE,
        closed_at=now,
        last_activity_at=now,
    )
    duplicate.refresh_from_db()
    event_add(
        case=original,
        kind=EventKind.MERGED,
        body=reason,
        data={"duplicate": duplicate.reference, **moved},
        actor=actor,
    )
    event_add(
        case=duplicate,
        kind=EventKind.MERGED,
        body=reason,
        data={"original": original.reference},
        actor=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        case=original,
        detail={"merged_in": duplicate.reference, **moved},
    )
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        case=duplicate,
        detail={"merged_into": original.reference},
    )
    return moved


def reporter_events(*, case: Case):
    """What the reporter of `case` may see: their own conversation, wherever it now lives."""
    return CaseEvent.objects.filter(
        Q(case=case, reporter_case__isnull=True) | Q(reporter_case=case),
        visible_to_reporter=True,
    )


def conversation_home(case: Case) -> Case:
    """The case a reporter's new messages belong under: the original, once merged."""
    return case.merged_into or case
