"""Importing pupils from an MIS export: column names, a preview with row errors, update by UPN."""

import datetime as dt

import pytest

from reporting.models import AuditEntry, Pupil
from reporting.pupils import mis_import
from reporting.pupils.selectors import pupils_matching
from reporting.services.pupils import pupils_import

TODAY = dt.date(2026, 12, 4)

SIMS = (
    "Legal Surname,Legal Forename,Year,DOB,UPN\r\n"
    "Patel,Sam,Year 8,14/03/2013,A123456789012\r\n"
    "O’Brien,Zoë,Y7,02/09/2014,B123456789012\r\n"
    "Jones,Ali,Reception,01/01/2021,\r\n"
)


def test_a_sims_export_is_read_with_its_own_column_names():
    preview = mis_import.preview(SIMS.encode("utf-8-sig"), today=TODAY)
    assert preview.problems == []
    assert [(r.first_name, r.last_name, r.year_group, r.upn) for r in preview.rows] == [
        ("Sam", "Patel", 8, "A123456789012"),
        ("Zoë", "O’Brien", 7, "B123456789012"),
        ("Ali", "Jones", 0, ""),
    ]
    assert preview.rows[0].date_of_birth == dt.date(2013, 3, 14)


def test_arbor_and_bromcom_column_names_and_a_semicolon_file_are_read():
    arbor = "First Name;Last Name;Year Group;Date of Birth\nSam;Patel;7;2013-03-14\n"
    bromcom = "Forename,Surname,NC Year,Birth Date,Unique Pupil Number\nAli,Khan,10,03.05.2011,\n"
    assert [r.last_name for r in mis_import.preview(arbor.encode(), today=TODAY).good_rows] == [
        "Patel"
    ]
    row = mis_import.preview(bromcom.encode(), today=TODAY).good_rows[0]
    assert (row.first_name, row.year_group, row.date_of_birth) == ("Ali", 10, dt.date(2011, 5, 3))


def test_an_older_windows_export_with_accents_is_read():
    raw = "Surname,Forename,Year\nLéger,Zoé,9\n".encode("cp1252")
    assert mis_import.preview(raw, today=TODAY).good_rows[0].first_name == "Zoé"


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("Patel,Sam,Year 8,31/02/2013,", "not a date we can read"),
        ("Patel,Sam,Year 8,14/03/2031,", "not a likely date of birth"),
        ("Patel,Sam,Year 15,,", "not a year group we know"),
        (",Sam,Year 8,,", "forename or surname is missing"),
        ('"=HYPERLINK(""http://evil.example"")",Sam,8,,', "formula"),
        ("Patel,@SUM(A1),8,,", "formula"),
        ("Patel,Sam,8,,12345", "is not a UPN"),
    ],
)
def test_each_bad_row_says_what_is_wrong_and_is_left_out(line, problem):
    raw = f"Legal Surname,Legal Forename,Year,DOB,UPN\nKhan,Ali,9,,\n{line}\n".encode()
    preview = mis_import.preview(raw, today=TODAY)
    assert [row.line for row in preview.bad_rows] == [3]
    assert problem in " ".join(preview.bad_rows[0].errors)
    assert [row.first_name for row in preview.good_rows] == ["Ali"]


def test_a_repeated_upn_is_an_error_on_the_second_row():
    raw = b"Surname,Forename,Year,UPN\nPatel,Sam,8,A123456789012\nPatel,Samuel,8,a123456789012\n"
    preview = mis_import.preview(raw, today=TODAY)
    assert [(row.line, row.errors) for row in preview.bad_rows] == [
        (3, ["The same UPN is on line 2 too."])
    ]


def test_a_file_without_name_columns_is_refused_as_a_whole():
    preview = mis_import.preview(b"Pupil,Class\nSam Patel,8P\n", today=TODAY)
    assert "no forename or surname column" in preview.problems[0]
    assert preview.good_rows == []


@pytest.mark.django_db
def test_importing_again_updates_pupils_by_upn_and_adds_no_second_record(school, lead):
    first = mis_import.preview(SIMS.encode(), today=TODAY)
    assert pupils_import(school=school, actor=lead, rows=first.rows).created == 3
    next_year = SIMS.replace("Year 8", "Year 9").replace("Y7", "Y8").replace("Reception", "1")
    again = mis_import.preview(next_year.encode(), today=TODAY)
    result = pupils_import(school=school, actor=lead, rows=again.rows)
    assert (result.created, result.updated) == (0, 3)
    assert Pupil.objects.count() == 3
    sam = pupils_matching(pupils=Pupil.objects.all(), query="sam patel").get()
    assert sam.year_group == 9
    entry = AuditEntry.objects.filter(action="import_pupils").first()
    assert entry.detail == {"created": 0, "updated": 3, "skipped": 0}
