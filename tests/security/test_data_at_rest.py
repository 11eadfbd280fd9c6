"""What a stolen database dump, evidence folder, search index or log file reveals: no report text.

Claim: report text, names given, messages and evidence are encrypted
at rest; a database dump, the evidence directory, the search index and the
logs alone reveal no report text.
"""

import logging
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from reporting.models import Case, CaseEvent, EvidenceFile, PersonInvolved, Report
from tests.security.conftest import build_case

pytestmark = pytest.mark.django_db

MARKER = "ATRESTSENTINEL"


def every_stored_value():
    """(table, value) for every value of every column of every table: a full dump."""
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - names from introspection
            for row in cursor.fetchall():
                for value in row:
                    if value is not None:
                        yield table, value


def contains_marker(value) -> bool:
    if isinstance(value, memoryview):
        value = value.tobytes()
    if isinstance(value, bytes):
        return MARKER.encode() in value or MARKER.lower().encode() in value
    return MARKER.lower() in str(value).lower()


@pytest.fixture
def stored_case(school, evidence_root, caplog):
    caplog.set_level(logging.DEBUG)
    case = build_case(school, MARKER)
    # Everything the app would do next that might copy text somewhere else.
    call_command("update_index", stdout=StringIO(), stderr=StringIO())
    return case


def test_the_models_give_back_what_was_written(stored_case):
    report = Report.objects.get(case=stored_case)
    assert report.what_happened.startswith(MARKER)
    assert "<3" in report.what_happened  # kept exactly as typed
    assert PersonInvolved.objects.get(case=stored_case).name == f"{MARKER}-name"


def test_a_full_database_dump_holds_no_report_text(stored_case):
    leaks = [
        (table, str(value)[:80]) for table, value in every_stored_value() if contains_marker(value)
    ]
    assert leaks == []
    # And the values are there, as ciphertext: the test looked in the right place.
    tables = {table for table, value in every_stored_value() if str(value).startswith("enc1:")}
    assert {"reporting_report", "reporting_personinvolved", "reporting_caseevent"} <= tables


def test_the_search_index_holds_no_report_text(stored_case):
    index_tables = [t for t in connection.introspection.table_names() if "search" in t]
    assert index_tables
    with connection.cursor() as cursor:
        for table in index_tables:
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608
            for row in cursor.fetchall():
                assert not any(contains_marker(v) for v in row if v is not None), table


def test_the_evidence_folder_holds_no_plaintext(stored_case, evidence_root):
    files = [p for p in evidence_root.rglob("*") if p.is_file()]
    assert len(files) == 1
    data = files[0].read_bytes()
    assert MARKER.encode() not in data
    assert b"evidence-text" not in data
    # The file name says nothing either.
    assert MARKER.lower() not in str(files[0]).lower()


def test_logs_and_labels_hold_no_report_text(stored_case, caplog, capsys):
    for obj in [
        stored_case,
        Report.objects.get(case=stored_case),
        PersonInvolved.objects.get(case=stored_case),
        CaseEvent.objects.get(case=stored_case),
        EvidenceFile.objects.get(case=stored_case),
    ]:
        logging.getLogger("reporting").info("touched %s %r", obj, obj)
        assert MARKER not in str(obj) and MARKER not in repr(obj)
    captured = capsys.readouterr()
    assert MARKER not in caplog.text
    assert MARKER not in captured.out + captured.err


def test_a_case_prints_as_its_reference_only(stored_case):
    assert str(Case.objects.get(pk=stored_case.pk)) == stored_case.reference


def test_a_report_sent_through_the_real_service_leaves_no_text_at_rest(
    school, evidence_root, caplog, capsys
):
    """The same greps, with the case created by the report form's own service."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from reporting.choices import Category, ReporterRole
    from reporting.services.submission import ReportAnswers, pending_uploads_add, report_submit

    caplog.set_level(logging.DEBUG)
    upload = SimpleUploadedFile(
        f"{MARKER}-screenshot.txt", f"{MARKER} evidence line\n".encode() * 100, "text/plain"
    )
    held, problems = pending_uploads_add(files=[upload], already_held=[])
    assert held and not problems
    result = report_submit(
        school=school,
        answers=ReportAnswers(
            reporter_role=ReporterRole.ME,
            danger_now=False,
            categories=[Category.choices[0][0]],
            what_happened=f"{MARKER} they keep messaging me",
            where_detail=f"{MARKER} group chat",
            when_happened=f"{MARKER} last week",
            people_involved=f"{MARKER} Sam",
            reporter_identity=f"{MARKER} Alex 7B",
        ),
        submission_token="security-at-rest-token",
        passphrase="apple river candle forest",
        pending_tokens=[h.token for h in held],
    )
    assert result.created and Report.objects.get(case=result.case).what_happened.startswith(MARKER)
    call_command("update_index", stdout=StringIO(), stderr=StringIO())

    leaks = [(t, str(v)[:80]) for t, v in every_stored_value() if contains_marker(v)]
    assert leaks == []
    for path in evidence_root.rglob("*"):
        if path.is_file():
            assert MARKER.encode() not in path.read_bytes(), path
            assert MARKER.lower() not in str(path).lower()
    captured = capsys.readouterr()
    assert MARKER not in caplog.text + captured.out + captured.err
