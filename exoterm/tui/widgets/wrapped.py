"""Text wrapped by exoterm's own line breaker (phrases, kinsoku, unbreakable ids and
numbers with units) at the widget's width, re-wrapped on every resize.

Textual's own wrapping breaks Japanese between any two characters and Latin ids at
hyphens; `Wrapped` hands it lines that already fit, built as `Content` slices (never
markup), so Textual has nothing left to break. A paragraph may have a hanging indent: a
first-line prefix (`❯ 1. `) and the continuation lines indented to line up after it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual.content import Content
from textual.widget import Widget

from exoterm.core.linebreak import break_lines, cell_len


@dataclass(frozen=True, slots=True)
class Para:
    """A block of text; `first` starts its first line, `indent` cells start the others
    (None: as wide as `first`, a hanging indent); `nowrap`: one line, cut with "…"."""

    content: Content
    first: Content = Content("")
    indent: int | None = None
    nowrap: bool = False


def wrap_content(content: Content | str, width: int, first: Content | str = "",
                 indent: int | None = None) -> list[Content]:
    """`content` as lines of at most `width` cells (see exoterm.core.linebreak)."""
    content = Content(content) if isinstance(content, str) else content
    first = Content(first) if isinstance(first, str) else first
    lead = cell_len(first.plain)
    hang = lead if indent is None else indent
    spans = break_lines(content.plain, max(width - hang, 2), max(width - lead, 2))
    pad = Content(" " * hang)
    return [(first if n == 0 else pad) + content[s.start:s.end] for n, s in enumerate(spans)]


def wrap_paras(paras: Sequence[Para], width: int) -> list[Content]:
    lines: list[Content] = []
    for para in paras:
        if para.nowrap:
            lines.append((para.first + para.content).truncate(width, ellipsis=True))
        else:
            lines += wrap_content(para.content, width, para.first, para.indent)
    return lines


class Wrapped(Widget):
    """Shows `Para`s (or one `Content`) wrapped at the widget's content width."""

    DEFAULT_CSS = """
    Wrapped { height: auto; width: 1fr; }
    """

    def __init__(self, content: Content | str = "", *, id: str | None = None,
                 classes: str | None = None, name: str | None = None) -> None:
        super().__init__(id=id, classes=classes, name=name)
        self.paras: tuple[Para, ...] = ()
        self._wrapped: tuple[int, list[Content]] | None = None  # (width, lines) last wrapped
        self.update(content)

    def update(self, content: Content | str | Sequence[Para] = "", *,
               first: Content | str = "", indent: int | None = None) -> None:
        """Show `content`: one text (with `first` and `indent` as in `Para`) or `Para`s."""
        if isinstance(content, (str, Content)):
            text = Content(content) if isinstance(content, str) else content
            head = Content(first) if isinstance(first, str) else first
            self.paras = (Para(text, head, indent),)
        else:
            self.paras = tuple(content)
        self._wrapped = None
        self.refresh(layout=True)

    @property
    def plain(self) -> str:
        """The text shown (unwrapped), for tests and screen readers."""
        return "\n".join(p.first.plain + p.content.plain for p in self.paras)

    def _lines(self, width: int) -> list[Content]:
        """The lines at `width` (kept until the text or the width changes)."""
        if self._wrapped is not None and self._wrapped[0] == width:
            return self._wrapped[1]
        lines: list[Content] = []
        if any(p.content.plain or p.first.plain for p in self.paras):
            lines = wrap_paras(self.paras, max(width, 4))
        self._wrapped = (width, lines)
        return lines

    def render(self) -> Content:
        return Content("\n").join(self._lines(self.size.width))

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return len(self._lines(width))
