"""A case's chronology: the one place a CaseEvent is created, and how its details read.

`event_details` turns an event's structured data into labelled lines in plain words
("Outcome: Referred to another agency"), for the case file a lead hands to another
agency: never a code, an internal flag or a database id.
"""

from collections.abc import Callable
from datetime import datetime

from django.utils import timezone

from .choices import ActionType, Agency, EventKind, Outcome, PersonRole, Risk, Source, Status
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
        return choices(value).label
    except ValueError:
        return str(value)


def _yes(value) -> str:
    return "yes" if value else "no"


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
            due = timezone.localtime(datetime.fromisoformat(data["due"]))
            details.append(("Due", due.strftime("%d %b %Y %H:%M")))
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
