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


def audit_record_per_school(
    *, actor, action: str, school_ids, detail: dict | None = None
) -> list[AuditEntry]:
    """One entry for each school concerned, so each school's leads see it in their audit log.

    An export across a lead's three schools, or the lockout of an account that
    belongs to two, is about each of them; an entry with no school would be shown
    to nobody. With no school at all, one entry without a school is still kept.
    """
    from wagtail.models import Site

    ids = sorted(set(school_ids))
    if not ids:
        return [audit_record(actor=actor, action=action, detail=detail)]
    # An unsaved Site carries the id for the foreign key without another query.
    return [
        audit_record(actor=actor, action=action, school=Site(pk=school_id), detail=detail)
        for school_id in ids
    ]
