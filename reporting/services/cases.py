"""Write paths of the triage back office: everything a lead (or staff, or a mentor) does to a case.

Each function is keyword-only and atomic, checks that the actor may do it (the views
check too; this is the second lock), and writes one chronology event (event_add) and
one audit entry (audit_record). Views and forms call these and hold no rules.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from wagtail.models import Site

from upstander import danger
from upstander.sanitize import clean_message, text_of

from ..audit import audit_record
from ..choices import (
    ActionType,
    Agency,
    AuditAction,
    CaseAction,
    Category,
    EventKind,
    PersonRole,
    Platform,
    Risk,
    SchoolAction,
    Source,
    Status,
)
from ..chronology import event_add
from ..models import Case, PersonInvolved, ReportingSettings
from ..models import Report as ReportModel
from ..notifications import notification_enqueue
from ..permissions import case_policy
from ..triage.deadlines import reminders_due_by
from ..triage.escalation import roles_reached
from .search_index import case_words_index

# Where a case may go from where it is. Closing needs an outcome; "reopen" is
# closed → in progress, because a reopened case needs action again.
TRANSITIONS = {
    Status.NEW: {Status.TRIAGED, Status.IN_PROGRESS, Status.CLOSED},
    Status.TRIAGED: {Status.IN_PROGRESS, Status.CLOSED},
    Status.IN_PROGRESS: {Status.TRIAGED, Status.CLOSED},
    Status.CLOSED: {Status.IN_PROGRESS},
}


def _require(actor, action: CaseAction, case: Case) -> None:
    if not case_policy.user_has_permission_for_instance(actor, action, case):
        raise PermissionDenied(
            f"Your role in this school's safeguarding team does not allow: {action.label}."
        )


def _locked(case: Case) -> Case:
    """Re-read the case under a row lock so two leads' changes queue, not overwrite."""
    fresh = Case.objects.select_for_update().get(pk=case.pk)
    for field in fresh._meta.concrete_fields:
        setattr(case, field.attname, getattr(fresh, field.attname))
    return case


def allowed_transitions(case: Case) -> list[str]:
    return sorted(TRANSITIONS.get(case.status, set()), key=list(Status.values).index)


@transaction.atomic
def case_transition(*, case: Case, actor, to_status: str, outcome: str = "", reason: str = ""):
    """Move a case along its lifecycle; closing records an outcome, reopening clears it."""
    _require(actor, CaseAction.CHANGE_STATUS, case)
    _locked(case)
    from_status = case.status
    if to_status not in TRANSITIONS.get(from_status, set()):
        raise ValidationError(
            f"A case cannot go from {Status(from_status).label} to {Status(to_status).label}."
        )
    now = timezone.now()
    data = {"from": from_status, "to": to_status}
    if to_status == Status.CLOSED:
        if not outcome:
            raise ValidationError("Choose an outcome to close the case.")
        case.outcome = outcome
        case.closed_at = now
        data["outcome"] = outcome
    elif from_status == Status.CLOSED:
        data["reopened"] = True
        data["previous_outcome"] = case.outcome
        case.outcome = ""
        case.closed_at = None
    if from_status == Status.NEW and case.triaged_at is None:
        case.triaged_at = now
    if case.acknowledged_at is None:
        case.acknowledged_at = now
        case.acknowledged_by = actor
    case.status = to_status
    case.save(
        update_fields=[
            "status",
            "outcome",
            "closed_at",
            "triaged_at",
            "acknowledged_at",
            "acknowledged_by",
        ]
    )
    event = event_add(case=case, kind=EventKind.STATUS_CHANGE, body=reason, data=data, actor=actor)
    audit_record(actor=actor, action=AuditAction.CHANGE, case=case, detail={"status": data})
    return event


@transaction.atomic
def case_set_risk(*, case: Case, actor, risk: str, reason: str):
    """Confirm or change the risk; the reason is required and kept in the chronology."""
    _require(actor, CaseAction.CHANGE_RISK, case)
    if not (reason or "").strip():
        raise ValidationError("Give a reason for the risk level.")
    _locked(case)
    data = {"from": case.risk, "to": risk, "confirmed": True}
    case.risk = Risk(risk)
    case.risk_confirmed = True
    case.save(update_fields=["risk", "risk_confirmed"])
    event = event_add(case=case, kind=EventKind.RISK_CHANGE, body=reason, data=data, actor=actor)
    audit_record(actor=actor, action=AuditAction.CHANGE, case=case, detail={"risk": data})
    return event


HANDOVER_NOTE_MAX_LENGTH = 4000


def leads_of(school_id: int):
    """Who a case of this school can be assigned to."""
    return case_policy.assignable_users(school_id)


@transaction.atomic
def case_assign(*, case: Case, actor, assignee, handover_note: str = ""):
    """Assign the case to a member of its own school's team (or to nobody, with None).

    A handover note (what the colleague taking it on needs to know) is the assignment
    event's body: in the chronology beside the change, encrypted like every note.
    """
    _require(actor, CaseAction.ASSIGN, case)
    handover_note = (handover_note or "").strip()
    if len(handover_note) > HANDOVER_NOTE_MAX_LENGTH:
        raise ValidationError(
            f"Keep the handover note under {HANDOVER_NOTE_MAX_LENGTH} characters."
        )
    if assignee is not None and not leads_of(case.school_id).filter(pk=assignee.pk).exists():
        raise ValidationError(
            "A case can only be assigned to a DSL, deputy or pastoral member of its school's "
            "safeguarding team."
        )
    _locked(case)
    data = {
        "from": case.assignee.get_username() if case.assignee else "",
        "to": assignee.get_username() if assignee else "",
    }
    case.assignee = assignee
    case.save(update_fields=["assignee"])
    event = event_add(
        case=case, kind=EventKind.ASSIGNMENT, body=handover_note, data=data, actor=actor
    )
    audit_record(actor=actor, action=AuditAction.CHANGE, case=case, detail={"assignee": data})
    return event


@transaction.atomic
def case_add_note(*, case: Case, actor, body: str):
    """An internal note: for leads only, never shown to the reporter."""
    _require(actor, CaseAction.NOTE, case)
    clean = clean_message(body)
    if not text_of(clean).strip():
        raise ValidationError("The note is empty.")
    event = event_add(
        case=case,
        kind=EventKind.INTERNAL_NOTE,
        body=clean,
        data={"format": "html"},
        actor=actor,
        visible_to_reporter=False,
    )
    audit_record(actor=actor, action=AuditAction.CHANGE, case=case, detail={"added": "note"})
    return event


@transaction.atomic
def message_send(*, case: Case, actor, body: str, reporter_case: Case | None = None):
    """A message the reporter sees on their follow-up page, cleaned to a small allow-list.

    `reporter_case` is the report whose reporter it is for, when a duplicate's report
    was merged into this case; by default the case's own reporter.
    """
    _require(actor, CaseAction.MESSAGE, case)
    if (
        reporter_case is not None
        and reporter_case.pk != case.pk
        and not Case.objects.filter(pk=reporter_case.pk, merged_into=case).exists()
    ):
        raise ValidationError("That reporter's report is not part of this case.")
    clean = clean_message(body)
    if not text_of(clean).strip():
        raise ValidationError("The message is empty.")
    event = event_add(
        case=case,
        kind=EventKind.MESSAGE_TO_REPORTER,
        body=clean,
        data={"format": "html"},
        actor=actor,
        visible_to_reporter=True,
        reporter_case=reporter_case,
    )
    audit_record(actor=actor, action=AuditAction.CHANGE, case=case, detail={"added": "message"})
    return event


@transaction.atomic
def case_record_action(*, case: Case, actor, action_type: str, details: str = ""):
    """Support offered, parents contacted, a sanction, removal requested, restorative work…"""
    _require(actor, CaseAction.RECORD_ACTION, case)
    data = {"action": ActionType(action_type).value}
    event = event_add(case=case, kind=EventKind.ACTION, body=details, data=data, actor=actor)
    audit_record(actor=actor, action=AuditAction.CHANGE, case=case, detail={"action": data})
    return event


@transaction.atomic
def case_escalate(*, case: Case, actor, agency: str, reference_number: str = "", details: str = ""):
    """A referral to another agency, with the reference number it gave."""
    _require(actor, CaseAction.ESCALATE, case)
    data = {"agency": Agency(agency).value, "reference": (reference_number or "").strip()[:100]}
    event = event_add(case=case, kind=EventKind.ESCALATION, body=details, data=data, actor=actor)
    audit_record(actor=actor, action=AuditAction.CHANGE, case=case, detail={"escalation": data})
    return event


@transaction.atomic
def person_add(
    *, case: Case, actor, role: str, name: str, year_group: int | None = None, verified=False
) -> PersonInvolved:
    """Record someone involved. Only a lead's own confirmation makes a name verified."""
    _require(actor, CaseAction.RECORD_PERSON, case)
    if not (name or "").strip():
        raise ValidationError("Give the person's name.")
    now = timezone.now()
    person = PersonInvolved.objects.create(
        case=case,
        role=PersonRole(role),
        name=name.strip(),
        year_group=year_group,
        verified=bool(verified),
        verified_by=actor if verified else None,
        verified_at=now if verified else None,
    )
    data = {"person": str(person.pk), "role": person.role, "verified": person.verified}
    event_add(case=case, kind=EventKind.PERSON, data=data, actor=actor)
    audit_record(actor=actor, action=AuditAction.CHANGE, case=case, detail={"person_added": data})
    return person


@transaction.atomic
def person_verify(*, person: PersonInvolved, actor) -> PersonInvolved:
    """A lead confirms a name, e.g. after speaking to the pupil in person."""
    case = person.case
    _require(actor, CaseAction.RECORD_PERSON, case)
    if person.verified:
        return person
    person.verified = True
    person.verified_by = actor
    person.verified_at = timezone.now()
    person.save(update_fields=["verified", "verified_by", "verified_at"])
    data = {"person": str(person.pk), "role": person.role, "verified": True}
    event_add(case=case, kind=EventKind.PERSON, data=data, actor=actor)
    audit_record(
        actor=actor, action=AuditAction.CHANGE, case=case, detail={"person_verified": data}
    )
    return person


@transaction.atomic
def case_acknowledge(*, case: Case, actor) -> bool:
    """Say a lead has seen the case; stops urgent reminders. True if this call acknowledged it."""
    _require(actor, CaseAction.ACKNOWLEDGE, case)
    now = timezone.now()
    updated = Case.objects.filter(pk=case.pk, acknowledged_at__isnull=True).update(
        acknowledged_at=now, acknowledged_by=actor
    )
    if not updated:
        return False
    case.acknowledged_at = now
    case.acknowledged_by = actor
    event_add(case=case, kind=EventKind.ACKNOWLEDGED, actor=actor)
    audit_record(actor=actor, action=AuditAction.CHANGE, case=case, detail={"acknowledged": True})
    return True


def may_log_cases(user, school: Site) -> bool:
    """The school's safeguarding team may log a case; other staff only where the school allows it."""
    if case_policy.user_has_school_permission(user, SchoolAction.LOG_CASE, school):
        return True
    if not (
        user.is_authenticated and user.is_active and user.has_perm("wagtailadmin.access_admin")
    ):
        return False
    return ReportingSettings.for_site(school).staff_may_log_cases


def _create_case(
    *,
    school: Site,
    source: str,
    risk: str,
    risk_confirmed: bool,
    category: str,
    platform: str,
    what_happened: str,
    when_happened: str = "",
    people: list[dict] | None = None,
    year_group: int | None = None,
    danger_now: bool = False,
    danger_signals: list[dict] | None = None,
    logged_by_name: str = "",
    actor=None,
    names_verified: bool = False,
) -> Case:
    case = Case.objects.create(
        school=school,
        source=source,
        risk=risk,
        suggested_risk=risk,
        risk_confirmed=risk_confirmed,
        category=Category(category),
        categories=[category],
        platform=Platform(platform).value if platform else "",
        danger_now=danger_now,
        danger_signals=danger_signals or [],
        year_group=year_group,
    )
    ReportModel.objects.create(
        case=case,
        what_happened=what_happened,
        when_happened=when_happened,
        reporter_identity=logged_by_name,
    )
    event_add(case=case, kind=EventKind.REPORT, data={"source": source}, actor=actor)
    case_words_index(case=case, texts=[what_happened, when_happened])
    for person in people or []:
        if not (person.get("name") or "").strip():
            continue
        PersonInvolved.objects.create(
            case=case,
            role=PersonRole(person.get("role") or PersonRole.TARGET),
            name=person["name"].strip(),
            year_group=person.get("year_group"),
            verified=names_verified,
            verified_by=actor if names_verified else None,
            verified_at=timezone.now() if names_verified else None,
        )
    return case


@transaction.atomic
def case_log(
    *,
    actor,
    school: Site,
    what_happened: str,
    category: str = Category.OTHER,
    platform: str = "",
    risk: str = Risk.MEDIUM,
    when_happened: str = "",
    people: list[dict] | None = None,
    year_group: int | None = None,
    danger_now: bool = False,
) -> Case:
    """A case a member of staff logs from a face-to-face disclosure or a named concern."""
    if not may_log_cases(actor, school):
        raise PermissionDenied("You may not log cases for this school.")
    if not (what_happened or "").strip():
        raise ValidationError("Say what happened.")
    is_lead = school.pk in case_policy.lead_schools(actor)
    if danger_now:
        risk = Risk.URGENT
    case = _create_case(
        school=school,
        source=Source.STAFF_LOGGED,
        risk=risk,
        # Only a lead's own judgement confirms a risk level.
        risk_confirmed=is_lead,
        category=category,
        platform=platform,
        what_happened=what_happened,
        when_happened=when_happened,
        people=people,
        year_group=year_group,
        danger_now=danger_now,
        logged_by_name=actor.get_full_name() or actor.get_username(),
        actor=actor,
        # Names a lead records from a disclosure are theirs to vouch for; anyone
        # else's wait for a lead, like a pupil's.
        names_verified=is_lead,
    )
    if is_lead:
        case.acknowledged_at = case.created_at
        case.acknowledged_by = actor
        case.save(update_fields=["acknowledged_at", "acknowledged_by"])
    else:
        notification_enqueue(case=case, kind="new_concern")
    audit_record(actor=actor, action=AuditAction.CREATE, case=case, detail={"source": case.source})
    return case


@transaction.atomic
def concern_raise(
    *,
    actor,
    school: Site,
    what_worried_you: str,
    emergency_now: bool = False,
    platform: str = "",
    category: str = Category.OTHER,
    who: str = "",
    year_group: int | None = None,
) -> Case:
    """A peer mentor's escalation to the safeguarding leads. The mentor never sees the case."""
    if not (actor.is_authenticated and actor.is_active):
        raise PermissionDenied
    if not (what_worried_you or "").strip():
        raise ValidationError("Say what worried you.")
    recognition = danger.recognise(what_worried_you)
    if (
        emergency_now
        or recognition
        or category
        in {
            Category.SELF_HARM,
            Category.SEXUAL_IMAGE,
            Category.THREATS,
        }
    ):
        risk = Risk.URGENT
    else:
        risk = Risk.HIGH
    people = [{"name": who, "role": PersonRole.TARGET, "year_group": year_group}] if who else []
    case = _create_case(
        school=school,
        source=Source.MENTOR_CONCERN,
        risk=risk,
        risk_confirmed=False,
        category=category or Category.OTHER,
        platform=platform,
        what_happened=what_worried_you,
        people=people,
        year_group=year_group,
        danger_now=emergency_now,
        danger_signals=recognition.as_data(),
        logged_by_name=actor.get_full_name() or actor.get_username(),
        actor=actor,
    )
    notification_enqueue(case=case, kind="new_concern")
    audit_record(actor=actor, action=AuditAction.CREATE, case=case, detail={"source": case.source})
    return case


@transaction.atomic
def case_remind_unacknowledged(*, case: Case, settings, now=None) -> bool:
    """Alert the team again about an urgent case nobody acknowledged, walking the escalation order.

    Sends one reminder if the schedule (reporting.triage.deadlines) holds one the
    case has not had; after a scheduler outage it catches up with one reminder,
    not a burst. The conditional update on the reminder count is what makes this
    idempotent: two schedulers at once, or a rerun, cannot both claim the same step.
    """
    now = now or timezone.now()
    due = reminders_due_by(case, settings, now=now)
    if due <= case.urgent_reminders_sent:
        return False
    claimed = Case.objects.filter(
        pk=case.pk,
        acknowledged_at__isnull=True,
        urgent_reminders_sent=case.urgent_reminders_sent,
    ).update(urgent_reminders_sent=due, urgent_reminded_at=now)
    if not claimed:
        return False
    case.urgent_reminders_sent = due
    case.urgent_reminded_at = now
    roles = roles_reached(settings=settings, waited=now - case.created_at)
    notification_enqueue(
        case=case,
        kind="urgent_unacknowledged",
        roles=roles,
        event_kind=EventKind.REMINDER,
        detail={"reminded_at": now.isoformat(), "reminder": due, "roles": roles},
    )
    audit_record(actor=None, action=AuditAction.CHANGE, case=case, detail={"urgent_reminder": due})
    return True
