"""Every TUI test runs with its own EXOTERM_HOME, no shared cache and Tokyo time."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def exo_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("EXOTERM_HOME", str(home))
    monkeypatch.delenv("EXOTERM_CACHE", raising=False)
    monkeypatch.delenv("EXOTERM_CONTENT", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    return home
