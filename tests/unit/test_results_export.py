"""Answers keep what the learner chose; results export feeds `exoterm analyze`."""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

import pytest

from exoterm.cli import main
from exoterm.core.store import Store, db_path
from exoterm.core.store.schema import MIGRATIONS, SCHEMA_VERSION

NOW = datetime(2026, 11, 1, 9, 0, tzinfo=timezone.utc)


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("EXOTERM_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def test_version_1_database_is_migrated_and_keeps_its_answers(home: Path) -> None:
    path = db_path(folder=home)
    path.parent.mkdir(parents=True)
    conn = sqlite3.connect(path)
    for statement in MIGRATIONS[0]:
        conn.execute(statement)
    conn.execute("INSERT INTO cards(id) VALUES ('item:q1')")
    conn.execute("INSERT INTO revlog VALUES (1, 'item:q1', 1, 60, 0, 1.0, 5.0, 900, 0, 1)")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with Store.open(db_path(folder=home), daily_backup=False) as store, store.read() as c:
        assert c.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert c.execute("SELECT rating, response, correct FROM revlog").fetchall() == [(1, None, None)]


def test_results_export_and_analyze(home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Store.open(db_path(folder=home), daily_backup=False) as store:
        store.answer("item:q1", 3, now=NOW, response="b", correct=True, duration_ms=4000)
        store.answer("item:q2", 1, now=NOW, response="a c", correct=False)
        store.answer("term:exosome:ja>en", 3, now=NOW)  # generated term card: not a quiz item
    out = tmp_path / "me.jsonl"
    assert main(["--lang", "en", "results", "export", "--learner", "山田", "-o", str(out)]) == 0
    assert "2 answered items are not in the content loaded now" in capsys.readouterr().err
    lines = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert lines[0] == {"format": "exoterm-results", "version": 2, "learner": "山田"}
    assert [(r["item"], r["correct"], r["response"]) for r in lines[1:] if r["record"] == "answer"] == [
        ("q1", True, "b"), ("q2", False, "a c")]
    assert main(["--lang", "en", "analyze", str(out)]) == 0
    assert "1 learners, 2 answers" in capsys.readouterr().out


def test_anonymized_name_is_stable_and_hidden(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Store.open(db_path(folder=home), daily_backup=False) as store:
        store.answer("item:q1", 3, now=NOW, response="b", correct=True)
    names = []
    for _ in range(2):
        assert main(["results", "export", "--learner", "山田", "--anonymize", "--format", "csv"]) == 0
        text = capsys.readouterr().out
        assert "山田" not in text
        names.append(text.splitlines()[1].split(",")[1])
    assert names[0] == names[1] and names[0].startswith("anon-")


def test_progress_export_keeps_responses(home: Path, tmp_path: Path) -> None:
    with Store.open(db_path(folder=home), daily_backup=False) as store:
        store.answer("item:q1", 3, now=NOW, response="エクソソーム", correct=True)
    dump = tmp_path / "progress.jsonl"
    assert main(["progress", "export", "-o", str(dump)]) == 0
    review = next(json.loads(x) for x in dump.read_text("utf-8").splitlines() if '"review"' in x)
    assert review["response"] == "エクソソーム" and review["correct"] == 1


# Typed by a learner in plain review (stored as typed) or brought in by a progress file:
# JSON escapes C0 controls but leaves C1 (U+009B is a one-byte CSI) and bidi controls raw.
HOSTILE = "2\x9b2J\u202e\x1b]0;PWNED\x07 エクソ"
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.mark.parametrize("command", [["progress", "export"], ["results", "export"],
                                     ["results", "export", "--format", "csv"]])
def test_exports_to_the_terminal_show_typed_controls_escaped(
        home: Path, command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with Store.open(db_path(folder=home), daily_backup=False) as store:
        store.answer("item:q1", 3, now=NOW, response=HOSTILE, correct=True)
    assert main(command) == 0
    out = capsys.readouterr().out
    assert not RAW.search(out) and "エクソ" in out
    if command[-1] == "export":  # JSON: the same value, read back
        answer = next(json.loads(x) for x in out.splitlines() if "response" in x and "q1" in x)
        assert answer["response"] == HOSTILE
    else:
        assert "2\\u009b2J\\u202e\\u001b]0;PWNED\\u0007 エクソ" in out


def test_progress_export_from_before_responses_still_imports(home: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    with Store.open(db_path(folder=home), daily_backup=False) as store:
        store.answer("item:q1", 3, now=NOW, response="b", correct=True)
    dump = tmp_path / "progress.jsonl"
    assert main(["progress", "export", "-o", str(dump)]) == 0
    old = []
    for line in dump.read_text("utf-8").splitlines():
        obj = json.loads(line)
        obj.pop("response", None)
        obj.pop("correct", None)
        old.append(json.dumps(obj, ensure_ascii=False))
    dump.write_text("\n".join(old) + "\n", "utf-8")
    monkeypatch.setenv("EXOTERM_HOME", str(tmp_path / "other"))
    assert main(["progress", "import", str(dump)]) == 0
    with Store.open(db_path(folder=tmp_path / "other"), daily_backup=False) as store, store.read() as c:
        assert c.execute("SELECT card_id, response, correct FROM revlog").fetchall() == [("item:q1", None, None)]


def test_cram_answers_are_logged_but_leave_the_schedule_alone(home: Path) -> None:
    from datetime import timedelta

    with Store.open(db_path(folder=home), daily_backup=False) as store:
        store.answer("item:q1", 3, now=NOW)
        before = store.card("item:q1")
        store.answer("item:q1", 1, now=NOW + timedelta(hours=1), cram=True, response="a", correct=False)
        assert store.card("item:q1") == before
        assert len(store.history("item:q1")) == 2
        assert store.replay("item:q1") == before
        store.undo()
        assert len(store.history("item:q1")) == 1 and store.card("item:q1") == before


def test_undo_of_a_card_only_takes_back_that_cards_latest_step(home: Path) -> None:
    with Store.open(db_path(folder=home), daily_backup=False) as store:
        store.answer("item:q1", 3, now=NOW)
        store.answer("item:q2", 3, now=NOW)  # e.g. another window answered in between
        assert store.undo("item:q1") is None
        assert len(store.history("item:q2")) == 1
        assert store.undo("item:q2") == "item:q2"
        assert store.history("item:q2") == []
