"""The incident-log CSV: formula injection, scope, filters, what is (not) exported, audit."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from reporting.choices import AuditAction, EventKind, Outcome, PersonRole, Risk, Status
from reporting.models import AuditEntry, CaseEvent, PersonInvolved
from reporting.records.exports import COLUMNS, FORMULA_TRIGGERS, spreadsheet_safe
from tests.builders import FORMULA_PAYLOADS, make_lead
from tests.security.helpers import verified_login

from .builders import make_case

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("payload", FORMULA_PAYLOADS)
def test_spreadsheet_safe_quotes_every_formula_payload(payload):
    assert spreadsheet_safe(payload) == "'" + payload


@pytest.mark.parametrize(
    "harmless", ["Sam Smith", "CEOP-123", "2024-05-01 10:00", "Year 8", "", "O'Brien", "a=b"]
)
def test_spreadsheet_safe_leaves_ordinary_text_alone(harmless):
    assert spreadsheet_safe(harmless) == harmless


def _download(client, **params):
    response = client.get(reverse("reporting_records:incident_log_csv"), params)
    assert response.status_code == 200, response.content
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    return response, rows


def _cell_is_inert(cell: str) -> bool:
    return cell.startswith("'") or not cell.lstrip().startswith(FORMULA_TRIGGERS)


def test_csv_neutralises_formulas_in_every_free_text_derived_cell(client, school):
    lead = make_lead(username="=lead", school=school, first_name='=HYPERLINK("x")', last_name="+1")
    verified_login(client, lead)
    for payload in FORMULA_PAYLOADS:
        case = make_case(school=school, assignee=lead, status=Status.IN_PROGRESS)
        CaseEvent.objects.create(
            case=case,
            kind=EventKind.ESCALATION,
            data={"agency": "police_101", "reference": payload},
        )
        CaseEvent.objects.create(case=case, kind=EventKind.ACTION, data={"action_type": payload})
        PersonInvolved.objects.create(
            case=case, role=PersonRole.TARGET, name=payload, verified=True, verified_by=lead
        )
    _, rows = _download(client)
    assert rows[0] == COLUMNS
    assert len(rows) == len(FORMULA_PAYLOADS) + 1
    for row in rows:
        for cell in row:
            assert _cell_is_inert(cell), cell
    # The payloads did reach the cells they were typed into, quoted.
    escalations = [row[COLUMNS.index("Escalations (agency and reference)")] for row in rows[1:]]
    assert any("ref =cmd|' /C calc'!A0" in cell for cell in escalations)
    people = [row[COLUMNS.index("People involved")] for row in rows[1:]]
    assert any("=1+1 (verified)" in cell for cell in people)
    assigned = {row[COLUMNS.index("Assigned to")] for row in rows[1:]}
    assert assigned == {'\'=HYPERLINK("x") +1'}


def test_csv_leaves_out_report_text_notes_and_unverified_names(client, school, lead):
    verified_login(client, lead)
    case = make_case(school=school, report_text="SECRET-REPORT-TEXT about Jo")
    CaseEvent.objects.create(case=case, kind=EventKind.INTERNAL_NOTE, body="SECRET-NOTE")
    CaseEvent.objects.create(case=case, kind=EventKind.MESSAGE_TO_REPORTER, body="SECRET-MESSAGE")
    PersonInvolved.objects.create(
        case=case, role=PersonRole.ALLEGED_PERPETRATOR, name="Innocent Pupil", year_group=9
    )
    PersonInvolved.objects.create(
        case=case, role=PersonRole.TARGET, name="Verified Target", verified=True
    )
    _, rows = _download(client)
    text = "\n".join(",".join(row) for row in rows)
    for secret in ("SECRET-REPORT-TEXT", "SECRET-NOTE", "SECRET-MESSAGE", "Innocent Pupil"):
        assert secret not in text
    people = rows[1][COLUMNS.index("People involved")]
    assert "Alleged perpetrator Year 9 (unverified, name not exported)" in people
    assert "Target: Verified Target (verified)" in people
    chronology = rows[1][COLUMNS.index("Chronology (event kinds and times, no text)")]
    assert "Internal note" in chronology and "Message to the reporter" in chronology


def test_csv_has_only_the_leads_own_schools_cases(client, school, other_school, lead):
    verified_login(client, lead)
    mine = make_case(school=school)
    theirs = make_case(school=other_school)
    _, rows = _download(client)
    references = [row[0] for row in rows[1:]]
    assert references == [mine.reference]
    assert theirs.reference not in "".join(",".join(row) for row in rows)


def test_csv_refuses_another_schools_id_as_a_filter(client, school, other_school, lead):
    verified_login(client, lead)
    make_case(school=other_school)
    response = client.get(
        reverse("reporting_records:incident_log_csv"), {"school": other_school.pk}
    )
    assert response.status_code == 400
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


def test_csv_filters_by_status_risk_date_range_and_school(client, school, other_school, lead):
    from reporting.models import SafeguardingLead

    SafeguardingLead.objects.create(user=lead, school=other_school)
    verified_login(client, lead)
    now = timezone.now()
    urgent_new = make_case(
        school=school, status=Status.NEW, risk=Risk.URGENT, created_at=now - timedelta(days=1)
    )
    low_closed = make_case(
        school=school,
        status=Status.CLOSED,
        outcome=Outcome.RESOLVED,
        risk=Risk.LOW,
        created_at=now - timedelta(days=40),
    )
    other = make_case(school=other_school, risk=Risk.URGENT, created_at=now - timedelta(days=1))

    def references(**params):
        return sorted(row[0] for row in _download(client, **params)[1][1:])

    assert references() == sorted([urgent_new.reference, low_closed.reference, other.reference])
    assert references(status="closed") == [low_closed.reference]
    assert references(risk="urgent", school=school.pk) == [urgent_new.reference]
    old_day = timezone.localdate(now - timedelta(days=40))
    assert references(date_from=old_day.isoformat(), date_to=old_day.isoformat()) == [
        low_closed.reference
    ]
    assert references(created_at_after=(old_day + timedelta(days=1)).isoformat()) == sorted(
        [urgent_new.reference, other.reference]
    )


def test_csv_query_count_does_not_grow_with_the_number_of_cases(client, school, lead):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    verified_login(client, lead)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            _download(client)
        return len(captured)

    def add(count):
        for _ in range(count):
            case = make_case(school=school, assignee=lead)
            CaseEvent.objects.create(
                case=case, kind=EventKind.ACTION, data={"action_type": "sanction"}
            )
            PersonInvolved.objects.create(case=case, role=PersonRole.WITNESS, name="W")

    _download(client)  # warm per-process caches (the Site comes from the fragment cache after)
    add(3)
    with_three = queries()
    add(30)
    assert queries() == with_three


def test_csv_export_writes_an_audit_entry_with_what_was_exported(client, school, lead):
    verified_login(client, lead)
    make_case(school=school)
    make_case(school=school, status=Status.CLOSED)
    response, _ = _download(client, status="new")
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert entry.actor == lead
    assert entry.school_id == school.pk
    assert entry.detail["export"] == "incident_log_csv"
    assert entry.detail["rows"] == 1
    assert entry.detail["filters"]["status"] == ["new"]
    assert entry.detail["free_text"] is False
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
