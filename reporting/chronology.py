"""A case's chronology: the one place a CaseEvent is created, and how its details read.

`event_details` turns an event's structured data into labelled lines in plain words
("Outcome: Referred to another agency"), for the case file a lead hands to another
agency: never a code, an internal flag or a database id.
"""

from collections.abc import Callable, Iterable
from datetime import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from .choices import (
    ActionType,
    Agency,
    AlertChannel,
    EventKind,
    Outcome,
    PersonRole,
    Risk,
    Source,
    Status,
    TeamRole,
)
from .labels import staff_name as name_of
from .labels import when
from .models import Case, CaseEvent


def event_add(
    *,
    case: Case,
    kind: str,
    body: str = "",
    data: dict | None = None,
    actor=None,
    visible_to_reporter: bool = False,
    reporter_case: Case | None = None,
) -> CaseEvent:
    now = timezone.now()
    event = CaseEvent.objects.create(
        case=case,
        reporter_case=reporter_case
        if reporter_case is not None and reporter_case != case
        else None,
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


def _label(choices, value) -> str:
    if value in (None, ""):
        return ""
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


def _yes(value) -> str:
    return "yes" if value else "no"


def _date(value) -> str:
    try:
        moment = timezone.localtime(datetime.fromisoformat(value))
    except (TypeError, ValueError):
        return ""
    return f"{moment.day} {moment:%b %Y}"


def _alerted(data: dict) -> str:
    """Who an alert reached, in which role, by which channels (names only, never content)."""
    people = []
    for person in data.get("alerted") or []:
        role = _label(TeamRole, person.get("role"))
        channels = ", ".join(
            _label(AlertChannel, channel).lower() for channel in person.get("channels") or []
        )
        people.append(f"{person.get('name')} ({role}) by {channels or 'no channel'}")
    return "; ".join(people) or "nobody could be alerted: check the safeguarding team"


# Extra keys an event may carry, with the words a reader sees. A key not listed here
# is internal (a format marker, an id) and never shown.
DETAIL_WORDS: dict[str, tuple[str, Callable[[object], str]]] = {
    "outcome": ("Outcome", lambda value: _label(Outcome, value)),
    "previous_outcome": ("Previous outcome", lambda value: _label(Outcome, value)),
    "reopened": ("Reopened", _yes),
    "danger_now": ("Reporter said someone is in danger now", _yes),
    "danger_unsure": ("Reporter was not sure whether someone is in danger", _yes),
    "sexual_image_path": ("Reporter said a nude or sexual image is involved", _yes),
    "suggested_risk": ("Risk the form suggested", lambda value: _label(Risk, value)),
    "suggests_urgent": ("The words suggest urgent risk", _yes),
    "evidence_files": ("Evidence files added", str),
    "source": ("How it reached us", lambda value: _label(Source, value)),
}


def event_details(event: CaseEvent, *, staff_name: Callable[[str], str] = str) -> list:
    """Labelled (name, value) lines for one event, in plain words.

    `staff_name` turns a stored username into how staff are shown (a full name, or
    "Safeguarding lead 1" in an anonymised file).
    """
    data = event.data or {}
    kind = event.kind
    details = []
    if kind in (EventKind.STATUS_CHANGE, EventKind.RISK_CHANGE):
        choices = Status if kind == EventKind.STATUS_CHANGE else Risk
        old, new = data.get("from") or data.get("old"), data.get("to") or data.get("new")
        if old or new:
            details.append(("Change", f"{_label(choices, old) or '—'} → {_label(choices, new)}"))
    elif kind == EventKind.ASSIGNMENT:
        old, new = data.get("from") or "", data.get("to") or ""
        before = staff_name(old) if old else "nobody"
        after = staff_name(new) if new else "nobody"
        details.append(("Change", f"{before} → {after}"))
    elif kind == EventKind.ACTION:
        action = data.get("action_type") or data.get("action") or data.get("type")
        if action:
            details.append(("Action", _label(ActionType, action)))
    elif kind == EventKind.ESCALATION:
        if data.get("agency"):
            details.append(("Agency", _label(Agency, data["agency"])))
        reference = data.get("reference") or data.get("agency_reference")
        if reference:
            details.append(("Agency reference", str(reference)))
    elif kind == EventKind.PERSON:
        if data.get("role"):
            details.append(("Role", _label(PersonRole, data["role"])))
        details.append(("Confirmed by a lead", _yes(data.get("verified"))))
    elif kind == EventKind.CATEGORIES:
        details.append(("Recorded under", ", ".join(data.get("categories") or []) or "no category"))
    elif kind in (EventKind.TASK_ADDED, EventKind.TASK_DONE):
        if data.get("assignee"):
            details.append(("For", staff_name(data["assignee"])))
        if data.get("due"):
            details.append(("Due", when(datetime.fromisoformat(data["due"]))))
    elif kind in (EventKind.LINKED, EventKind.MERGED):
        for key, name in (
            ("other", "Other case"),
            ("duplicate", "Duplicate merged in"),
            ("original", "Merged into"),
        ):
            if data.get(key):
                details.append((name, str(data[key])))
    elif kind == EventKind.LEGAL_HOLD and "legal_hold" in data:
        details.append(("Legal hold", "on" if data["legal_hold"] else "lifted"))
    elif kind in (EventKind.ALERT_SENT, EventKind.REMINDER, EventKind.TASK_REMINDER):
        if kind == EventKind.REMINDER and data.get("reminder"):
            details.append(("Reminder", f"number {data['reminder']}, not yet acknowledged"))
        if kind == EventKind.TASK_REMINDER and data.get("assignee"):
            details.append(("Task for", staff_name(data["assignee"])))
        if kind == EventKind.TASK_REMINDER and data.get("due"):
            details.append(("Due", when(datetime.fromisoformat(data["due"]))))
        details.append(("Alerted", _alerted(data)))
    elif kind == EventKind.PUPIL_LINKED:
        if data.get("role"):
            details.append(("As", _label(PersonRole, data["role"])))
    elif kind == EventKind.TRANSFER_SENT:
        details.append(("To", str(data.get("to") or "the new school")))
        if _date(data.get("confirm_by")):
            details.append(("Receipt due by", _date(data["confirm_by"])))
    elif kind == EventKind.TRANSFER_RECEIVED:
        if data.get("from"):
            details.append(("From", str(data["from"])))
            details.append(("Their reference", str(data.get("previous_reference") or "—")))
        elif data.get("recorded_by_sender"):
            details.append(("Confirmed", "the new school confirmed it has the file"))
        else:
            details.append(
                ("Confirmed by", str(data.get("received_by_school") or "the new school"))
            )
    elif kind == EventKind.TRANSFER_REMINDER:
        details.append(("Not yet confirmed by", str(data.get("to") or "the new school")))
    for key, (name, words) in DETAIL_WORDS.items():
        if (
            key in data
            and data[key] not in (None, "")
            and not (kind == EventKind.STATUS_CHANGE and key == "source")
        ):
            value = words(data[key])
            if value:
                details.append((name, value))
    return details


def staff_names(usernames: Iterable[str]) -> Callable[[str], str]:
    """A `staff_name` for event_details that shows colleagues by full name, from one query."""
    wanted = {username for username in usernames if username}
    users = get_user_model().objects.filter(username__in=wanted)
    names = {user.get_username(): name_of(user) for user in users}
    return lambda username: names.get(username, username)


# The keys of an event's data that hold a colleague's username.
STAFF_KEYS = ("from", "to", "assignee")


def events_describe(events: list[CaseEvent]) -> list[CaseEvent]:
    """Give each event its `details` (event_details, colleagues by full name) for a page."""
    staff_name = staff_names(
        str((event.data or {}).get(key) or "")
        for event in events
        if event.kind
        in (
            EventKind.ASSIGNMENT,
            EventKind.TASK_ADDED,
            EventKind.TASK_DONE,
            EventKind.TASK_REMINDER,
        )
        for key in STAFF_KEYS
    )
    for event in events:
        event.details = event_details(event, staff_name=staff_name)
    return events
