"""A focusable row of links (related terms): ←/→ pick one, Enter follows it, or click."""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget


class LinkRow(Widget, can_focus=True):
    """Links as `(target id, label)`; posts `LinkRow.Followed` with the target."""

    DEFAULT_CSS = """
    LinkRow { height: auto; width: 1fr; }
    """
    BINDINGS = [
        Binding("left", "move(-1)", show=False),
        Binding("right", "move(1)", show=False),
        Binding("enter,space", "follow", show=False),
    ]

    cursor: reactive[int] = reactive(0)

    class Followed(Message):
        """The user chose the link to `target`."""

        def __init__(self, target: str) -> None:
            super().__init__()
            self.target = target

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.links: list[tuple[str, str]] = []
        self._spans: list[tuple[int, int, int]] = []  # (line, start cell, end cell)

    def set_links(self, links: list[tuple[str, str]]) -> None:
        self.links = links
        self.cursor = 0
        self.display = bool(links)
        self.refresh(layout=True)

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self.links) - 1)) if self.links else 0

    def action_move(self, step: int) -> None:
        self.cursor += step

    def action_follow(self) -> None:
        if self.links:
            self.post_message(self.Followed(self.links[self.cursor][0]))

    def _layout(self, width: int) -> list[list[tuple[int, str]]]:
        """Links wrapped to `width`: lines of (index, label)."""
        lines: list[list[tuple[int, str]]] = [[]]
        used = 0
        for index, (_, label) in enumerate(self.links):
            size = cell_len(label) + 2
            if lines[-1] and used + size > width:
                lines.append([])
                used = 0
            lines[-1].append((index, label))
            used += size + 1
        return lines

    def render(self) -> Content:
        parts: list[str | tuple[str, str]] = []
        self._spans = []
        for row, line in enumerate(self._layout(max(self.size.width, 10))):
            if row:
                parts.append("\n")
            x = 0
            for index, label in line:
                chosen = index == self.cursor and self.has_focus
                style = "reverse bold" if chosen else "underline $link-color"
                text = f"›{label}‹" if chosen else f" {label} "
                parts.append((text, style))
                parts.append(" ")
                width = cell_len(text)
                self._spans.append((row, x, x + width))
                x += width + 1
        return Content.assemble(*parts)

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return len(self._layout(max(width, 10))) if self.links else 0

    def on_click(self, event: events.Click) -> None:
        for index, (row, start, end) in enumerate(self._spans):
            if event.y == row and start <= event.x < end:
                self.cursor = index
                self.action_follow()
                return

    def watch_cursor(self) -> None:
        self.refresh()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
