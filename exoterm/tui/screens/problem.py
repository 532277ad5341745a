"""Shown instead of a traceback when the content does not load: what and where.

Each problem is one `path:line:col: message` line, exactly as `exoterm validate`
prints it. Only quitting makes sense from here (the content is needed everywhere).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from exoterm.core.texts import tr
from exoterm.tui.bindings import bind, localize

if TYPE_CHECKING:
    from exoterm.tui.app import ExotermApp

MAX_LINES = 200


class ProblemScreen(Screen[None]):
    """A full-screen report of why exoterm cannot start normally."""

    BINDINGS = [bind("q,escape", "app.quit", "nav.quit"),
                bind("ctrl+l", "app.toggle_language", "nav.language")]

    def __init__(self, kind: str, lines: list[str]) -> None:
        super().__init__()
        self.kind = kind
        self.lines = lines

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="problem-box"):
            yield Static("", id="problem-text", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.watch(self.app, "lang", self._render_text, init=True)

    def _render_text(self) -> None:
        lang = cast("ExotermApp", self.app).lang
        localize(self, lang)
        title = tr("load.content_failed", lang)
        parts: list[Content] = [Content.styled("✗ " + title, "bold $error"), Content("")]
        for line in self.lines[:MAX_LINES]:
            where, sep, message = line.partition(": ")
            parts.append(Content.assemble((where + sep, "bold"), message) if sep else Content(line))
        if len(self.lines) > MAX_LINES:
            parts.append(Content(tr("load.more", lang, n=len(self.lines) - MAX_LINES)))
        parts += [Content(""), Content.styled(tr("load.fix_content", lang), "$text-muted")]
        self.query_one("#problem-text", Static).update(Content("\n").join(parts))
        self.refresh_bindings()
