"""`exoterm review --weak / --bookmarked` and `exoterm bookmarks`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from quiz_fixtures import QUIZ_DECK, T0

from exoterm.cli import main
from exoterm.core.srs.clock import FixedClock
from exoterm.core.srs.scheduler import Rating
from exoterm.core.store import Store
from exoterm.core.store.bookmarks import set_bookmark


def exoterm(home: Path, *args: str, stdin: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "EXOTERM_HOME": str(home), "EXOTERM_CONTENT": str(QUIZ_DECK),
           "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "exoterm", *args], input=stdin, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)


def test_review_weak_asks_only_the_weak_list(tmp_path: Path) -> None:
    home = tmp_path / "home"
    empty = exoterm(home, "--lang", "en", "review", "--plain", "--weak", stdin="")
    assert empty.returncode == 0 and "No weak questions." in empty.stdout
    with Store.open(home / "progress.sqlite3", clock=FixedClock(T0), daily_backup=False) as s:
        s.answer("item:size-single", Rating.Again, correct=False, response="a")
    run = exoterm(home, "--lang", "en", "review", "--plain", "--weak", "--cram", stdin="q\n")
    assert run.returncode == 0, run.stderr
    assert "Which is closest to the size of an exosome?" in run.stdout
    assert "[1/1]" in run.stdout and "[1/2]" not in run.stdout


def test_bookmarks_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("EXOTERM_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("EXOTERM_CONTENT", str(QUIZ_DECK))
    assert main(["--lang", "en", "bookmarks"]) == 0
    assert "No bookmarks" in capsys.readouterr().out
    assert main(["--lang", "en", "bookmarks", "add", "item:size-single"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("item:size-single\tWhich is closest")
    assert main(["bookmarks", "add", "item:nope"]) != 0
    assert "item:nope" in capsys.readouterr().err
    assert main(["bookmarks", "remove", "item:size-single"]) == 0
    assert "item:size-single" not in capsys.readouterr().out


def test_a_bookmark_that_is_no_card_id_is_listed_not_fatal(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """`progress import` takes any bookmark id without control characters; `nonsense` (no
    `term:`/`item:` shape) made `exoterm bookmarks` die with a ValueError traceback."""
    monkeypatch.setenv("EXOTERM_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("EXOTERM_CONTENT", str(QUIZ_DECK))
    assert main(["--lang", "en", "bookmarks", "add", "item:size-single"]) == 0
    with Store.open(tmp_path / "home" / "progress.sqlite3", daily_backup=False) as store:
        set_bookmark(store, "nonsense", True)
    capsys.readouterr()
    assert main(["--lang", "en", "bookmarks"]) == 0
    assert "nonsense\t—" in capsys.readouterr().out
    assert main(["--lang", "en", "bookmarks", "--json"]) == 0
    assert '"card_id": "nonsense"' in capsys.readouterr().out
