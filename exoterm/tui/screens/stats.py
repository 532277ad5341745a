"""Stats: forecast, reviews per day, retention, mastery per category."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Footer, Header, Static

from exoterm.tui.screens.base import ExoScreen


class StatsScreen(ExoScreen):
    """Charts of the learner's progress."""

    TITLE_KEY = "nav.stats"

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        yield Static("", id="stats-message", markup=False)
        yield Footer(compact=True)

    def refresh_language(self) -> None:
        self.query_one("#stats-message", Static).update(
            Content.styled(self.t("stats.none"), "italic"))
