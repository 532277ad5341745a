"""Loading content for the app through a child process (exoterm.core.prepare)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from exoterm.cli import main as cli_main
from exoterm.core import prepare
from exoterm.core.content import ContentError, load_content
from exoterm.core.content.export import deck_to_dict

GOOD = Path(__file__).resolve().parents[1] / "data" / "good"
BAD = Path(__file__).resolve().parents[1] / "data" / "bad"


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("EXOTERM_CACHE", str(folder))
    monkeypatch.setenv("EXOTERM_HOME", str(tmp_path / "home"))
    # setenv (not delenv) so that whatever the CLI sets is undone after each test
    monkeypatch.setenv("EXOTERM_CONTENT", "")
    monkeypatch.setenv("EXOTERM_DECKS", "")
    monkeypatch.setenv("EXOTERM_ONLY_DECKS", "0")
    return folder


@pytest.fixture()
def deck_dir(tmp_path: Path) -> Path:
    target = tmp_path / "deck"
    shutil.copytree(GOOD, target)
    return target


def children(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Record every child process started through prepare."""
    started: list[list[str]] = []
    real = subprocess.run

    def spy(command: list[str], **kwargs: Any) -> subprocess.CompletedProcess[Any]:
        started.append(command)
        return real(command, **kwargs)

    monkeypatch.setattr(subprocess, "run", spy)  # the module prepare calls run on
    return started


def test_cold_start_parses_in_a_child_that_fills_both_caches(
        cache: Path, deck_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    started = children(monkeypatch)
    deck = prepare.load_prepared([deck_dir])
    assert len(started) == 1
    assert deck_to_dict(deck) == deck_to_dict(load_content([deck_dir], use_cache=False))
    names = sorted(p.name.split("-")[0] for p in cache.iterdir())
    assert names == ["content", "search"]  # the app finds the index cached too


def test_warm_start_starts_no_child(cache: Path, deck_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load_content([deck_dir])
    started = children(monkeypatch)
    deck = prepare.load_prepared([deck_dir])
    assert started == [] and deck.terms


def test_content_problems_come_back_as_the_same_content_error(
        cache: Path, deck_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (deck_dir / "glossary.yaml").write_text(
        (deck_dir / "glossary.yaml").read_text(encoding="utf-8") + "\nbroken: [\n", encoding="utf-8")
    with pytest.raises(ContentError) as direct:
        load_content([deck_dir], use_cache=False)
    started = children(monkeypatch)
    with pytest.raises(ContentError) as via_child:
        prepare.load_prepared([deck_dir])
    assert len(started) == 1
    assert [str(d) for d in via_child.value.diagnostics] == [str(d) for d in direct.value.diagnostics]
    assert str(via_child.value) == str(direct.value)


@pytest.mark.parametrize("command", [
    ["/nonexistent/python"],  # cannot start
    [sys.executable, "-c", "import sys; sys.exit(1)"],  # crashes
    [sys.executable, "-c", "import sys; sys.stdout.write('garbage')"],  # garbled reply
    [sys.executable, "-c", "import marshal, sys; sys.stdout.buffer.write(marshal.dumps(('what', 1)))"],
    [sys.executable, "-c", "import time; time.sleep(30)"],  # stuck (the timeout is lowered below)
])
def test_without_a_working_child_the_app_parses_itself(
        cache: Path, deck_dir: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]) -> None:
    monkeypatch.setattr(prepare, "_child_command", lambda: command)
    monkeypatch.setattr(prepare, "CHILD_TIMEOUT", 1.0)
    deck = prepare.load_prepared([deck_dir])
    assert deck_to_dict(deck) == deck_to_dict(load_content([deck_dir], use_cache=False))


def test_a_frozen_app_parses_itself(cache: Path, deck_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    started = children(monkeypatch)
    assert prepare.load_prepared([deck_dir]).terms
    assert started == []


def test_no_cache_means_no_files_written(cache: Path, deck_dir: Path) -> None:
    deck = prepare.load_prepared([deck_dir], use_cache=False)
    assert deck.terms and not cache.exists()


def test_shipped_content_with_a_trainer_deck_matches_an_in_process_load(
        cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "ward-3"
    assert cli_main(["init", str(folder)]) == 0
    monkeypatch.setenv("EXOTERM_DECKS", str(folder))  # as `exoterm --deck ward-3` sets it
    started = children(monkeypatch)
    deck = prepare.load_prepared()
    assert len(started) == 1
    assert any(t.id.startswith("ward-3/") for t in deck.terms)
    assert deck_to_dict(deck) == deck_to_dict(load_content(use_cache=False))


def test_an_unwritable_cache_sends_the_deck_through_the_pipe(
        tmp_path: Path, deck_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would be", encoding="utf-8")
    monkeypatch.setenv("EXOTERM_CACHE", str(blocked))
    monkeypatch.setenv("EXOTERM_HOME", str(tmp_path / "home"))
    started = children(monkeypatch)
    deck = prepare.load_prepared([deck_dir])
    assert len(started) == 1
    assert deck_to_dict(deck) == deck_to_dict(load_content([deck_dir], use_cache=False))
