"""Snapshots run like the TUI tests: own EXOTERM_HOME, Tokyo time, no NO_COLOR."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tui"))

from tui_helpers import exo_home  # noqa: E402

__all__ = ["exo_home"]
