"""Snapshots run like the TUI tests: own EXOTERM_HOME, Tokyo time, no NO_COLOR."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tui"))


@pytest.fixture(autouse=True)
def exo_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("EXOTERM_HOME", str(home))
    monkeypatch.delenv("EXOTERM_CACHE", raising=False)
    monkeypatch.delenv("EXOTERM_CONTENT", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    return home
