"""upstander.spreadsheets.formula_safe: the one CSV-injection guard every export uses
(the incident log, the survey results, Wagtail's listing exports)."""

from datetime import date

import pytest

from tests.builders import FORMULA_PAYLOADS
from upstander.spreadsheets import FORMULA_TRIGGERS, formula_safe, worksheet_safe


@pytest.mark.parametrize("payload", FORMULA_PAYLOADS)
def test_formula_like_text_gets_a_leading_quote(payload):
    assert formula_safe(payload) == "'" + payload


@pytest.mark.parametrize(
    "harmless",
    [
        "No",
        "I <3 mentors",
        "Year 7",
        "",
        "50%",
        "Sam Smith",
        "CEOP-123",
        "2024-05-01 10:00",
        "O'Brien",
        "a=b",
        "   spaces then words",
    ],
)
def test_ordinary_text_is_unchanged(harmless):
    assert formula_safe(harmless) == harmless


@pytest.mark.parametrize("value", [None, 0, -5, 3.5, date(2026, 1, 1), True])
def test_values_that_are_not_text_are_passed_through(value):
    # csv.writer and Wagtail's exports turn them into text themselves; a number such as
    # -5 is a number in the spreadsheet, not a formula.
    assert formula_safe(value) is value


def test_every_trigger_alone_is_quoted():
    for trigger in FORMULA_TRIGGERS:
        assert formula_safe(trigger) == "'" + trigger


def test_every_export_uses_the_same_guard():
    """The incident log, the survey results and Wagtail's listing exports quote alike."""
    from content.admin_views import FormulaSafeExportMixin
    from reporting.records.exports import spreadsheet_safe

    class Listing:
        FORMAT_CSV = "csv"

        def preprocess_field_value(self, field, value, export_format):
            return value

    class Export(FormulaSafeExportMixin, Listing):
        pass

    for payload in FORMULA_PAYLOADS:
        assert spreadsheet_safe(payload) == formula_safe(payload)
        assert Export().preprocess_field_value("title", payload, "csv") == formula_safe(payload)
        assert Export().preprocess_field_value("title", payload, "xlsx") == worksheet_safe(payload)
    assert spreadsheet_safe(None) == ""
    assert spreadsheet_safe(12) == "12"


def test_a_worksheet_cell_keeps_every_word_and_marks_what_it_cannot_hold():
    assert worksheet_safe("tab\there\nand\rthere") == "tab\there\nand\rthere"
    assert worksheet_safe("a\x00b\x08c\x0bd\x0ce\x1ff") == "a\ufffdb\ufffdc\ufffdd\ufffde\ufffdf"
    assert worksheet_safe("=SUM(A1)") == "=SUM(A1)"  # XLSX stores it as text already
    assert worksheet_safe(3) == 3 and worksheet_safe(None) is None
