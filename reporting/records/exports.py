"""The incident log as CSV, for the school's records or its safeguarding system (CPOMS, MyConcern…).

Who uses this: a safeguarding lead, from the queue's "Export" link
(views.incident_log_csv). Every cell passes `spreadsheet_safe`, so nothing a
pupil or a member of staff typed can run as a formula when the file is opened.

What is in it, and why no free text: the log carries the structured record of
each case (category, platform, risk, dates, status and outcome), the chronology
as event kinds and dates, escalations as agency + reference, actions taken as
their types, and the people involved by role and year group. It does NOT carry
what the reporter wrote, messages or internal notes: a CSV leaves the encrypted,
audited store and lives on in spreadsheets, e-mail attachments and other systems
where nobody can revoke or audit it, and that free text is exactly where pupils'
identifying details and the allegation itself are. The full account travels
per case in the case file (views.case_file), which is audited case by case.
Names of people involved are exported only once a lead has verified them: an
anonymous tip's names stay in Upstander, so a malicious report cannot put an
innocent pupil's name into the school's permanent records.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

# FORMULA_TRIGGERS stays importable from here: tests/records/test_exports.py checks cells with it.
from upstander.spreadsheets import FORMULA_TRIGGERS, formula_safe  # noqa: F401

from ..choices import (
    ActionType,
    Agency,
    Category,
    EventKind,
    Outcome,
    PersonRole,
    Platform,
    ReporterRole,
    Risk,
    Source,
    Status,
)
from ..models import Case, CaseEvent, PersonInvolved

EXPORT_CHUNK_SIZE = 500

COLUMNS = [
    "Reference",
    "School",
    "Source",
    "Reported at",
    "Status",
    "Outcome",
    "Risk",
    "Risk confirmed by a lead",
    "Risk suggested by the form",
    "Category",
    "All categories",
    "Platform",
    "Reporter",
    "In danger now (reporter said)",
    "Year group",
    "Assigned to",
    "Acknowledged at",
    "First triaged at",
    "Closed at",
    "Last activity at",
    "Legal hold",
    "People involved",
    "Actions taken",
    "Escalations (agency and reference)",
    "Chronology (event kinds and times, no text)",
]


def spreadsheet_safe(value) -> str:
    """Text for one cell of the log that no spreadsheet will evaluate as a formula
    (upstander.spreadsheets.formula_safe); None is an empty cell."""
    return formula_safe("" if value is None else str(value))


def _label(choices, value) -> str:
    if not value:
        return ""
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


def _time(value) -> str:
    if value is None:
        return ""
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def _staff_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _people(people: Iterable[PersonInvolved]) -> str:
    parts = []
    for person in people:
        bits = [_label(PersonRole, person.role)]
        if person.year_group is not None:
            bits.append(f"Year {person.year_group}")
        if person.verified:
            parts.append(f"{' '.join(bits)}: {person.name} (verified)")
        else:
            parts.append(f"{' '.join(bits)} (unverified, name not exported)")
    return "; ".join(parts)


def change_values(data: dict) -> tuple[str, str]:
    """Old and new value of a status or risk change event, whichever key names it used."""
    old = data.get("from") or data.get("old") or data.get("old_status") or data.get("old_risk")
    new = data.get("to") or data.get("new") or data.get("new_status") or data.get("new_risk")
    return old or "", new or ""


def _action_type(data: dict) -> str:
    return data.get("action_type") or data.get("action") or data.get("type") or ""


def _escalation(data: dict) -> str:
    agency = _label(Agency, data.get("agency", ""))
    reference = data.get("reference") or data.get("agency_reference") or ""
    return f"{agency} ref {reference}" if reference else agency


def _chronology(events: Iterable[CaseEvent]) -> str:
    parts = []
    for event in events:
        line = f"{_time(event.created_at)} {_label(EventKind, event.kind)}"
        data = event.data or {}
        if event.kind in (EventKind.STATUS_CHANGE, EventKind.RISK_CHANGE):
            choices = Status if event.kind == EventKind.STATUS_CHANGE else Risk
            old, new = change_values(data)
            if old or new:
                line += f" ({_label(choices, old)} → {_label(choices, new)})"
        elif event.kind == EventKind.ACTION and _action_type(data):
            line += f" ({_label(ActionType, _action_type(data))})"
        elif event.kind == EventKind.ESCALATION:
            line += f" ({_escalation(data)})"
        elif event.kind == EventKind.LEGAL_HOLD and "legal_hold" in data:
            line += " (on)" if data["legal_hold"] else " (off)"
        parts.append(line)
    return "; ".join(parts)


def incident_log_queryset(cases: QuerySet[Case]) -> QuerySet[Case]:
    """The cases with what the log needs, fetched in a fixed number of queries per chunk.

    Event bodies are deferred: they are never exported, so they are never decrypted.
    """
    return (
        cases.select_related("school", "assignee")
        .prefetch_related(
            Prefetch(
                "events",
                queryset=CaseEvent.objects.defer("body").order_by("created_at"),
            ),
            Prefetch("people", queryset=PersonInvolved.objects.order_by("created_at")),
        )
        .order_by("created_at", "reference")
    )


def incident_log_row(case: Case) -> list[str]:
    events = list(case.events.all())
    actions = [
        _label(ActionType, _action_type(event.data or {}))
        for event in events
        if event.kind == EventKind.ACTION
    ]
    escalations = [
        _escalation(event.data or {}) for event in events if event.kind == EventKind.ESCALATION
    ]
    row = [
        case.reference,
        case.school.site_name or case.school.hostname,
        _label(Source, case.source),
        _time(case.created_at),
        _label(Status, case.status),
        _label(Outcome, case.outcome),
        _label(Risk, case.risk),
        "yes" if case.risk_confirmed else "no",
        _label(Risk, case.suggested_risk),
        _label(Category, case.category),
        ", ".join(_label(Category, value) for value in (case.categories or [])),
        _label(Platform, case.platform),
        _label(ReporterRole, case.reporter_role),
        "yes" if case.danger_now else "no",
        "" if case.year_group is None else str(case.year_group),
        _staff_name(case.assignee),
        _time(case.acknowledged_at),
        _time(case.triaged_at),
        _time(case.closed_at),
        _time(case.last_activity_at),
        "yes" if case.legal_hold else "no",
        _people(case.people.all()),
        "; ".join(actions),
        "; ".join(escalations),
        _chronology(events),
    ]
    return [spreadsheet_safe(cell) for cell in row]


class _Echo:
    """A file-like object whose write returns the line, for streaming csv.writer output."""

    def write(self, value):
        return value


def incident_log_lines(cases: QuerySet[Case]) -> Iterator[str]:
    """CSV lines, streamed chunk by chunk so 100,000 cases never sit in memory at once."""
    writer = csv.writer(_Echo(), quoting=csv.QUOTE_ALL)
    # A byte-order mark so Excel reads the file as UTF-8 (names with accents, emoji).
    yield "\ufeff" + writer.writerow([spreadsheet_safe(column) for column in COLUMNS])
    for case in incident_log_queryset(cases).iterator(chunk_size=EXPORT_CHUNK_SIZE):
        yield writer.writerow(incident_log_row(case))
