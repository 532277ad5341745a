"""The glossary's result list: one line per term, drawn only where it is visible.

An OptionList rebuilds its options, forgets its render cache and measures every option
whenever the results change, which is on every keystroke. Here new results are just a
new list of ids; a term's line is rendered once per width and style and reused across
keystrokes, and only the visible rows are drawn, so typing stays within a frame however
many terms match (a 10,000-term deck lists them all on an empty query).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style
from textual.visual import Visual


class ResultList(ScrollView, can_focus=True):
    """Term ids shown as lines made by `row(term_id)`; one is highlighted."""

    DEFAULT_CSS = """
    ResultList {
        height: 1fr;
        overflow-x: hidden;
        overflow-y: auto;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        & > .result-list--highlighted {
            color: $block-cursor-blurred-foreground;
            background: $block-cursor-blurred-background;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus > .result-list--highlighted {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
            text-style: $block-cursor-text-style;
        }
        & > .result-list--hover {
            background: $block-hover-background;
        }
    }
    """
    COMPONENT_CLASSES = {"result-list--row", "result-list--highlighted", "result-list--hover"}
    BINDINGS = [
        Binding("down", "move(1)", show=False),
        Binding("up", "move(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("home", "jump(0)", show=False),
        Binding("end", "jump(-1)", show=False),
        Binding("enter", "select", show=False),
    ]

    class _RowMessage(Message):
        def __init__(self, result_list: ResultList, index: int, term_id: str) -> None:
            super().__init__()
            self.result_list, self.index, self.term_id = result_list, index, term_id

        @property
        def control(self) -> ResultList:
            return self.result_list

    class Highlighted(_RowMessage):
        """The highlight moved to `term_id` (by a key or the mouse)."""

    class Selected(_RowMessage):
        """`term_id` was chosen (Enter or a click)."""

    def __init__(self, row: Callable[[str], Content], *, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._row = row
        self.ids: list[str] = []
        self._highlighted: int | None = None
        self._hover: int | None = None
        self._lines: LRUCache[tuple[str, Style, int], Strip] = LRUCache(2048)

    # the results ----------------------------------------------------------------------
    @property
    def highlighted(self) -> int | None:
        return self._highlighted

    @property
    def highlighted_id(self) -> str | None:
        return None if self._highlighted is None else self.ids[self._highlighted]

    def set_ids(self, ids: Sequence[str], highlight: int | None = 0) -> None:
        """Show `ids` with `highlight` highlighted (no message: the caller knows)."""
        self.ids = list(ids)
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.ids))
        self._hover = None
        self.highlight(highlight, announce=False)
        self.refresh()

    def forget_lines(self) -> None:
        """Drop the rendered lines (the terms themselves changed, e.g. a reload)."""
        self._lines.clear()
        self.refresh()

    def highlight(self, index: int | None, announce: bool = True) -> None:
        """Highlight row `index` (clamped), scroll it into view, and post Highlighted
        when `announce` and it moved."""
        if not self.ids or index is None:
            self._highlighted = None
            self.refresh()
            return
        index = max(0, min(index, len(self.ids) - 1))
        moved = index != self._highlighted
        self._highlighted = index
        self.scroll_to_region(Region(0, index, 1, 1), animate=False, immediate=True)
        self.refresh()
        if announce and moved:
            self.post_message(self.Highlighted(self, index, self.ids[index]))

    # keys and mouse -------------------------------------------------------------------
    def action_move(self, step: int) -> None:
        self.highlight((self._highlighted or 0) + step if self._highlighted is not None else 0)

    def action_page(self, direction: int) -> None:
        self.action_move(direction * max(1, self.scrollable_content_region.height - 1))

    def action_jump(self, index: int) -> None:
        self.highlight(index if index >= 0 else len(self.ids) - 1)

    def action_select(self) -> None:
        if self._highlighted is not None:
            self.post_message(self.Selected(self, self._highlighted, self.ids[self._highlighted]))

    def _row_at(self, event: events.MouseEvent) -> int | None:
        offset = event.get_content_offset(self)
        if offset is None:
            return None
        index = offset.y + self.scroll_offset.y
        return index if 0 <= index < len(self.ids) else None

    def on_click(self, event: events.Click) -> None:
        index = self._row_at(event)
        if index is not None:
            self.highlight(index)
            self.action_select()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        index = self._row_at(event)
        if index != self._hover:
            self._hover = index
            self.refresh()

    def on_leave(self, event: events.Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.ids))

    # drawing --------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        if not 0 <= index < len(self.ids):
            return Strip.blank(width, self.get_visual_style("result-list--row").rich_style)
        if index == self._highlighted:
            style = self.get_visual_style("result-list--row", "result-list--highlighted")
        elif index == self._hover:
            style = self.get_visual_style("result-list--row", "result-list--hover")
        else:
            style = self.get_visual_style("result-list--row")
        key = (self.ids[index], style, width)
        line = self._lines.get(key)
        if line is None:
            strips = Visual.to_strips(self, self._row(self.ids[index]), width, 1, style)
            line = strips[0] if strips else Strip.blank(width, style.rich_style)
            line = line.extend_cell_length(width, style.rich_style).crop(0, width)
            self._lines[key] = line
        return line
