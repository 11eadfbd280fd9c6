"""Bar charts drawn on the server as inline SVG: no script, no third-party library, no request.

Who uses this: the insight dashboard. Each chart is only a picture of a table that
is printed beside it (the table is what screen readers and keyboard users read),
so the SVG carries a short title and is otherwise plain shapes and text.
"""

from __future__ import annotations

from dataclasses import dataclass

WIDTH = 720
LABEL_WIDTH = 300
VALUE_WIDTH = 100
BAR_AREA = WIDTH - LABEL_WIDTH - VALUE_WIDTH
ROW_HEIGHT = 30
BAR_HEIGHT = 22
FONT_SIZE = 14
PADDING = 6
# About what fits in LABEL_WIDTH at FONT_SIZE; the table beside the chart has the full label.
LABEL_MAX_CHARS = 34


@dataclass(frozen=True)
class Bar:
    label: str
    short_label: str
    value: float
    shown: str
    width: float
    y: int
    text_y: int
    value_x: float


@dataclass(frozen=True)
class BarChart:
    slug: str
    title: str
    label_heading: str
    value_heading: str
    bars: list[Bar]
    width: int
    height: int
    label_x: int
    bar_x: int
    total: float
    bar_height: int = BAR_HEIGHT
    font_size: int = FONT_SIZE

    @property
    def empty(self) -> bool:
        return not any(bar.value for bar in self.bars)


def _short(label: str) -> str:
    return label if len(label) <= LABEL_MAX_CHARS else label[: LABEL_MAX_CHARS - 1] + "…"


def bar_chart(
    *,
    slug: str,
    title: str,
    rows: list[tuple[str, float]],
    label_heading: str,
    value_heading: str = "Reports",
    shown: list[str] | None = None,
) -> BarChart:
    """A horizontal bar chart of (label, value) rows; `shown` overrides the printed values."""
    largest = max((value for _, value in rows), default=0) or 1
    bars = []
    for index, (label, value) in enumerate(rows):
        y = PADDING + index * ROW_HEIGHT
        width = round(BAR_AREA * value / largest, 1)
        bars.append(
            Bar(
                label=label,
                short_label=_short(label),
                value=value,
                shown=shown[index] if shown else f"{value:g}",
                # A zero still shows a hairline, so the row visibly has no reports.
                width=max(width, 1.0),
                y=y,
                text_y=y + BAR_HEIGHT - 6,
                value_x=LABEL_WIDTH + max(width, 1.0) + 6,
            )
        )
    return BarChart(
        slug=slug,
        title=title,
        label_heading=label_heading,
        value_heading=value_heading,
        bars=bars,
        width=WIDTH,
        height=PADDING * 2 + ROW_HEIGHT * max(len(rows), 1),
        label_x=LABEL_WIDTH - 8,
        bar_x=LABEL_WIDTH,
        total=sum(value for _, value in rows),
    )
