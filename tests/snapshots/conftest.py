"""Snapshots run like the TUI tests: own EXOTERM_HOME, shared content cache, Tokyo time, no NO_COLOR."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tui"))

from tui_helpers import content_cache, exo_home  # noqa: E402

__all__ = ["content_cache", "exo_home"]
