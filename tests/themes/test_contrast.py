"""The WCAG contrast maths, against values published with WCAG and by common checkers."""

import pytest

from themes.contrast import (
    contrast_ratio,
    format_ratio,
    nearest_passing_shade,
    passes_aa,
    relative_luminance,
)


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
