"""The certificate's PDF layout (fpdf2), kept apart so only making a certificate imports fpdf."""

from pathlib import Path

from fpdf import FPDF


class CertificatePDF(FPDF):
    def __init__(self, font_dir: str | None):
        super().__init__(orientation="landscape", unit="mm", format="A4")
        self.set_auto_page_break(auto=True, margin=14)
        self.set_margins(22, 18, 22)
        self.family = "Helvetica"
        self.unicode = False
        directory = Path(font_dir) if font_dir else None
        regular = directory / "DejaVuSans.ttf" if directory else None
        bold = directory / "DejaVuSans-Bold.ttf" if directory else None
        if regular and bold and regular.is_file() and bold.is_file():
            # A Unicode font, so names such as "Łucja" or "Nguyễn" print as written.
            self.add_font("Cert", "", str(regular))
            self.add_font("Cert", "B", str(bold))
            self.family = "Cert"
            self.unicode = True

    def text_for(self, text: str) -> str:
        if self.unicode:
            return text
        # The built-in fonts know Latin-1 only.
        return text.encode("latin-1", "replace").decode("latin-1")

    def font(self, size: float, bold: bool = False):
        self.set_font(self.family, "B" if bold else "", size)

    def centred(self, text: str, size: float, *, bold: bool = False, height: float | None = None):
        self.font(size, bold)
        self.multi_cell(
            0, height or size * 0.5, self.text_for(text), align="C", new_x="LMARGIN", new_y="NEXT"
        )

    def para(self, text: str, size: float = 10.5, *, bold: bool = False):
        self.font(size, bold)
        self.multi_cell(0, size * 0.48, self.text_for(text), new_x="LMARGIN", new_y="NEXT")

    def border(self):
        self.set_draw_color(29, 79, 145)
        self.set_line_width(1.2)
        self.rect(8, 8, self.w - 16, self.h - 16)
        self.set_line_width(0.3)
        self.rect(10.5, 10.5, self.w - 21, self.h - 21)
