"""The WCAG contrast maths, and every stylesheet's colours checked against it in every theme and reading mode."""

import re
import subprocess
import tomllib
from pathlib import Path

import pytest

from themes.contrast import (
    contrast_ratio,
    format_ratio,
    nearest_passing_shade,
    passes_aa,
    relative_luminance,
)
from themes.registry import all_themes


@pytest.mark.parametrize(
    ("colour", "luminance"),
    [
        ("#000000", 0.0),
        ("#ffffff", 1.0),
        ("#ff0000", 0.2126),
        ("#00ff00", 0.7152),
        ("#0000ff", 0.0722),
    ],
)
def test_relative_luminance_uses_the_wcag_channel_weights(colour, luminance):
    assert relative_luminance(colour) == pytest.approx(luminance)


@pytest.mark.parametrize(
    ("text", "background", "ratio"),
    [
        ("#000000", "#ffffff", 21.0),
        ("#ffffff", "#ffffff", 1.0),
        ("#777777", "#ffffff", 4.478),  # the classic "just fails" grey
        ("#767676", "#ffffff", 4.542),  # the lightest grey that passes on white
        ("#0000ff", "#ffffff", 8.592),
        ("#ff0000", "#ffffff", 3.998),
        ("#ffffff", "#808080", 3.949),
    ],
)
def test_contrast_ratio_matches_known_values(text, background, ratio):
    assert contrast_ratio(text, background) == pytest.approx(ratio, abs=0.001)
    assert contrast_ratio(background, text) == pytest.approx(ratio, abs=0.001)


def test_the_aa_threshold_is_4_5_to_1_for_text():
    assert not passes_aa("#777777", "#ffffff")
    assert passes_aa("#767676", "#ffffff")


def test_ratios_are_shown_rounded_down_so_a_shown_pass_is_a_real_pass():
    assert format_ratio(contrast_ratio("#777777", "#ffffff")) == "4.47:1"
    assert format_ratio(4.4999) == "4.49:1"
    assert format_ratio(21.0) == "21.00:1"


def test_the_nearest_passing_shade_of_a_failing_grey_is_one_step_darker():
    suggestion = nearest_passing_shade("#777777", "#ffffff")
    assert suggestion.colour == "#767676"
    assert suggestion.ratio >= 4.5


@pytest.mark.parametrize(
    ("colour", "against"),
    [
        ("#ffcc00", "#ffffff"),
        ("#66aaff", "#ffffff"),
        ("#444444", "#222222"),
        ("#ff6699", "#ff0066"),
    ],
)
def test_suggestions_pass_and_keep_the_hue(colour, against):
    import colorsys

    suggestion = nearest_passing_shade(colour, against)
    assert suggestion is not None
    assert contrast_ratio(suggestion.colour, against) >= 4.5
    original_hue = colorsys.rgb_to_hls(*(int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)))[0]
    new_hue = colorsys.rgb_to_hls(
        *(int(suggestion.colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    )[0]
    assert new_hue == pytest.approx(original_hue, abs=0.02)


def test_malformed_colours_are_refused():
    with pytest.raises(ValueError):
        contrast_ratio("red", "#ffffff")
    with pytest.raises(ValueError):
        contrast_ratio("#fff", "#ffffff")


# --- Every stylesheet takes its colours from the theme's tokens --------------------------
#
# The shared stylesheet's token blocks and each theme's theme.css are the only places a
# colour is written; every other rule says var(--colour-…). Each pair of tokens drawn one
# on the other (themes/token_pairs.toml) is checked in every theme and reading mode.


REPO = Path(__file__).resolve().parents[2]
SHARED_STYLESHEET = REPO / "themes/static/upstander/css/base.css"
TOKEN_FILES = {
    SHARED_STYLESHEET,
    *(theme.static_dir / "theme.css" for theme in all_themes().values()),
}
# A fixed-size file the benchmark downloads; no page links it.
NOT_SERVED_TO_PAGES = {REPO / "bench/static/bench/ceiling.css"}
PAIRS = tomllib.loads((REPO / "themes/token_pairs.toml").read_text(encoding="utf-8"))

# The reading options, by the attribute preferences.js (or the server) sets on <html>.
MODES = {
    "default": (),
    "high contrast": ("data-contrast",),
    "bigger text": ("data-text-size",),
    "dyslexia font": ("data-font",),
    "all together": ("data-contrast", "data-text-size", "data-font"),
}

# CSS Color Module Level 4's named colours (system colours such as ButtonText are the
# reader's own and allowed, as are transparent and currentColor).
NAMED_COLOURS = set(
    (Path(__file__).parent / "css_named_colours.txt").read_text(encoding="utf-8").split()
)
LITERAL_COLOUR = re.compile(
    r"#[0-9a-f]{3,8}\b|\b(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch|color)\(|\b("
    + "|".join(sorted(NAMED_COLOURS))
    + r")\b",
    re.IGNORECASE,
)


def project_stylesheets():
    listed = subprocess.run(
        ["git", "ls-files", "*.css"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.split()
    return [REPO / name for name in listed if REPO / name not in NOT_SERVED_TO_PAGES]


def css_rules(text):
    """(enclosing at-rules, selector, [(property, value)]) for every rule in a stylesheet."""
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.DOTALL)
    rules, stack, start = [], [], 0
    for match in re.finditer(r"[{}]", text):
        chunk = text[start : match.start()]
        if match.group() == "{":
            stack.append(chunk.split(";")[-1].strip())
        else:
            selector = stack.pop()
            declarations = []
            for line in chunk.split(";"):
                name, colon, value = line.partition(":")
                if colon and not name.strip().startswith("@"):
                    declarations.append((name.strip(), value.strip()))
            if declarations:
                rules.append((tuple(stack), selector, declarations))
        start = match.end()
    return rules


def value_colours(value):
    """Literal colours in a declaration's value, ignoring names inside var(), url() and quotes."""
    value = re.sub(r"var\(--[\w-]+|url\([^)]*\)|\"[^\"]*\"|'[^']*'", "", value)
    return [m.group() for m in LITERAL_COLOUR.finditer(value)]


def literal_colours_outside_tokens(path):
    found = []
    for _at_rules, selector, declarations in css_rules(path.read_text(encoding="utf-8")):
        for name, value in declarations:
            colours = value_colours(value)
            if colours and not (path in TOKEN_FILES and name.startswith("--")):
                found.append(f"{path.name}: {selector} {{ {name}: {value} }}")
    return found


def test_every_project_stylesheet_is_checked():
    checked = {path.relative_to(REPO).as_posix() for path in project_stylesheets()}
    assert {
        "reporting/static/reporting/report.css",
        "content/static/content/css/content.css",
        "themes/static/upstander/css/base.css",
        "themes/catalogue/primary/static/theme.css",
    } <= checked


def test_the_checker_finds_literal_colours_of_every_kind(tmp_path):
    sample = tmp_path / "sample.css"
    sample.write_text(
        ".a { color: #b3261e; }\n.b { background: rgb(0 0 0 / 0.5); }\n"
        ".c { border: 1px solid white; }\n.d { box-shadow: 0 1px 0 hsl(0 0% 50%); }\n"
        '.ok { color: var(--colour-white-ish); font-family: "Red Hat"; outline-color: ButtonText; }\n'
        "@media print { .e { color: black; } }\n",
        encoding="utf-8",
    )
    found = literal_colours_outside_tokens(sample)
    assert [line.split(": ", 1)[1].split(" {")[0] for line in found] == [
        ".a",
        ".b",
        ".c",
        ".d",
        ".e",
    ]


@pytest.mark.parametrize(
    "path", project_stylesheets(), ids=lambda p: p.relative_to(REPO).as_posix()
)
def test_stylesheets_take_every_colour_from_the_theme_tokens(path):
    assert literal_colours_outside_tokens(path) == []


def token_values(path, *, mode_attributes=None):
    """Custom properties one token file sets: on :root, or (given mode_attributes) in
    the blocks of those reading modes. Print and other media queries are left out:
    readers do not switch them on."""
    values = {}
    for at_rules, selector, declarations in css_rules(path.read_text(encoding="utf-8")):
        if at_rules:
            continue
        selectors = [s.strip() for s in selector.split(",")]
        if mode_attributes is None:
            applies = ":root" in selectors
        else:
            applies = any(attribute in s for s in selectors for attribute in mode_attributes)
        if applies:
            values.update((name, value) for name, value in declarations if name.startswith("--"))
    return values


def palette(theme, mode):
    """Every token's value on a page of this theme in this reading mode. High contrast
    wins over the theme (its selectors are more specific than the theme's :root)."""
    attributes = MODES[mode]
    tokens = token_values(SHARED_STYLESHEET)
    tokens.update(token_values(theme.static_dir / "theme.css"))
    tokens.update(token_values(SHARED_STYLESHEET, mode_attributes=attributes))
    tokens.update(token_values(theme.static_dir / "theme.css", mode_attributes=attributes))
    return tokens


PALETTES = [(theme, mode) for theme in all_themes().values() for mode in MODES]


def test_high_contrast_changes_the_palette_and_the_other_modes_keep_it():
    secondary = all_themes()["secondary"]
    assert palette(secondary, "high contrast")["--colour-background"] == "#000000"
    assert palette(secondary, "bigger text") == palette(secondary, "default")


@pytest.mark.parametrize(("theme", "mode"), PALETTES, ids=lambda v: str(v))
def test_every_token_pair_passes_in_every_theme_and_mode(theme, mode):
    tokens = palette(theme, mode)
    failures = []
    for pair in PAIRS["pair"]:
        foregrounds = pair["foreground"]
        foregrounds = [foregrounds] if isinstance(foregrounds, str) else foregrounds
        for background in pair["backgrounds"]:
            best = max(contrast_ratio(tokens[f], tokens[background]) for f in foregrounds)
            if best < pair["minimum"]:
                failures.append(
                    f"{pair['used_for']}: {'/'.join(foregrounds)} on {background} is "
                    f"{format_ratio(best)}, needs {pair['minimum']}:1"
                )
    assert failures == []


def test_every_colour_token_is_in_a_checked_pair_or_declared_decorative():
    tokens = palette(all_themes()["secondary"], "default")
    colour_tokens = {name for name in tokens if name.startswith(("--colour-", "--brand-"))}
    paired = set(PAIRS["decorative"])
    for pair in PAIRS["pair"]:
        foreground = pair["foreground"]
        paired.update([foreground] if isinstance(foreground, str) else foreground)
        paired.update(pair["backgrounds"])
    assert colour_tokens - paired == set()


@pytest.mark.parametrize(
    "path", project_stylesheets(), ids=lambda p: p.relative_to(REPO).as_posix()
)
def test_every_colour_token_a_stylesheet_uses_is_defined(path):
    defined = set(palette(all_themes()["secondary"], "all together"))
    used = set(re.findall(r"var\((--(?:colour|brand)-[\w-]+)", path.read_text(encoding="utf-8")))
    assert used - defined == set()
