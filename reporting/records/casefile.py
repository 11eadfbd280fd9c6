"""The case file for a referral: everything recorded about one case, in one document.

Who uses this: a safeguarding lead sending a case to children's social care,
the police, the LADO or the pupil's next school. `case_file_build` gathers it
once (a fixed number of queries); views.case_file renders it as a print-ready
page and pdf.case_file_pdf as a PDF, so both always say the same thing.

The anonymised version replaces every member of staff with a stable label
("Safeguarding lead 1", "Staff 2"), numbered in order of first appearance in
the chronology, and scrubs their usernames, e-mail addresses and full names
from the text as well. Pupils' names stay: the agency needs them.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime
from html import unescape
from html.parser import HTMLParser

from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.utils import timezone

from ..choices import (
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
from ..chronology import event_details
from ..evidence.pictures import evidence_previews, evidence_read, file_kind
from ..labels import when
from ..models import Case, CaseEvent, EvidenceFile, PersonInvolved, Report, SafeguardingLead
from .exports import change_values

# Event kinds written by the reporter rather than by a member of staff.
REPORTER_KINDS = {EventKind.REPORT, EventKind.REPORTER_ADDITION, EventKind.MESSAGE_FROM_REPORTER}
STAFF_TITLES = ("Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Sir")


def label(choices, value) -> str:
    if not value:
        return ""
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


class StaffNamer:
    """Names staff as they are, or, when anonymised, as stable numbered roles."""

    def __init__(self, *, anonymised: bool, lead_ids: set[int], staff: dict[int, object]):
        self.anonymised = anonymised
        self.lead_ids = lead_ids
        self.staff = staff
        self._labels: dict[int, str] = {}
        self._counts = {"lead": 0, "staff": 0}
        self._scrub = self._scrubber() if anonymised else None

    def name(self, user) -> str:
        if user is None:
            return ""
        if not self.anonymised:
            return user.get_full_name() or user.get_username()
        if user.pk not in self._labels:
            kind = "lead" if user.pk in self.lead_ids else "staff"
            self._counts[kind] += 1
            word = "Safeguarding lead" if kind == "lead" else "Staff"
            self._labels[user.pk] = f"{word} {self._counts[kind]}"
        return self._labels[user.pk]

    def _scrubber(self):
        patterns = []
        for user in self.staff.values():
            identifiers = {user.get_username(), user.email, user.get_full_name()}
            if user.last_name:
                identifiers.update(f"{title} {user.last_name}" for title in STAFF_TITLES)
                identifiers.update(f"{title}. {user.last_name}" for title in STAFF_TITLES)
            for identifier in identifiers:
                identifier = (identifier or "").strip()
                # Shorter strings would hit ordinary words and pupils' names.
                if len(identifier) >= 3:
                    patterns.append((identifier, user))
        # Longest first, so "Jo Bloggs" is replaced before a username "jo".
        patterns.sort(key=lambda item: len(item[0]), reverse=True)
        return [
            (re.compile(rf"(?<!\w){re.escape(identifier)}(?!\w)", re.IGNORECASE), user)
            for identifier, user in patterns
        ]

    def by_username(self, username: str) -> str:
        """How a member of staff recorded by username in an event is named."""
        for user in self.staff.values():
            if user.get_username() == username:
                return self.name(user)
        return "a member of staff" if self.anonymised else username

    def text(self, value: str) -> str:
        """Free text with staff identifiers replaced by their labels when anonymised."""
        if not value or not self._scrub:
            return value or ""
        for pattern, user in self._scrub:
            value = pattern.sub(self.name(user), value)
        return value


@dataclass
class Entry:
    when: datetime
    kind: str
    kind_label: str
    by: str
    body: str
    details: list[tuple[str, str]]
    shared_with_reporter: bool


@dataclass
class Change:
    when: datetime
    what: str
    old: str
    new: str
    by: str
    reason: str


@dataclass
class Person:
    role: str
    name: str
    year_group: int | None
    verified: bool
    verified_by: str


@dataclass
class Evidence:
    number: int
    kind_label: str
    plaintext_bytes: int
    stored_sha256: str
    plaintext_sha256: str | None
    cleaned: bool
    removed_metadata: list[str]
    original_name: str
    added_at: datetime
    # JPEG pictures of the evidence (the image itself, or a PDF's pages), for the file.
    previews: list[bytes] = field(default_factory=list)
    preview_note: str = ""

    @property
    def preview_uris(self) -> list[str]:
        return [
            "data:image/jpeg;base64," + base64.b64encode(picture).decode("ascii")
            for picture in self.previews
        ]


@dataclass
class CaseFile:
    case: Case
    anonymised: bool
    facts: list[tuple[str, str]]
    report: list[tuple[str, str]]
    people: list[Person]
    chronology: list[Entry]
    history: list[Change]
    evidence: list[Evidence]
    generated_at: datetime
    generated_by: str
    notes: list[str] = field(default_factory=list)


def _time(value) -> str:
    return when(value)


def _details(event: CaseEvent, namer: StaffNamer) -> list[tuple[str, str]]:
    return [
        (name, namer.text(value))
        for name, value in event_details(event, staff_name=namer.by_username)
    ]


class _TextFromHTML(HTMLParser):
    """Plain text from the small HTML a message is stored as: paragraphs and list items kept."""

    BREAKS = {"p", "div", "br", "li", "ul", "ol", "h2", "h3", "h4", "blockquote"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.BREAKS:
            self.parts.append("\n")
        if tag == "li":
            self.parts.append("• ")

    def handle_endtag(self, tag):
        if tag in self.BREAKS:
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)


def plain_text(value: str) -> str:
    """A message or note as a reader sees it, without markup."""
    if "<" not in (value or ""):
        return unescape(value or "")
    parser = _TextFromHTML()
    parser.feed(value)
    parser.close()
    text = "".join(parser.parts)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def case_file_build(*, case: Case, user, anonymised: bool) -> CaseFile:
    """Gather one case's record for referral (the caller has checked the user may see it)."""
    case = (
        Case.objects.select_related("school", "assignee")
        .prefetch_related(
            Prefetch(
                "events", queryset=CaseEvent.objects.select_related("actor").order_by("created_at")
            ),
            Prefetch(
                "people",
                queryset=PersonInvolved.objects.select_related("verified_by").order_by(
                    "created_at"
                ),
            ),
            Prefetch("evidence", queryset=EvidenceFile.objects.order_by("created_at")),
        )
        .get(pk=case.pk)
    )
    report = Report.objects.filter(case=case).first()
    events = list(case.events.all())
    people = list(case.people.all())
    lead_ids = set(
        SafeguardingLead.objects.filter(school_id=case.school_id).values_list("user_id", flat=True)
    )
    staff = {lead.pk: lead for lead in get_user_model().objects.filter(pk__in=lead_ids)}
    for candidate in [
        *(event.actor for event in events),
        case.assignee,
        *(person.verified_by for person in people),
        user,
    ]:
        if candidate is not None:
            staff.setdefault(candidate.pk, candidate)
    namer = StaffNamer(anonymised=anonymised, lead_ids=lead_ids, staff=staff)

    # Labels are handed out in order of first appearance in the chronology.
    chronology = []
    history = []
    for event in events:
        if event.actor is not None:
            by = namer.name(event.actor)
        elif event.kind in REPORTER_KINDS:
            by = "Reporter"
        else:
            by = "Upstander (automatic)"
        body = namer.text(plain_text(event.body))
        chronology.append(
            Entry(
                when=event.created_at,
                kind=event.kind,
                kind_label=label(EventKind, event.kind),
                by=by,
                body=body,
                details=_details(event, namer),
                shared_with_reporter=event.visible_to_reporter,
            )
        )
        if event.kind in (EventKind.STATUS_CHANGE, EventKind.RISK_CHANGE, EventKind.LEGAL_HOLD):
            data = event.data or {}
            if event.kind == EventKind.LEGAL_HOLD:
                what, choices = "Legal hold", None
                old, new = "", "on" if data.get("legal_hold") else "lifted"
            else:
                what = "Status" if event.kind == EventKind.STATUS_CHANGE else "Risk"
                choices = Status if event.kind == EventKind.STATUS_CHANGE else Risk
                old, new = change_values(data)
            history.append(
                Change(
                    when=event.created_at,
                    what=what,
                    old=label(choices, old) if choices else old,
                    new=label(choices, new) if choices else new,
                    by=by,
                    reason=namer.text(plain_text(str(data.get("reason") or event.body or ""))),
                )
            )

    facts = [
        ("Reference", case.reference),
        ("School", case.school.site_name or case.school.hostname),
        ("How it reached us", label(Source, case.source)),
        ("Reported", _time(case.created_at)),
        ("Status", label(Status, case.status)),
        ("Outcome", label(Outcome, case.outcome) or "—"),
        (
            "Risk",
            f"{label(Risk, case.risk)} ({'confirmed by a lead' if case.risk_confirmed else 'not yet confirmed'})",
        ),
        ("Risk the form suggested", label(Risk, case.suggested_risk)),
        ("Category", label(Category, case.category)),
        (
            "All categories",
            ", ".join(label(Category, value) for value in case.categories or []) or "—",
        ),
        ("Platform", label(Platform, case.platform) or "—"),
        ("Reporter", label(ReporterRole, case.reporter_role) or "—"),
        ("Reporter said someone was in danger now", "yes" if case.danger_now else "no"),
        ("Year group", str(case.year_group) if case.year_group is not None else "—"),
        ("Assigned to", namer.name(case.assignee) or "nobody"),
        ("Acknowledged", _time(case.acknowledged_at) or "—"),
        ("First triaged", _time(case.triaged_at) or "—"),
        ("Closed", _time(case.closed_at) or "—"),
        ("Legal hold", "yes" if case.legal_hold else "no"),
    ]
    report_fields = []
    if report is not None:
        report_fields = [
            ("Submitted", _time(report.submitted_at)),
            ("What happened", namer.text(report.what_happened)),
            ("When it happened", namer.text(report.when_happened)),
            ("Where", namer.text(report.where_detail)),
            ("People the reporter named", namer.text(report.people_involved)),
            ("Who the reporter said they are", namer.text(report.reporter_identity)),
        ]
        report_fields = [(name, value) for name, value in report_fields if value]

    evidence = []
    for number, item in enumerate(case.evidence.all(), start=1):
        data = evidence_read(item)
        previews, note = (
            ([], "The file could not be read.")
            if data is None
            else (evidence_previews(data, item.detected_type))
        )
        evidence.append(
            Evidence(
                number=number,
                kind_label=file_kind(item.detected_type),
                plaintext_bytes=item.plaintext_bytes,
                stored_sha256=item.stored_sha256,
                plaintext_sha256=hashlib.sha256(data).hexdigest() if data is not None else None,
                cleaned=item.cleaned,
                removed_metadata=[str(value) for value in item.removed_metadata or []],
                original_name=item.original_name,
                added_at=item.created_at,
                previews=previews,
                preview_note=note,
            )
        )
    return CaseFile(
        case=case,
        anonymised=anonymised,
        facts=facts,
        report=report_fields,
        people=[
            Person(
                role=label(PersonRole, person.role),
                name=person.name,
                year_group=person.year_group,
                verified=person.verified,
                verified_by=namer.name(person.verified_by),
            )
            for person in people
        ],
        chronology=chronology,
        history=history,
        evidence=evidence,
        generated_at=timezone.now(),
        generated_by=namer.name(user),
        notes=[
            "Names of people marked unverified were given by the reporter and have not been "
            "confirmed by a member of staff.",
            "Evidence SHA-256 (file): the digest of the file as it is handed over, so a copy "
            "can be checked. SHA-256 (stored): the digest of the encrypted copy Upstander keeps.",
        ],
    )
