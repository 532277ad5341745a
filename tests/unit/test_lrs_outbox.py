"""The xAPI outbox: a statement is saved with its answer in one transaction, undo drops or
voids it, nothing is recorded without an LRS, and the password never shows."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from lrs_study import study

from exoterm.cli import main
from exoterm.core.store import Store
from exoterm.core.store import outbox as store_outbox
from exoterm.core.store.outbox import pending, status
from exoterm.core.store.results import item_answers
from exoterm.core.xapi import push
from exoterm.core.xapi.setting import LrsSetting
from exoterm.errors import ExotermError

PASSWORD = "correct-horse-battery"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("EXOTERM_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("EXOTERM_LRS_USER", "learner1")
    monkeypatch.setenv("EXOTERM_LRS_PASSWORD", PASSWORD)
    return tmp_path / "home"


def set_lrs(home: Path, *extra: str) -> None:
    home.mkdir(parents=True, exist_ok=True)
    assert main(["lrs", "set", "http://127.0.0.1:9/xAPI/", *extra]) == 0


def test_without_an_lrs_no_statement_is_kept(home: Path) -> None:
    session = study(home, answers=5, seed=1)
    assert session.store is not None
    assert status(session.store).pending == 0


def test_each_item_answer_saves_one_statement_with_it(home: Path) -> None:
    set_lrs(home)
    session = study(home, answers=8, seed=2)
    store = session.store
    assert store is not None
    rows = pending(store, 100)
    answers = item_answers(store)
    assert len(rows) == len(answers) == 8
    for row, answer in zip(rows, answers, strict=True):
        body = json.loads(row.body or "")
        assert body["object"]["id"].endswith("/item/" + answer.card_id.removeprefix("item:"))
        assert body["result"]["success"] is answer.correct
        assert body["verb"]["id"] == "http://adlnet.gov/expapi/verbs/answered"


def test_a_statement_that_cannot_be_saved_takes_its_answer_with_it(
        home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    set_lrs(home)

    def broken(*_args: object) -> None:
        raise ExotermError("disk full")

    monkeypatch.setattr(store_outbox, "enqueue", broken)
    with pytest.raises(ExotermError):
        study(home, answers=1, seed=3)
    with Store.open(home / "progress.sqlite3", daily_backup=False) as store:
        assert item_answers(store) == [] and status(store).pending == 0


def test_undo_drops_an_unsent_statement_and_voids_a_sent_one(home: Path) -> None:
    set_lrs(home)
    session = study(home, answers=3, seed=4)
    store = session.store
    assert store is not None
    session.undo()
    assert status(store).pending == 2  # never sent: simply forgotten
    rows = pending(store, 10)
    store_outbox.mark_sent(store, [r.id for r in rows], 0)
    assert status(store).pending == 0 and status(store).kept == 2  # still undoable
    session.undo()
    voids = pending(store, 10)
    assert [(r.verb, r.revlog_id) for r in voids] == [("voided", rows[-1].revlog_id)]


def test_sent_rows_are_dropped_once_their_answer_cannot_be_undone(home: Path) -> None:
    set_lrs(home)
    session = study(home, answers=3, seed=5)
    store = session.store
    assert store is not None
    with store.write() as conn:
        conn.execute("DELETE FROM undo")  # as after UNDO_DEPTH later steps
    store_outbox.mark_sent(store, [r.id for r in pending(store, 10)], 0)
    assert status(store) == (0, None, 0)


def test_term_cards_only_when_asked(home: Path) -> None:
    set_lrs(home)
    assert LrsSetting.from_json(store_setting(home)).include_terms is False
    set_lrs(home, "--terms")
    assert LrsSetting.from_json(store_setting(home)).include_terms is True


def store_setting(home: Path) -> str:
    with Store.open(home / "progress.sqlite3", daily_backup=False) as store:
        value = store_outbox.lrs_setting(store)
    assert value is not None
    return value


def test_credentials_are_private_and_never_printed(home: Path, capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(push, "BACKOFF_S", 0.0)  # the retries' waits, not what is tested here
    set_lrs(home)
    study(home, answers=2, seed=8)
    assert main(["lrs", "status"]) == 0
    assert main(["lrs", "push"]) == 1  # nothing listens on port 9: one line, no traceback
    out, err = capsys.readouterr()
    assert PASSWORD not in out + err and "Traceback" not in err
    saved = home / "lrs-credentials.json"
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    assert PASSWORD in saved.read_text()
    for backup in (home / "backups").glob("*") if (home / "backups").exists() else ():
        assert PASSWORD.encode() not in backup.read_bytes()


def test_a_readable_password_file_is_refused(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    set_lrs(home)
    study(home, answers=1, seed=9)
    (home / "lrs-credentials.json").chmod(0o644)
    assert main(["lrs", "push"]) != 0
    assert "chmod 600" in capsys.readouterr().err


@pytest.mark.parametrize("url", ["http://lrs.example.org/xAPI/", "ftp://127.0.0.1/",
                                 "https://user:pw@lrs.example.org/xAPI/", "not a url",
                                 # printed by `lrs status`: no control or bidi character
                                 "https://lrs.example.org/x\u202eAPI\x9b/",
                                 "https://lrs.example.org/\x1b]0;PWNED\x07/"])
def test_unsafe_or_malformed_addresses_are_refused(home: Path, url: str,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    home.mkdir(parents=True)
    assert main(["lrs", "set", url]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_off_stops_recording_but_keeps_the_outbox(home: Path) -> None:
    set_lrs(home)
    study(home, answers=2, seed=6)
    assert main(["lrs", "off"]) == 0
    session = study(home, answers=2, seed=7)
    assert session.store is not None and status(session.store).pending == 2


def test_statements_are_named_by_the_answers_event_id(home: Path) -> None:
    """The event id is the same on every device that has the answer (sync), so an answer
    reaches the LRS under one statement id however it travelled."""
    from exoterm.core.xapi.push import statement
    from exoterm.core.xapi.statements import statement_id

    set_lrs(home)
    session = study(home, answers=2, seed=10)
    store = session.store
    assert store is not None
    with store.read() as conn:
        uids = dict(conn.execute("SELECT id, uid FROM revlog").fetchall())
    setting = LrsSetting("http://127.0.0.1:9/xAPI/")
    for row in pending(store, 10):
        assert row.event == uids[row.revlog_id]
        assert statement(row, setting)["id"] == statement_id(row.learner, uids[row.revlog_id])


OUTBOX_DAMAGE = {  # hand edits: `lrs status` died on int('x'), a push on json.loads
    "created_ms text": "created_ms = 'x'",
    "body not JSON": "body = '[[['",
    "body nested": "body = '" + "[" * 10_000 + "'",
    "body a list": "body = '[1]'",
    "verb unknown": "verb = 'zz'",
}


@pytest.mark.parametrize("damage", sorted(OUTBOX_DAMAGE))
def test_a_damaged_statement_stays_unsent_and_breaks_nothing(
        home: Path, damage: str, capsys: pytest.CaptureFixture[str]) -> None:
    set_lrs(home)
    session = study(home, answers=3, seed=2)
    store = session.store
    assert store is not None
    rows = pending(store, 100)
    with store.write() as conn:
        conn.execute(f"UPDATE xapi_outbox SET {OUTBOX_DAMAGE[damage]} WHERE id = ?", (rows[0].id,))
    assert [r.id for r in pending(store, 100)] == [r.id for r in rows[1:]]
    setting = LrsSetting.from_json(store_outbox.lrs_setting(store) or "")
    for row in pending(store, 100):
        push.statement(row, setting)
    assert status(store).pending == len(rows)
    store.close()
    capsys.readouterr()
    assert main(["--lang", "en", "lrs", "status"]) == 0


def test_deeply_nested_lrs_files_are_one_line_errors(home: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """The credentials file and the stored LRS setting were parsed with json.loads: nested
    50,000 deep, `lrs push` died with a RecursionError."""
    from exoterm.core.xapi import credentials

    set_lrs(home)
    study(home, answers=1, seed=9)
    saved = home / "lrs-credentials.json"
    saved.write_text("[" * 50_000)
    with pytest.raises(ExotermError, match="unreadable LRS credentials"):
        credentials.load(saved)
    with pytest.raises(ExotermError, match="stored LRS setting is unreadable"):
        LrsSetting.from_json("[" * 50_000)
    capsys.readouterr()
    assert main(["lrs", "push"]) == 2
    assert capsys.readouterr().err.count("\n") == 1
