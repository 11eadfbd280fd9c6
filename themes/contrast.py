"""WCAG 2.2 colour contrast: the maths, and a nearby colour that passes.

Used by the school branding settings to refuse text/background pairs that many
pupils could not read. Definitions from WCAG 2.2, "relative luminance" and
"contrast ratio": https://www.w3.org/TR/WCAG22/#dfn-relative-luminance
"""

import colorsys
import re
from dataclasses import dataclass

# Success criterion 1.4.3 Contrast (Minimum), level AA, for normal-size text.
AA_NORMAL_TEXT = 4.5

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def parse_hex(colour: str) -> tuple[int, int, int]:
    if not HEX_COLOUR.match(colour or ""):
        raise ValueError(f"{colour!r} is not a colour written as #rrggbb")
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


def to_hex(rgb: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def _linear(channel: int) -> float:
    c = channel / 255
    # WCAG 2.2 corrected the threshold to 0.04045 (sRGB); for 8-bit values it
    # gives the same result as the 0.03928 older texts quote.
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    r, g, b = (_linear(c) for c in parse_hex(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    """From 1 (no contrast) to 21 (black on white); the order does not matter."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def passes_aa(text: str, background: str) -> bool:
    return contrast_ratio(text, background) >= AA_NORMAL_TEXT


def format_ratio(ratio: float) -> str:
    # Rounded down, so a pair shown as "4.50:1" really passes and 4.499 shows as 4.49.
    return f"{int(ratio * 100) / 100:.2f}:1"


@dataclass(frozen=True)
class Suggestion:
    colour: str
    ratio: float


def nearest_passing_shade(
    colour: str, against: str, *, minimum: float = AA_NORMAL_TEXT
) -> Suggestion | None:
    """The shade of `colour` (same hue and saturation, different lightness) closest
    to it that reaches `minimum` against `against`, or None if no shade does.

    Searches darker and lighter shades and returns whichever needs the smaller
    change, so a school's brand colour stays recognisably its own.
    """
    hue, lightness, saturation = colorsys.rgb_to_hls(*(c / 255 for c in parse_hex(colour)))
    best = None
    for direction in (-1, 1):
        # Lightness goes 0..1; 1/1000 steps are finer than 8-bit colour can show.
        for step in range(1, 1001):
            new_lightness = lightness + direction * step / 1000
            if not 0 <= new_lightness <= 1:
                break
            rgb = colorsys.hls_to_rgb(hue, new_lightness, saturation)
            candidate = to_hex(tuple(round(c * 255) for c in rgb))
            ratio = contrast_ratio(candidate, against)
            if ratio >= minimum:
                if best is None or step < best[0]:
                    best = (step, Suggestion(candidate, ratio))
                break
    return best[1] if best else None
