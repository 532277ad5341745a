"""Profiles and trainer deck folders that CLI tests start from (one copy for every file)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from srs_fixtures import deck

from exoterm.cli import main
from exoterm.core.srs.cards import list_cards
from exoterm.core.srs.scheduler import Rating
from exoterm.core.store import Store

ROOT = Path(__file__).resolve().parents[2]


def seeded_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, n_terms: int,
                response: str | None = None) -> Path:
    """`tmp_path/home` as EXOTERM_HOME, its database holding one Good answer for each of
    today's new cards of a generated `n_terms` deck; returns `tmp_path`."""
    monkeypatch.setenv("EXOTERM_HOME", str(tmp_path / "home"))
    with Store.open(tmp_path / "home" / "progress.sqlite3", daily_backup=False) as store:
        store.sync_catalog(list_cards(deck(n_terms=n_terms), store.settings.directions))
        for card in store.queue().new:
            if response is None:
                store.answer(card, Rating.Good)
            else:
                store.answer(card, Rating.Good, response=response, correct=True)
    return tmp_path


def starter_deck_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A trainer deck folder holding the starter deck's sources.yaml (EXOTERM_HOME set)."""
    monkeypatch.setenv("EXOTERM_HOME", str(tmp_path / "home"))
    folder = tmp_path / "deck"
    folder.mkdir()
    shutil.copy(ROOT / "exoterm" / "starter" / "sources.yaml", folder / "sources.yaml")
    return folder


def run_csv_import(folder: Path, data: bytes | str, *args: str,
                   lang: str = "ja") -> tuple[int, Path]:
    """`exoterm --lang LANG import folder/terms.csv -o folder/glossary.yaml ARGS`: (exit code,
    output)."""
    src = folder / "terms.csv"
    src.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    out = folder / "glossary.yaml"
    return main(["--lang", lang, "import", str(src), "-o", str(out), *args]), out
