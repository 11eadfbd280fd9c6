"""The case file as a PDF (fpdf2), drawn from the same CaseFile as the print-ready page.

Fonts: DejaVu Sans is shipped beside this module (fonts/, Bitstream Vera licence) so a
pupil's accents, Cyrillic, Greek, Arabic letters and most symbols render on any
machine with no font download. A character the font cannot draw (an emoji, CJK) is
written as "[U+1F52A HOCHO]" rather than dropped, so the record still says exactly
what was typed; invisible formatting characters (zero-width joiners, bidi overrides,
variation selectors, control codes) are removed, so they cannot reorder or hide text.
If the shipped font is missing, the built-in Helvetica is used and everything
outside Latin-1 is written the same way.
"""

from __future__ import annotations

import logging
import unicodedata
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from ..labels import when
from .casefile import CaseFile

# fontTools logs a line per table it prunes while fpdf2 subsets the font: noise in the app log.
logging.getLogger("fontTools").setLevel(logging.WARNING)

FONT_DIR = Path(__file__).resolve().parent / "fonts"
SYSTEM_FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_FAMILY = "DejaVu"
LINE = 5.5


def _font_files() -> tuple[Path, Path] | None:
    for folder in (FONT_DIR, SYSTEM_FONT_DIR):
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.is_file() and bold.is_file():
            return regular, bold
    return None


# Typographic punctuation has a plain stand-in when the font lacks it (Helvetica fallback).
PLAIN_STAND_INS = {
    "—": "-",
    "–": "-",
    "‘": "'",
    "’": "'",
    "“": '"',
    "”": '"',
    "…": "...",
    "→": "->",
    "·": "-",
}


@lru_cache(maxsize=1)
def _latin1() -> frozenset[int]:
    return frozenset(set(range(0x20, 0x7F)) | set(range(0xA0, 0x100)))


def safe_text(value: str, drawable: frozenset[int] | set[int]) -> str:
    """Text the PDF font can draw: undrawable characters named, invisible ones removed."""
    out = []
    for char in str(value or ""):
        code = ord(char)
        if char in "\n":
            out.append(char)
        elif char == "\t":
            out.append("    ")
        elif unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn") or (
            0xFE00 <= code <= 0xFE0F
        ):
            continue
        elif code in drawable:
            out.append(char)
        elif char in PLAIN_STAND_INS:
            out.append(PLAIN_STAND_INS[char])
        else:
            name = unicodedata.name(char, "")
            out.append(f"[U+{code:04X}{' ' + name if name else ''}]")
    return "".join(out)


class CaseFilePDF(FPDF):
    def __init__(self, case_file: CaseFile):
        super().__init__(format="A4")
        self.case_file = case_file
        files = _font_files()
        if files:
            self.add_font(FONT_FAMILY, "", str(files[0]))
            self.add_font(FONT_FAMILY, "B", str(files[1]))
            self.family = FONT_FAMILY
            self.drawable = frozenset(self.fonts[FONT_FAMILY.lower()].cmap)
        else:
            self.family = "Helvetica"
            self.drawable = _latin1()
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(18, 18, 18)

    def t(self, value) -> str:
        return safe_text(value, self.drawable)

    def header(self):
        self.set_font(self.family, "B", 8)
        self.set_text_color(120, 0, 0)
        marker = " — ANONYMISED" if self.case_file.anonymised else ""
        self.cell(
            0,
            5,
            self.t(f"CONFIDENTIAL: safeguarding record {self.case_file.case.reference}{marker}"),
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        self.set_text_color(0, 0, 0)
        self.ln(2)

    def footer(self):
        self.set_y(-12)
        self.set_font(self.family, "", 8)
        self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="C")

    def heading(self, text: str):
        self.ln(3)
        self.set_font(self.family, "B", 12)
        self.multi_cell(0, 7, self.t(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(self.family, "", 10)

    def pair(self, name: str, value: str):
        self.set_font(self.family, "B", 10)
        self.multi_cell(0, LINE, self.t(name), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(self.family, "", 10)
        self.multi_cell(0, LINE, self.t(value) or "—", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def rows(self, headings: list[str], rows: list[list[str]], widths: tuple[int, ...]):
        self.set_font(self.family, "", 9)
        with self.table(col_widths=widths, text_align="LEFT", line_height=LINE) as table:
            heading_row = table.row()
            for value in headings:
                heading_row.cell(self.t(value))
            for values in rows:
                row = table.row()
                for value in values:
                    row.cell(self.t(value) or "—")
        self.set_font(self.family, "", 10)


def _size(count: int) -> str:
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):.1f} MB"
    return f"{max(1, round(count / 1024))} KB"


def _picture(pdf: FPDF, picture: bytes, description: str) -> None:
    """One evidence picture at the page's width (or less), starting a page when it must."""
    from PIL import Image

    with Image.open(BytesIO(picture)) as image:
        width_px, height_px = image.size
    width = min(pdf.epw, width_px * 0.26)  # about 96 dpi at most: never blown up
    height = width * height_px / width_px
    limit = pdf.eph - 10
    if height > limit:
        width, height = width * limit / height, limit
    if pdf.get_y() + height > pdf.page_break_trigger:
        pdf.add_page()
    pdf.image(BytesIO(picture), w=width, h=height, alt_text=description)
    pdf.ln(2)


def _when(value) -> str:
    return when(value)


def case_file_pdf(case_file: CaseFile) -> bytes:
    pdf = CaseFilePDF(case_file)
    reference = case_file.case.reference
    pdf.set_title(f"Case file {reference}")
    pdf.set_lang("en-GB")
    pdf.set_creator("Upstander")
    pdf.set_creation_date(case_file.generated_at)
    pdf.add_page()

    pdf.set_font(pdf.family, "B", 16)
    title = f"Case file {reference}" + (" (anonymised)" if case_file.anonymised else "")
    pdf.multi_cell(0, 9, pdf.t(title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(pdf.family, "", 9)
    pdf.multi_cell(
        0,
        LINE,
        pdf.t(f"Prepared {_when(case_file.generated_at)} by {case_file.generated_by}."),
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )

    pdf.heading("Summary")
    pdf.rows(["Field", "Value"], [[name, value] for name, value in case_file.facts], (45, 129))

    pdf.heading("The report, as submitted")
    if case_file.report:
        for name, value in case_file.report:
            pdf.pair(name, value)
    else:
        pdf.multi_cell(
            0,
            LINE,
            "No written report (case logged by staff).",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )

    pdf.heading("People involved")
    if case_file.people:
        pdf.rows(
            ["Role", "Name", "Year", "Verified"],
            [
                [
                    person.role,
                    person.name,
                    "" if person.year_group is None else str(person.year_group),
                    f"verified by {person.verified_by}" if person.verified else "UNVERIFIED",
                ]
                for person in case_file.people
            ],
            (34, 70, 20, 50),
        )
    else:
        pdf.multi_cell(0, LINE, "None recorded.", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    pdf.heading("Risk, status and legal-hold history")
    if case_file.history:
        pdf.rows(
            ["When", "What", "From", "To", "By", "Reason"],
            [
                [_when(change.when), change.what, change.old, change.new, change.by, change.reason]
                for change in case_file.history
            ],
            (27, 20, 24, 24, 30, 49),
        )
    else:
        pdf.multi_cell(0, LINE, "No changes recorded.", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    pdf.heading("Chronology")
    for entry in case_file.chronology:
        pdf.set_font(pdf.family, "B", 10)
        shared = " (shared with the reporter)" if entry.shared_with_reporter else ""
        pdf.multi_cell(
            0,
            LINE,
            pdf.t(f"{_when(entry.when)} · {entry.kind_label} · {entry.by}{shared}"),
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        pdf.set_font(pdf.family, "", 10)
        for name, value in entry.details:
            pdf.multi_cell(0, LINE, pdf.t(f"{name}: {value}"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if entry.body:
            pdf.multi_cell(0, LINE, pdf.t(entry.body), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(2)

    pdf.heading("Evidence")
    if case_file.evidence:
        for item in case_file.evidence:
            cleaned = "no"
            if item.cleaned:
                cleaned = "yes" + (
                    f" (removed {', '.join(item.removed_metadata)})"
                    if item.removed_metadata
                    else ""
                )
            pdf.pair(
                f"Evidence {item.number}: {item.original_name or item.kind_label}",
                "\n".join(
                    [
                        f"{item.kind_label}, {_size(item.plaintext_bytes)}",
                        f"Added: {_when(item.added_at)}",
                        f"SHA-256 (file): {item.plaintext_sha256 or 'file unavailable'}",
                        f"SHA-256 (stored): {item.stored_sha256}",
                        f"Cleaned of metadata: {cleaned}",
                    ]
                ),
            )
            for number, picture in enumerate(item.previews, start=1):
                _picture(pdf, picture, f"Evidence {item.number}, picture {number}")
            if item.preview_note:
                pdf.multi_cell(
                    0, LINE, pdf.t(item.preview_note), new_x=XPos.LMARGIN, new_y=YPos.NEXT
                )
            pdf.ln(1)
    else:
        pdf.multi_cell(0, LINE, "No evidence files.", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    pdf.heading("Notes")
    for note in case_file.notes:
        pdf.multi_cell(0, LINE, pdf.t(note), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())


class GovernorsPDF(CaseFilePDF):
    """The same fonts and page furniture as the case file, with the report's own header."""

    def __init__(self, report):
        self.report = report
        super().__init__(case_file=None)

    def header(self):
        self.set_font(self.family, "B", 8)
        self.cell(
            0,
            5,
            self.t("Termly safeguarding report for governors: figures only"),
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        self.ln(2)


def governors_report_pdf(report) -> bytes:
    pdf = GovernorsPDF(report)
    pdf.set_title("Termly safeguarding report for governors")
    pdf.set_lang("en-GB")
    pdf.set_creator("Upstander")
    pdf.add_page()
    pdf.set_font(pdf.family, "B", 16)
    pdf.multi_cell(0, 9, pdf.t(", ".join(report.school_names)), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(pdf.family, "", 10)
    pdf.multi_cell(
        0,
        LINE,
        pdf.t(
            f"Cases reported from {report.start:%d %B %Y} to {report.end:%d %B %Y}: "
            f"{report.total_shown()}. No names, no references and nothing a pupil wrote. "
            f"Any figure about fewer than {report.minimum} cases is shown as "
            f'"fewer than {report.minimum}", with enough others hidden that it cannot be '
            "worked out."
        ),
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    for section in report.sections:
        pdf.heading(section.title)
        if section.rows:
            pdf.rows(
                ["Group", "Cases"],
                [[row.label, row.shown(report.minimum)] for row in section.rows],
                (130, 44),
            )
        else:
            pdf.multi_cell(0, LINE, "None in this period.", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if section.note:
            pdf.multi_cell(0, LINE, pdf.t(section.note), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.heading("Time from report to first triage")
    pdf.rows(
        ["Cases", "Triaged", "Median", "9 in 10 within"],
        [
            [
                row.group,
                f"fewer than {report.minimum}" if row.triaged is None else str(row.triaged),
                row.median,
                row.p90,
            ]
            for row in report.triage
        ],
        (50, 40, 42, 42),
    )
    return bytes(pdf.output())
