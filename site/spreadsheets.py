"""Cells that a spreadsheet shows as text, never runs as a formula (CSV injection), and
that a worksheet can hold at all.

Used by every CSV the site writes: the incident log (reporting/records/exports.py), the
survey results (content/voice/services.py) and Wagtail's listing exports (content/admin_views.py).
Page titles, readers' comments and pupils' answers are typed by people we do not trust,
and a spreadsheet opening the file would run "=HYPERLINK(...)" or "@SUM(...)" in them
(https://owasp.org/www-community/attacks/CSV_Injection).
"""

import re

# Excel, LibreOffice and Google Sheets treat a cell starting with one of these as a formula.
# Tab, carriage return and line feed too, as some importers strip them first, and the
# full-width forms, which some spreadsheet locales accept.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def formula_safe(value):
    """`value` for one CSV cell: text that would start a formula gets a leading single quote.

    Spreadsheets show the quote as "this is text" and hide it. A cell counts as a formula
    when its first character, or its first after leading white space (spreadsheets trim
    it, the no-break and ideographic spaces included), is a trigger. Anything that is not
    text (a number, a date, None) is returned as it is: it cannot hold a formula.
    """
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_TRIGGERS) or value.lstrip().startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


# What an XLSX worksheet cannot store (C0 control characters but tab, line feed and
# carriage return): openpyxl raises on them, which ended a whole export in a 500.
WORKSHEET_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
REPLACEMENT = "\ufffd"


def worksheet_safe(value):
    """`value` for one XLSX cell: characters a worksheet cannot hold become U+FFFD.

    A reader's comment with a stray control character (pasted from a PDF, say) is still
    exported, every other word intact, and the mark shows where something was dropped.
    """
    if not isinstance(value, str):
        return value
    return WORKSHEET_UNSAFE.sub(REPLACEMENT, value)
