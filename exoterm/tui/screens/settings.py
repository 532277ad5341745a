"""Settings: interface language, card directions, limits, retention, rollover, theme."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer, Header, Static

from exoterm.tui.screens.base import ExoScreen


class SettingsScreen(ExoScreen):
    """Change preferences."""

    TITLE_KEY = "nav.settings"

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        yield Static("", markup=False)
        yield Footer(compact=True)
