"""Write paths for pupil records: create, import, link to a case, and the blind index.

Each function is keyword-only and atomic, checks that the actor leads the
pupil's school (the views check too), and writes its chronology event and
audit entry. Names never go into an event's or audit entry's structured data
(those are plain JSON): only ids, roles and counts do.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from wagtail.models import Site

from ..audit import audit_record
from ..choices import AuditAction, EventKind, PersonRole
from ..chronology import event_add
from ..models import Case, PersonInvolved, Pupil, PupilLink
from ..pupils import blindindex
from ..roles import is_safeguarding_lead
from . import cases as case_services
from .search_index import pupil_index


def _require_lead_of(actor, school_id: int) -> None:
    if not is_safeguarding_lead(actor, school_id):
        raise PermissionDenied("Only a safeguarding lead for this school may do that.")


# --- Pupils ------------------------------------------------------------------------------


def _clean_name(value: str, what: str) -> str:
    cleaned = " ".join((value or "").split())
    if not cleaned:
        raise ValidationError(f"Give the pupil's {what}.")
    return cleaned


def _upn_taken(*, school: Site | int, upn: str, other_than: Pupil | None = None) -> bool:
    value = blindindex.upn_digest(upn)
    if not value:
        return False
    school_id = school.pk if isinstance(school, Site) else school
    matches = Pupil.objects.filter(school_id=school_id, upn_digest=value)
    if other_than is not None:
        matches = matches.exclude(pk=other_than.pk)
    return matches.exists()


@transaction.atomic
def pupil_create(
    *,
    school: Site,
    actor,
    first_name: str,
    last_name: str,
    year_group: int | None = None,
    date_of_birth: dt.date | None = None,
    upn: str = "",
    audit: bool = True,
) -> Pupil:
    _require_lead_of(actor, school.pk)
    upn = (upn or "").strip().upper()
    if _upn_taken(school=school, upn=upn):
        raise ValidationError("Another pupil of this school already has that UPN.")
    now = timezone.now()
    pupil = Pupil.objects.create(
        school=school,
        first_name=_clean_name(first_name, "first name"),
        last_name=_clean_name(last_name, "last name"),
        year_group=year_group,
        date_of_birth=date_of_birth.isoformat() if date_of_birth else "",
        upn=upn,
        created_at=now,
        updated_at=now,
    )
    pupil_index(pupil=pupil)
    if audit:
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            school=school,
            detail={"pupil": str(pupil.pk)},
        )
    return pupil


@transaction.atomic
def pupil_update(
    *,
    pupil: Pupil,
    actor,
    first_name: str,
    last_name: str,
    year_group: int | None,
    date_of_birth: dt.date | None,
    upn: str = "",
    audit: bool = True,
) -> Pupil:
    _require_lead_of(actor, pupil.school_id)
    upn = (upn or "").strip().upper()
    if _upn_taken(school=pupil.school_id, upn=upn, other_than=pupil):
        raise ValidationError("Another pupil of this school already has that UPN.")
    pupil.first_name = _clean_name(first_name, "first name")
    pupil.last_name = _clean_name(last_name, "last name")
    pupil.year_group = year_group
    pupil.date_of_birth = date_of_birth.isoformat() if date_of_birth else ""
    pupil.upn = upn
    pupil.updated_at = timezone.now()
    pupil.save()
    pupil_index(pupil=pupil)
    if audit:
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            school=pupil.school,
            detail={"pupil": str(pupil.pk)},
        )
    return pupil


@transaction.atomic
def pupil_link_case(
    *,
    case: Case,
    pupil: Pupil,
    actor,
    role: str,
    person: PersonInvolved | None = None,
) -> PupilLink:
    """A lead confirms that this pupil is someone in the case.

    A name the reporter gave (a PersonInvolved) becomes verified only here, by
    the lead's own act; linking never changes what the reporter wrote.
    """
    _require_lead_of(actor, case.school_id)
    if pupil.school_id != case.school_id:
        raise ValidationError("That pupil is on another school's roll.")
    if person is not None and person.case_id != case.pk:
        raise ValidationError("That person is not recorded on this case.")
    role = PersonRole(role).value
    link, created = PupilLink.objects.get_or_create(
        pupil=pupil,
        case=case,
        defaults={"role": role, "person": person, "linked_by": actor},
    )
    if not created:
        raise ValidationError("This pupil is already linked to the case.")
    if person is not None:
        case_services.person_verify(person=person, actor=actor)
    data = {"pupil": str(pupil.pk), "role": role}
    event_add(case=case, kind=EventKind.PUPIL_LINKED, data=data, actor=actor)
    audit_record(actor=actor, action=AuditAction.CHANGE, case=case, detail={"pupil_linked": data})
    return link


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    skipped: int


def _same_pupil_without_upn(*, school: Site, row) -> Pupil | None:
    """A row with no UPN is the same pupil as one with the same whole name and date of birth."""
    from ..pupils.selectors import pupils_matching

    candidates = pupils_matching(
        pupils=Pupil.objects.filter(school=school, upn_digest=""),
        query=f"{row.first_name} {row.last_name}",
    )
    birth = row.date_of_birth.isoformat() if row.date_of_birth else ""
    wanted = blindindex.fold(f"{row.first_name} {row.last_name}")
    for candidate in candidates:
        if blindindex.fold(candidate.full_name) == wanted and candidate.date_of_birth == birth:
            return candidate
    return None


@transaction.atomic
def pupils_import(*, school: Site, actor, rows: Iterable) -> ImportResult:
    """Save the good rows of a previewed MIS export: new pupils added, known ones updated.

    A pupil is known by their UPN, or, without one, by the same name and date of
    birth; so importing the next term's export again changes year groups and
    never makes a second record.
    """
    _require_lead_of(actor, school.pk)
    created = updated = skipped = 0
    for row in rows:
        if not row.ok:
            skipped += 1
            continue
        existing = None
        if row.upn:
            existing = Pupil.objects.filter(
                school=school, upn_digest=blindindex.upn_digest(row.upn)
            ).first()
        else:
            existing = _same_pupil_without_upn(school=school, row=row)
        fields = {
            "first_name": row.first_name,
            "last_name": row.last_name,
            "year_group": row.year_group,
            "date_of_birth": row.date_of_birth,
            "upn": row.upn or (existing.upn if existing else ""),
        }
        if existing is None:
            pupil_create(school=school, actor=actor, audit=False, **fields)
            created += 1
        else:
            pupil_update(pupil=existing, actor=actor, audit=False, **fields)
            updated += 1
    audit_record(
        actor=actor,
        action=AuditAction.IMPORT_PUPILS,
        school=school,
        detail={"created": created, "updated": updated, "skipped": skipped},
    )
    return ImportResult(created=created, updated=updated, skipped=skipped)
