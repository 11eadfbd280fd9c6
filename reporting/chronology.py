"""Adding to a case's chronology: the one place a CaseEvent is created."""

from django.utils import timezone

from .models import Case, CaseEvent


def event_add(
    *,
    case: Case,
    kind: str,
    body: str = "",
    data: dict | None = None,
    actor=None,
    visible_to_reporter: bool = False,
) -> CaseEvent:
    now = timezone.now()
    event = CaseEvent.objects.create(
        case=case,
        kind=kind,
        body=body,
        data=data or {},
        actor=actor if actor is not None and actor.is_authenticated else None,
        visible_to_reporter=visible_to_reporter,
        created_at=now,
    )
    Case.objects.filter(pk=case.pk).update(last_activity_at=now)
    case.last_activity_at = now
    return event
