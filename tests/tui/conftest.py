"""Every TUI test runs with its own EXOTERM_HOME, no shared cache and Tokyo time."""

from __future__ import annotations

from tui_helpers import exo_home

__all__ = ["exo_home"]
