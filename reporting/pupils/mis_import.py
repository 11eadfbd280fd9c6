"""Reading a pupil list exported from the school's MIS (SIMS, Arbor, Bromcom) as CSV.

Who uses this: the pupil import screen, which shows the result as a preview
(every row with its problems) and saves nothing until the lead confirms. Pure
functions: no database writes here; re-import matching by UPN is done by
reporting.services.pupils.pupils_import.

Column names come from mis_columns.toml, so a school whose export names a
column differently needs only a line there.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..choices import YearGroup

COLUMNS_FILE = Path(__file__).with_name("mis_columns.toml")
MAX_ROWS = 5000
# A cell starting with one of these is run as a formula by a spreadsheet
# (OWASP "CSV injection"): refused, so the file is fixed at its source.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A UPN: a letter, eleven digits, and a digit or letter (temporary UPNs end in one).
UPN_PATTERN = re.compile(r"^[A-Z][0-9]{11}[0-9A-Z]$")
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y")
FIELDS = ("first_name", "last_name", "year_group", "date_of_birth", "upn")


@dataclass
class ImportRow:
    line: int
    first_name: str = ""
    last_name: str = ""
    year_group: int | None = None
    date_of_birth: dt.date | None = None
    upn: str = ""
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def year_label(self) -> str:
        return YearGroup(self.year_group).label if self.year_group is not None else ""


@dataclass
class ImportPreview:
    rows: list[ImportRow]
    columns: dict[str, str]
    problems: list[str] = field(default_factory=list)

    @property
    def good_rows(self) -> list[ImportRow]:
        return [row for row in self.rows if row.ok] if not self.problems else []

    @property
    def bad_rows(self) -> list[ImportRow]:
        return [row for row in self.rows if not row.ok]


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[dict[str, str], dict[str, int]]:
    data = tomllib.loads(COLUMNS_FILE.read_text(encoding="utf-8"))
    headers = {}
    for field_name, names in data["columns"].items():
        for name in names:
            headers[_header_key(name)] = field_name
    return headers, {key.lower(): value for key, value in data["year_words"].items()}


def _header_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", (name or "").lower())


def decode(raw: bytes) -> str:
    """An MIS export is UTF-8 (often with a byte-order mark) or, from older SIMS, Windows-1252."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def parse_year(value: str) -> int | None:
    text = " ".join(value.lower().split())
    if not text:
        return None
    words = _vocabulary()[1]
    if text in words:
        return words[text]
    match = re.fullmatch(r"(?:year|yr|y|nc)?\s*(\d{1,2})", text)
    if match and int(match.group(1)) in YearGroup.values:
        return int(match.group(1))
    raise ValueError(f"“{value}” is not a year group we know (Reception, or Year 1 to Year 13).")


def parse_date(value: str, *, today: dt.date) -> dt.date | None:
    text = value.strip()
    if not text:
        return None
    for date_format in DATE_FORMATS:
        try:
            parsed = dt.datetime.strptime(text, date_format).date()
        except ValueError:
            continue
        if parsed > today or parsed.year < today.year - 25:
            raise ValueError(f"“{text}” is not a likely date of birth for a pupil.")
        return parsed
    raise ValueError(f"“{text}” is not a date we can read: use DD/MM/YYYY, e.g. 14/03/2012.")


def preview(raw: bytes, *, today: dt.date | None = None) -> ImportPreview:
    """Every row of the file with what it would save, and any problems, in plain words."""
    today = today or dt.date.today()
    text = decode(raw)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        header = next(reader)
    except StopIteration:
        return ImportPreview(rows=[], columns={}, problems=["The file is empty."])
    known, _ = _vocabulary()
    positions: dict[str, int] = {}
    columns: dict[str, str] = {}
    for index, name in enumerate(header):
        field_name = known.get(_header_key(name))
        if field_name and field_name not in positions:
            positions[field_name] = index
            columns[field_name] = name.strip()
    problems = []
    missing = [
        label
        for field_name, label in (("first_name", "forename"), ("last_name", "surname"))
        if field_name not in positions
    ]
    if missing:
        problems.append(
            "The file has no "
            + " or ".join(missing)
            + " column. Export it again with the pupils' forename and surname "
            "(for example “Legal Forename” and “Legal Surname”)."
        )
    rows: list[ImportRow] = []
    seen_upns: dict[str, int] = {}
    for line, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(rows) >= MAX_ROWS:
            problems.append(
                f"The file has more than {MAX_ROWS} pupils: split it into smaller files."
            )
            break
        rows.append(_row(line, cells, positions, seen_upns, today))
    if not rows and not problems:
        problems.append("The file has a header row but no pupils.")
    return ImportPreview(rows=rows, columns=columns, problems=problems)


def _row(line, cells, positions, seen_upns, today) -> ImportRow:
    row = ImportRow(line=line)

    def cell(field_name: str) -> str:
        index = positions.get(field_name)
        return cells[index] if index is not None and index < len(cells) else ""

    for field_name in FIELDS:
        if cell(field_name).startswith(FORMULA_STARTS):
            row.errors.append(
                "A cell starts with “=”, “+”, “-” or “@”, so a spreadsheet would run it as a "
                "formula: correct it in the MIS and export again."
            )
            return row
    row.first_name = " ".join(cell("first_name").split())
    row.last_name = " ".join(cell("last_name").split())
    if not row.first_name or not row.last_name:
        row.errors.append("The forename or surname is missing.")
    try:
        row.year_group = parse_year(cell("year_group"))
    except ValueError as error:
        row.errors.append(str(error))
    try:
        row.date_of_birth = parse_date(cell("date_of_birth"), today=today)
    except ValueError as error:
        row.errors.append(str(error))
    upn = cell("upn").strip().upper().replace(" ", "")
    if upn:
        if not UPN_PATTERN.match(upn):
            row.errors.append(
                f"“{upn}” is not a UPN (a letter, then 12 digits or 11 and a letter)."
            )
        elif upn in seen_upns:
            row.errors.append(f"The same UPN is on line {seen_upns[upn]} too.")
        else:
            seen_upns[upn] = line
            row.upn = upn
    return row
