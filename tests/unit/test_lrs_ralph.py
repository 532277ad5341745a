"""Against a real LRS (Ralph): push sends each answer once, survives the LRS being down,
voids undone answers, and `analyze --lrs` reports what `analyze` does over results files."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lrs_fixtures import PASSWORD, USER, Ralph, running_ralph
from lrs_study import study
from quiz_fixtures import QUIZ_DECK

from exoterm.cli import main
from exoterm.core.store import Store
from exoterm.core.store.outbox import status
from exoterm.core.store.results import item_answers
from exoterm.core.xapi import push as push_module
from exoterm.core.xapi.statements import ANSWERED, VOIDED


@pytest.fixture
def ralph(tmp_path: Path) -> Iterator[Ralph]:
    yield from running_ralph(tmp_path)


@pytest.fixture(autouse=True)
def credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EXOTERM_LRS_USER", USER)
    monkeypatch.setenv("EXOTERM_LRS_PASSWORD", PASSWORD)
    monkeypatch.setattr(push_module, "BACKOFF_S", 0.0)


def learner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, url: str) -> Path:
    home = tmp_path / name
    home.mkdir()
    monkeypatch.setenv("EXOTERM_HOME", str(home))
    assert main(["lrs", "set", url]) == 0
    return home


def rounded(value: Any) -> Any:
    """`value` with every float rounded to 9 places (lists and dicts walked)."""
    if isinstance(value, float):
        return round(value, 9)
    if isinstance(value, list):
        return [rounded(v) for v in value]
    if isinstance(value, dict):
        return {k: rounded(v) for k, v in value.items()}
    return value


def answered(server: Ralph) -> list[dict[str, Any]]:
    """Ralph's `answered` statements (filtered here: its fs backend ignores `verb=`)."""
    return [s for s in server.statements() if s["verb"]["id"] == ANSWERED]


def test_push_sends_each_answer_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     ralph: Ralph) -> None:
    home = learner(tmp_path, monkeypatch, "a", ralph.url)
    session = study(home, answers=7, seed=1)
    assert session.store is not None
    n = len(item_answers(session.store))
    assert main(["lrs", "push"]) == 0
    assert len(answered(ralph)) == n
    assert main(["lrs", "push"]) == 0
    with Store.open(home / "progress.sqlite3", daily_backup=False) as store:
        assert status(store).pending == 0
        with store.write() as conn:  # as if the process died after sending, before marking
            conn.execute("UPDATE xapi_outbox SET sent_ms = NULL, body = body")
    assert len(answered(ralph)) == n
    kinds = {s["object"]["definition"]["interactionType"] for s in answered(ralph)}
    assert kinds <= {"choice", "true-false", "fill-in", "matching"} and len(kinds) >= 3


def test_a_push_while_the_lrs_is_down_keeps_everything_for_the_next(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ralph: Ralph,
        capsys: pytest.CaptureFixture[str]) -> None:
    home = learner(tmp_path, monkeypatch, "a", ralph.url)
    session = study(home, answers=5, seed=2)
    assert session.store is not None
    n = len(item_answers(session.store))
    ralph.stop()
    assert main(["lrs", "push"]) == 1
    err = capsys.readouterr().err
    assert f"{n} " in err and err.count("\n") == 1 and "Traceback" not in err
    assert status(session.store).pending == n
    ralph.start()
    assert main(["lrs", "push"]) == 0
    assert len(answered(ralph)) == n and status(session.store).pending == 0


def test_undoing_a_sent_answer_voids_its_statement(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   ralph: Ralph) -> None:
    home = learner(tmp_path, monkeypatch, "a", ralph.url)
    session = study(home, answers=3, seed=3)
    assert main(["lrs", "push"]) == 0
    last = answered(ralph)
    session.undo()
    assert main(["lrs", "push"]) == 0
    voids = [s for s in ralph.statements() if s["verb"]["id"] == VOIDED]
    assert len(voids) == 1
    undone = voids[0]["object"]["id"]
    assert undone in {s["id"] for s in last}
    assert undone not in {s["id"] for s in answered(ralph)} or len(answered(ralph)) == len(last)


def test_analyze_from_the_lrs_equals_analyze_over_results_files(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ralph: Ralph,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("EXOTERM_CONTENT", str(QUIZ_DECK))  # the deck studied: exports describe its items
    files = []
    for n, name in enumerate(("a", "b", "c")):
        home = learner(tmp_path, monkeypatch, name, ralph.url)
        study(home, answers=9, seed=n, wrong_every=2 + n)
        assert main(["lrs", "push"]) == 0
        with Store.open(home / "progress.sqlite3", daily_backup=False) as store:
            from exoterm.core.store.results import learner_id

            me = learner_id(store)
        out = tmp_path / f"{name}.jsonl"
        assert main(["results", "export", "-o", str(out), "--learner", me]) == 0
        files.append(str(out))
    capsys.readouterr()
    assert main(["--lang", "en", "analyze", *files]) == 0
    report = capsys.readouterr().out
    assert main(["--lang", "en", "analyze", "--lrs", ralph.url]) == 0
    assert capsys.readouterr().out == report and report.startswith("3 learners")
    assert main(["analyze", "--json", *files]) == 0
    from_files = json.loads(capsys.readouterr().out)
    assert main(["analyze", "--json", "--lrs", ralph.url]) == 0
    from_lrs = json.loads(capsys.readouterr().out)
    assert len(from_files) >= 5
    assert rounded(from_lrs) == rounded(from_files)  # sums in another order: last-bit differences
    assert main(["analyze", "--lrs", ralph.url, "--deck-id", "no-such-deck"]) == 2


def test_an_answer_the_lrs_already_holds_under_its_id_counts_as_sent(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ralph: Ralph) -> None:
    """Progress moved to another computer may push an answer again with other local
    bookkeeping (its review-log number): Ralph answers 409 for the batch; each answer it
    already holds counts as sent and the new ones in the batch still arrive."""
    home = learner(tmp_path, monkeypatch, "a", ralph.url)
    store = study(home, answers=3, seed=4).store
    assert store is not None
    with store.read() as conn:
        old = conn.execute("SELECT revlog_id, learner, verb, body, created_ms, event "
                           "FROM xapi_outbox").fetchall()
    assert main(["lrs", "push"]) == 0
    first = len(answered(ralph))
    with store.write() as conn:  # the same answers waiting again, under other log numbers
        conn.executemany("INSERT INTO xapi_outbox(revlog_id, learner, verb, body, created_ms, event) "
                         "VALUES (? + 1000000, ?, ?, ?, ?, ?)", old)
    study(home, answers=2, seed=6)
    assert main(["lrs", "push"]) == 0
    assert status(store).pending == 0 and len(answered(ralph)) == first + 2
