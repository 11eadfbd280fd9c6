"""The blind index: pupils found by name and cases by report words, with no plaintext stored."""

import pytest
from django.db import connection
from django.test import override_settings

from reporting.choices import PersonRole
from reporting.models import Case, CaseWordToken, Pupil, PupilNameToken, PupilTransfer
from reporting.pupils import blindindex
from reporting.pupils.selectors import cases_with_words, pupils_matching
from reporting.services import transfers
from reporting.services.pupils import pupil_create, pupil_link_case
from reporting.services.search_index import blind_index_rebuild, case_words_index
from tests.triage.conftest import make_case, make_person

pytestmark = pytest.mark.django_db

NAME_FIRST, NAME_LAST = "Zoë", "Quillfeather"


def every_stored_value():
    """(table, value) for every value of every column of every table: a full dump."""
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - names from introspection
            for row in cursor.fetchall():
                for value in row:
                    if value is not None:
                        yield table, value


def leaks_of(*needles: str):
    found = []
    for table, value in every_stored_value():
        if isinstance(value, memoryview):
            value = value.tobytes()
        text = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
        for needle in needles:
            if needle in text or needle.lower() in text.lower():
                found.append((table, needle, text[:80]))
    return found


@pytest.mark.parametrize(
    "query",
    ["quillfeather", "Zoe", "zoë quillfeather", "  ZOE   QUILLFEATHER ", "Quillfeather, Zoe"],
)
def test_a_pupil_is_found_by_any_part_of_their_name_however_it_is_typed(school, lead, query):
    wanted = pupil_create(school=school, actor=lead, first_name=NAME_FIRST, last_name=NAME_LAST)
    pupil_create(school=school, actor=lead, first_name="Zoe", last_name="Other")
    found = list(pupils_matching(pupils=Pupil.objects.all(), query=query))
    if query.strip().lower() == "zoe":
        assert set(found) == set(Pupil.objects.all())
    else:
        assert found == [wanted]


def test_a_search_needs_every_word_to_match(school, lead):
    pupil_create(school=school, actor=lead, first_name="Sam", last_name="Patel")
    assert not pupils_matching(pupils=Pupil.objects.all(), query="sam smith").exists()
    assert not pupils_matching(pupils=Pupil.objects.all(), query="   ").exists()


def test_no_plaintext_name_dob_or_upn_is_in_any_table(school, lead, other_school):
    import datetime as dt

    pupil = pupil_create(
        school=school,
        actor=lead,
        first_name=NAME_FIRST,
        last_name=NAME_LAST,
        date_of_birth=dt.date(2012, 3, 14),
        upn="A123456789012",
    )
    case = make_case(school=school, text="Quillfeather was pushed in the corridor by Zed")
    case_words_index(case=case, texts=[case.report.what_happened])
    make_person(case=case, name=f"{NAME_FIRST} {NAME_LAST}")
    pupil_link_case(case=case, pupil=pupil, actor=lead, role=PersonRole.TARGET)
    # A file on its way to another school is held too.
    transfers.transfer_send(pupil=pupil, actor=lead, to_school=other_school)
    assert PupilTransfer.objects.exists() and CaseWordToken.objects.filter(case=case).exists()
    assert leaks_of("Quillfeather", "Zoë", "2012-03-14", "14/03/2012", "A123456789012") == []
    assert leaks_of("corridor") == []
    # The rows are there: the names were searched for where they would be.
    assert PupilNameToken.objects.filter(pupil=pupil).count() >= 4
    assert Pupil.objects.get().last_name == NAME_LAST


def test_report_words_find_the_case_and_only_it(school):
    wanted = make_case(school=school, text="They posted my photo on a group chat")
    other = make_case(school=school, text="Someone said nasty things in a chat")
    case_words_index(case=wanted, texts=[wanted.report.what_happened])
    case_words_index(case=other, texts=[other.report.what_happened])
    assert list(cases_with_words(cases=Case.objects.all(), query="PHOTO chat")) == [wanted]
    assert set(cases_with_words(cases=Case.objects.all(), query="chat")) == {wanted, other}
    assert not cases_with_words(cases=Case.objects.all(), query="photo nasty").exists()


def test_a_name_digest_and_a_report_word_digest_differ():
    assert blindindex.digest("patel", purpose=blindindex.NAME) != blindindex.digest(
        "patel", purpose=blindindex.REPORT_WORD
    )


def test_the_digest_depends_on_the_key_outside_the_database():
    with override_settings(SEARCH_INDEX_KEY="first-key"):
        first = blindindex.digest("patel", purpose=blindindex.NAME)
    with override_settings(SEARCH_INDEX_KEY="second-key"):
        second = blindindex.digest("patel", purpose=blindindex.NAME)
    assert first != second


def test_after_a_key_change_the_rebuild_makes_names_and_words_findable_again(school, lead):
    with override_settings(SEARCH_INDEX_KEY="old-key"):
        pupil = pupil_create(school=school, actor=lead, first_name="Sam", last_name="Patel")
        case = make_case(school=school, text="a rude nickname")
        case_words_index(case=case, texts=[case.report.what_happened])
    with override_settings(SEARCH_INDEX_KEY="new-key"):
        assert not pupils_matching(pupils=Pupil.objects.all(), query="patel").exists()
        assert blind_index_rebuild() == {"pupils": 1, "cases": 1}
        assert list(pupils_matching(pupils=Pupil.objects.all(), query="patel")) == [pupil]
        assert list(cases_with_words(cases=Case.objects.all(), query="nickname")) == [case]
        assert blind_index_rebuild() == {"pupils": 0, "cases": 0}


def test_the_reindex_command_rebuilds_what_an_old_key_made(school, lead):
    from io import StringIO

    from django.core.management import call_command

    with override_settings(SEARCH_INDEX_KEY="old-key"):
        pupil_create(school=school, actor=lead, first_name="Sam", last_name="Patel")
    with override_settings(SEARCH_INDEX_KEY="new-key"):
        out = StringIO()
        call_command("reindex_blind_index", stdout=out)
        assert "Re-indexed 1 pupil(s)" in out.getvalue()
        assert pupils_matching(pupils=Pupil.objects.all(), query="patel").exists()


def test_the_rebuild_indexes_cases_reported_before_the_index_existed(school):
    old = make_case(school=school, text="An old report about a stolen password")
    assert not CaseWordToken.objects.filter(case=old).exists()
    assert blind_index_rebuild()["cases"] == 1
    assert list(cases_with_words(cases=Case.objects.all(), query="password")) == [old]
