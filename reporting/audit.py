"""Writing the append-only audit trail: who viewed, downloaded, exported or changed what."""

from .models import AuditEntry, Case


def audit_record(
    *, actor, action: str, case: Case | None = None, school=None, detail: dict | None = None
) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_name=actor.get_username() if actor is not None and actor.is_authenticated else "",
        action=action,
        case=case,
        case_reference=case.reference if case else "",
        school=school if school is not None else (case.school if case else None),
        detail=detail or {},
    )
