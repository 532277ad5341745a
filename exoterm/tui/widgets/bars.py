"""Small charts drawn with block characters: vertical bars and horizontal meters.

Plain text with styles (no plotting dependency); without colour the bar heights still
read correctly. Values are non-negative numbers.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

BLOCKS = " ▁▂▃▄▅▆▇█"


def column_cells(value: float, peak: float, height: int) -> list[str]:
    """The cells of one bar from top to bottom (eighths of a cell resolution)."""
    if peak <= 0 or value <= 0:
        return [" "] * height
    eighths = max(1, round(value / peak * height * 8))
    cells = []
    for row in range(height - 1, -1, -1):
        fill = min(8, max(0, eighths - row * 8))
        cells.append(BLOCKS[fill])
    return cells


def bar_lines(values: Sequence[float], height: int, bar_width: int = 1) -> list[str]:
    """Rows of a vertical bar chart, top row first."""
    peak = max(values, default=0)
    columns = [column_cells(v, peak, height) for v in values]
    return ["".join(col[row] * bar_width for col in columns) for row in range(height)]


def meter(fraction: float, width: int) -> str:
    """A horizontal bar `width` cells long, filled to `fraction` (eighth-cell steps)."""
    fraction = min(max(fraction, 0.0), 1.0)
    eighths = round(fraction * width * 8)
    full, rest = divmod(eighths, 8)
    partial = "▏▎▍▌▋▊▉"[rest - 1] if rest else ""
    return ("█" * full + partial).ljust(width, "·")


class BarChart(Widget):
    """Vertical bars with the peak value on the left and an axis label underneath."""

    DEFAULT_CSS = """
    BarChart { height: auto; width: 1fr; }
    """

    values: reactive[tuple[float, ...]] = reactive((), layout=True)

    def __init__(self, *, bar_height: int = 4, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.bar_height = bar_height
        self.axis: tuple[str, str] = ("", "")

    def set_data(self, values: Sequence[float], left: str = "", right: str = "") -> None:
        """Show `values`; `left` and `right` label the two ends of the axis."""
        self.axis = (left, right)
        self.values = tuple(values)
        self.refresh(layout=True)

    def render(self) -> Content:
        values = self.values
        if not values:
            return Content("")
        peak = max(values)
        label_width = len(f"{peak:g}") + 1
        width = max(1, self.size.width - label_width)
        bar_width = max(1, min(3, width // len(values)))
        rows = bar_lines(values, self.bar_height, bar_width)
        lines: list[Content] = []
        for index, row in enumerate(rows):
            label = f"{peak:g}" if index == 0 else ("0" if index == len(rows) - 1 else "")
            lines.append(Content.assemble((label.rjust(label_width - 1) + " ", "$text-muted"),
                                          (row, "$accent")))
        if any(self.axis):
            left, right = self.axis
            span = bar_width * len(values)
            gap = max(1, span - cell_len(left) - cell_len(right))
            lines.append(Content.styled(" " * label_width + left + " " * gap + right, "$text-muted"))
        return Content("\n").join(lines)

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return (self.bar_height + (1 if any(self.axis) else 0)) if self.values else 1
