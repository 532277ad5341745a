"""Review: one card at a time from the quiz engine (filled in as the engine lands)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Footer, Header, Static

from exoterm.tui.screens.base import ExoScreen


class ReviewScreen(ExoScreen):
    """Answer due cards."""

    TITLE_KEY = "nav.review"

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        yield Static("", id="review-message", markup=False)
        yield Footer(compact=True)

    def refresh_language(self) -> None:
        self.query_one("#review-message", Static).update(
            Content.styled(self.t("review.unavailable"), "italic"))
