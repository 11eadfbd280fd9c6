"""CSV formula injection in every export the project offers, fed through the real write paths.

Already covered: reporting.records.exports.spreadsheet_safe against a payload list, and
the incident-log CSV with payloads written straight into the models
(tests/records/test_exports.py); content.voice.services.csv_safe and the survey results CSV
(tests/voice/test_voice_results.py). Added here: the incident log with payloads typed
into the lead's forms (escalation reference, action, names, the lead's own name), and
the two spreadsheet exports built on Wagtail's listing export, which does no formula
quoting of its own: reader feedback (typed by anyone on the public site) and the
past-review-date report (page titles typed by mentors).
"""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from content.models import GuidePage, PageFeedback
from reporting.choices import Agency, PersonRole
from tests.builders import FORMULA_PAYLOADS, make_lead
from tests.content.conftest import make_guide
from tests.security.helpers import verified_login

from .helpers import body_of, submit_report

pytestmark = pytest.mark.django_db

TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def assert_inert_cells(rows):
    for row in rows:
        for cell in row:
            # A spreadsheet trims leading spaces before it looks for a formula.
            start = cell.lstrip(" \u00a0\u3000")
            assert cell.startswith("'") or not start.startswith(TRIGGERS), repr(cell)


def test_formulas_typed_into_the_leads_forms_are_inert_in_the_incident_log(client, school):
    lead = make_lead(username="=cmd", school=school, first_name="@SUM(A1)", last_name="-1")
    case, _, _ = submit_report(client.__class__())
    verified_login(client, lead)
    for payload in FORMULA_PAYLOADS:
        for name, fields in [
            ("case_escalate", {"agency": Agency.POLICE_101, "agency_reference": payload}),
            ("case_action", {"action_type": "other", "action_details": payload}),
            (
                "person_add",
                {
                    "person_role": PersonRole.WITNESS,
                    "person_name": payload,
                    "person_verified": "on",
                },
            ),
        ]:
            response = client.post(reverse(f"reporting_triage:{name}", args=[case.pk]), fields)
            assert response.status_code == 302, (name, payload)
    client.post(reverse("reporting_triage:case_assign", args=[case.pk]), {"assignee": lead.pk})
    rows = rows_of(body_of(client.get(reverse("reporting_records:incident_log_csv"))))
    assert len(rows) == 2
    assert_inert_cells(rows)
    exported = " | ".join(rows[1])
    assert "'=HYPERLINK" in exported or "ref =HYPERLINK" in exported  # typed values did arrive


def test_reader_feedback_export_quotes_formulas(client, guide, moderator):
    for payload in FORMULA_PAYLOADS:
        PageFeedback.objects.create(page=guide, helpful=False, comment=payload)
    client.force_login(moderator)
    response = client.get("/admin/snippets/content/pagefeedback/", {"export": "csv"})
    assert response.status_code == 200
    rows = rows_of(body_of(response))
    assert len(rows) == len(FORMULA_PAYLOADS) + 1
    assert_inert_cells(rows)


def test_reader_feedback_xlsx_export_holds_no_formula(client, guide, moderator):
    openpyxl = pytest.importorskip("openpyxl")

    # Every payload, control characters included: a worksheet cannot hold those, and
    # one such comment used to end the whole export in a 500.
    for payload in FORMULA_PAYLOADS:
        PageFeedback.objects.create(page=guide, helpful=False, comment=payload)
    PageFeedback.objects.create(page=guide, helpful=False, comment="pasted\x0cfrom a PDF")
    client.force_login(moderator)
    response = client.get("/admin/snippets/content/pagefeedback/", {"export": "xlsx"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = []
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.value
            values.append(str(cell.value))
    assert sheet.max_row == len(FORMULA_PAYLOADS) + 2
    assert "pasted\ufffdfrom a PDF" in values


def test_past_review_date_export_quotes_formula_titles(client, hub, moderator):
    for index, payload in enumerate(FORMULA_PAYLOADS[:6]):
        page = make_guide(hub, title=payload, slug=f"formula-{index}")
        GuidePage.objects.filter(pk=page.pk).update(
            review_by=timezone.localdate() - timedelta(days=3)
        )
    client.force_login(moderator)
    response = client.get(reverse("content_review_report"), {"export": "csv"})
    assert response.status_code == 200
    rows = rows_of(body_of(response))
    assert len(rows) == 7
    assert_inert_cells(rows)


@pytest.mark.parametrize("payload", FORMULA_PAYLOADS)
def test_the_survey_export_quotes_the_full_payload_list(payload):
    """The voice CSV (tests/voice) was checked with a shorter list than the incident log's."""
    from content.voice.services import csv_safe

    assert csv_safe(payload) == "'" + payload
