"""An acknowledged answer survives a power cut: every commit is fsynced (synchronous=FULL)
unless the learner chose the documented `durability normal` setting."""

from __future__ import annotations

from pathlib import Path

import pytest

from exoterm.cli import main
from exoterm.core.store import Store
from exoterm.errors import ExotermError

FULL, NORMAL = 2, 1


def synchronous(store: Store) -> int:
    return int(store.conn.execute("PRAGMA synchronous").fetchone()[0])


def test_answers_are_fsynced_by_default(tmp_path: Path) -> None:
    with Store.open(tmp_path / "p.sqlite3", daily_backup=False) as store:
        assert store.settings.durability == "full"
        assert synchronous(store) == FULL


def test_normal_is_a_setting_kept_across_opens(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite3"
    with Store.open(path, daily_backup=False) as store:
        store.save_settings(store.settings.with_value("durability", "normal"))
        assert synchronous(store) == NORMAL
    with Store.open(path, daily_backup=False) as store:
        assert synchronous(store) == NORMAL
        store.save_settings(store.settings.with_value("durability", "full"))
        assert synchronous(store) == FULL


def test_unknown_durability_is_refused(tmp_path: Path) -> None:
    with Store.open(tmp_path / "p.sqlite3", daily_backup=False) as store:
        with pytest.raises(ExotermError, match="durability must be one of full, normal"):
            store.settings.with_value("durability", "off")


def test_srs_set_durability(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                            capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("EXOTERM_HOME", str(tmp_path))
    assert main(["srs", "set", "durability", "normal"]) == 0
    assert "durability = normal" in capsys.readouterr().out
