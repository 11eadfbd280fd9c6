"""Results for staff: small groups suppressed (complementarily), charts with tables, formula-safe CSV."""

import csv
import io

import pytest
from django.test import override_settings

from content.models import SurveyResponse
from content.voice.services import NOT_GIVEN, response_submit, survey_results
from tests.security.helpers import verified_login
from upstander.suppression import suppressed_groups

from .conftest import questions_by_kind


def answer(survey, *, year, single="No", text="", times=1):
    qs = questions_by_kind(survey)
    answers = {qs["single"].id: single}
    if text:
        answers[qs["text"].id] = text
    for _ in range(times):
        response_submit(page=survey, answers=answers, year_group=year)


# --- the rule ---------------------------------------------------------------------------------


def test_group_below_minimum_is_hidden_with_a_complement():
    hidden = suppressed_groups({7: 10, 8: 9, 9: 3}, 5)
    assert 9 in hidden
    # Year 9 alone hidden could be worked out as total minus the others: hide the smallest other.
    assert hidden == {9, 8}


def test_no_group_hidden_when_all_are_big_enough():
    assert suppressed_groups({7: 5, 8: 6, None: 5}, 5) == set()


def test_two_small_groups_together_below_minimum_pull_in_another():
    hidden = suppressed_groups({7: 20, 8: 12, 9: 1, 10: 2}, 5)
    assert {9, 10} <= hidden
    assert sum({7: 20, 8: 12, 9: 1, 10: 2}[key] for key in hidden) >= 5


def test_two_small_groups_that_together_reach_the_minimum_are_enough():
    assert suppressed_groups({7: 20, 8: 12, 9: 3, 10: 4}, 5) == {9, 10}


@pytest.mark.parametrize(
    "counts",
    [
        {7: 10, 8: 9, 9: 3},
        {7: 6, 8: 1},
        {7: 30, 8: 2, 9: 2, None: 1},
        {7: 8, 8: 7, 9: 6, 10: 6, 11: 2, None: 3},
    ],
)
def test_hidden_groups_cannot_be_worked_out_from_total_and_shown_groups(counts):
    hidden = suppressed_groups(counts, 5)
    if hidden:
        assert len(hidden) >= 2
        assert sum(counts[key] for key in hidden) >= 5
    assert all(counts[key] >= 5 for key in counts if key not in hidden and counts[key])


# --- the results --------------------------------------------------------------------------------


def test_results_hidden_until_the_survey_has_enough_answers(survey):
    answer(survey, year=7, times=4)
    results = survey_results(page=survey)
    assert not results.shown
    assert results.questions == []


def test_small_year_group_cannot_be_selected_and_its_complement_neither(survey):
    answer(survey, year=7, times=10)
    answer(survey, year=8, times=6, single="Once")
    answer(survey, year=9, times=2, single="A few times")
    everyone = survey_results(page=survey)
    assert everyone.shown
    hidden = {group.key for group in everyone.groups if group.hidden}
    assert hidden == {9, 8}
    for year in (8, 9):
        results = survey_results(page=survey, year_group=year)
        assert not results.shown
        assert results.questions == []
    year_7 = survey_results(page=survey, year_group=7)
    assert year_7.shown
    single = next(result for result in year_7.questions if result.question.kind == "single")
    assert {row.label: row.count for row in single.rows}["No"] == 10


def test_results_page_shows_no_numbers_for_hidden_groups(client, lead, survey):
    answer(survey, year=7, times=10)
    answer(survey, year=8, times=6)
    answer(survey, year=9, times=2)
    verified_login(client, lead)
    page = client.get(f"/admin/voice/surveys/{survey.pk}/").content.decode()
    assert '<th scope="row">Year 9</th><td>Hidden</td>' in page
    assert '<th scope="row">Year 8</th><td>Hidden</td>' in page
    hidden = client.get(f"/admin/voice/surveys/{survey.pk}/?year=9").content.decode()
    assert "are hidden" in hidden
    assert "voice-chart" not in hidden


def test_results_page_draws_a_chart_with_a_table_of_the_same_numbers(client, lead, survey):
    answer(survey, year=7, times=6, single="No")
    answer(survey, year=7, times=3, single="Once")
    verified_login(client, lead)
    page = client.get(f"/admin/voice/surveys/{survey.pk}/").content.decode()
    assert '<svg class="voice-chart" role="img"' in page
    assert "<script" not in page.split('<div class="voice-results">')[1].split("</main>")[0]
    assert '<th scope="row">No</th><td>6</td><td>67%</td>' in page
    assert '<th scope="row">Once</th><td>3</td><td>33%</td>' in page
    assert "67% (6)" in page  # the chart's own label


def test_free_text_is_escaped_on_the_results_page(client, lead, survey):
    answer(survey, year=7, times=5, text='I <3 mentors & "quotes"')
    verified_login(client, lead)
    page = client.get(f"/admin/voice/surveys/{survey.pk}/").content.decode()
    assert "I &lt;3 mentors &amp; &quot;quotes&quot;" in page


def test_crisis_answers_are_flagged_for_staff(client, lead, survey):
    answer(survey, year=7, times=4)
    answer(survey, year=7, text="someone is grooming my friend")
    verified_login(client, lead)
    page = client.get(f"/admin/voice/surveys/{survey.pk}/").content.decode()
    assert "Mentions crisis words:</strong> someone is grooming my friend" in page


@override_settings(VOICE_MIN_GROUP_SIZE=3)
def test_minimum_group_size_comes_from_settings(survey):
    answer(survey, year=7, times=3)
    answer(survey, year=8, times=3)
    assert survey_results(page=survey).shown
    assert survey_results(page=survey, year_group=8).shown


def test_year_not_given_is_its_own_group(survey):
    answer(survey, year=7, times=6)
    answer(survey, year=None, times=5)
    results = survey_results(page=survey, year_group=NOT_GIVEN)
    assert results.shown
    assert results.selected_count == 5


# --- CSV (the cell guard itself: tests/site/test_spreadsheets.py) --------------------------------


def test_csv_export_is_formula_safe_and_suppressed(client, lead, survey):
    answer(survey, year=7, times=5, text='=HYPERLINK("http://evil.example","click")')
    answer(survey, year=8, times=1, text="  @SUM(1+1)")
    verified_login(client, lead)
    response = client.get(f"/admin/voice/surveys/{survey.pk}/results.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    cells = [cell for row in rows for cell in row]
    for cell in cells:
        assert not cell.lstrip(" \t\r\n").startswith(("=", "+", "-", "@")), cell
    assert '\'=HYPERLINK("http://evil.example","click")' in cells
    assert "'@SUM(1+1)" in cells  # stored trimmed, still quoted
    assert ["Year 8", "hidden"] in rows
    assert ["Year 7", "hidden"] in rows  # its complement


def test_csv_of_a_hidden_group_has_no_answers(client, lead, survey):
    answer(survey, year=7, times=10)
    answer(survey, year=8, times=2, text="only year eight wrote this")
    verified_login(client, lead)
    body = client.get(f"/admin/voice/surveys/{survey.pk}/results.csv?year=8").content.decode()
    assert "only year eight wrote this" not in body
    assert SurveyResponse.objects.filter(year_group=8).count() == 2
