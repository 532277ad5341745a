"""The progress commands end with one clear line on bad input, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from srs_fixtures import deck

from exoterm.cli import main
from exoterm.core.srs.cards import list_cards
from exoterm.core.srs.scheduler import Rating
from exoterm.core.store import Store


@pytest.fixture()
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("EXOTERM_HOME", str(tmp_path))
    with Store.open(tmp_path / "progress.sqlite3") as store:
        store.sync_catalog(list_cards(deck(n_terms=5), store.settings.directions))
        for card in store.queue().new:
            store.answer(card, Rating.Good)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_stats_json(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "stats", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["reviews_30d"] == 8 and len(data["due_by_day"]) == 30
    # The shipped content does not have the test deck's cards: they count as missing then.
    states = data["cards_by_state"]
    assert states.get("learning", 0) == 8 or states.get("missing", 0) >= 8
    code, out, _err = run(capsys, "--lang", "en", "stats")
    assert code == 0 and "true retention" in out


def test_stats_and_backup_speak_the_chosen_language(home: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """`--lang ja` (and the saved preference, Japanese by default) reach every line."""
    from exoterm.core.texts import STRINGS

    english = [en.split("{")[0] for key, (_ja, en) in STRINGS.items()
               if key.startswith("cli.") and len(en.split("{")[0]) > 4]
    for argv in (("--lang", "ja", "stats"), ("stats",), ("--lang", "ja", "backup"),
                 ("--lang", "ja", "backup", "--list"), ("--lang", "ja", "restore", "--latest")):
        code, out, _err = run(capsys, *argv)
        assert code == 0, argv
        assert not [e for e in english if e in out], (argv, out)
    code, out, _ = run(capsys, "--lang", "ja", "stats")
    assert "実際の記憶率" in out and "連続日数" in out
    assert "バックアップしました" in run(capsys, "--lang", "ja", "backup")[1]
    code, _, err = run(capsys, "--lang", "ja", "restore", str(home / "nope.sqlite3"))
    assert code == 2 and "ファイルがありません" in err


def test_backup_list_and_restore(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--lang", "en", "backup")
    assert code == 0 and "backed up to" in out
    code, out, _ = run(capsys, "--lang", "en", "backup", "--list")
    assert code == 0 and out.count(".sqlite3") >= 1
    code, out, _ = run(capsys, "--lang", "en", "restore", "--latest")
    assert code == 0 and "restored" in out and "backed up to" in out
    code, _, err = run(capsys, "--lang", "en", "restore", str(home / "nope.sqlite3"))
    assert code == 2 and err.count("\n") == 1 and "no such file" in err


def test_progress_export_import(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = home / "progress.jsonl"
    assert run(capsys, "progress", "export", "-o", str(target))[0] == 0
    assert target.read_text().count("\n") > 10
    code, out, _ = run(capsys, "--lang", "en", "progress", "import", str(target))
    assert code == 0 and "0 reviews added" in out
    code, out, _ = run(capsys, "--lang", "ja", "progress", "import", str(target))
    assert code == 0 and "回答追加 0" in out and "reviews added" not in out
    bad = home / "bad.jsonl"
    bad.write_text('{"format": "exoterm-progress", "schema": 1}\n{"type": "card"}\n')
    code, _, err = run(capsys, "progress", "import", str(bad))
    assert code == 2 and "bad.jsonl:2: id: missing" in err and err.count("\n") == 1


def test_srs_settings(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "srs", "set", "learning_steps", "1m", "10m", "1h")
    assert code == 0 and "learning_steps = [1, 10, 60]" in out
    code, _, err = run(capsys, "--lang", "en", "srs", "set", "desired_retention", "1.5")
    assert code == 2 and "desired_retention must be a number from 0.7 to 0.97" in err
    assert run(capsys, "srs", "changed")[0] == 0
    code, _, err = run(capsys, "--lang", "en", "srs", "reset", "term:nope:ja>en")
    assert code == 2 and "no card" in err


def test_optimize_falls_back_with_few_reviews(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--lang", "en", "optimize")
    assert code == 0 and "only 8 reviews" in out and "kept" in out


def test_unreadable_database_message(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "backup")[0] == 0
    (home / "progress.sqlite3").write_bytes(b"garbage" * 1000)
    for suffix in ("-wal", "-shm"):
        (home / f"progress.sqlite3{suffix}").unlink(missing_ok=True)
    code, _, err = run(capsys, "stats")
    assert code == 2 and "was moved to" in err and "exoterm restore" in err
    assert err.count("\n") == 1
    assert run(capsys, "restore", "--latest")[0] == 0
    assert run(capsys, "stats", "--json")[0] == 0
