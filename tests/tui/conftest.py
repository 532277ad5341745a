"""Every TUI test runs with its own EXOTERM_HOME, the session's content cache and Tokyo time."""

from __future__ import annotations

from tui_helpers import content_cache, exo_home

__all__ = ["content_cache", "exo_home"]
