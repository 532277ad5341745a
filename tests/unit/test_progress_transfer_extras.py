"""`progress export`/`import` carry everything a learner has: the learner id, mock exams
(handed in and one being sat), bookmarks, unsent LRS statements and the LRS setting;
with the same validation and merge rules as cards and reviews, and a format version that
older exoterms refuse."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from quiz_fixtures import QUIZ_DECK, quiz_deck, right_answer

from exoterm.cli import main
from exoterm.core.content.models import SECTIONS
from exoterm.core.exam.builder import ExamOptions, build_exam
from exoterm.core.exam.sitting import ExamSitting
from exoterm.core.srs.cards import catalog
from exoterm.core.srs.scheduler import Rating
from exoterm.core.store import Store, sanity
from exoterm.core.store import exams as stored_exams
from exoterm.core.store.bookmarks import bookmarks, set_bookmark
from exoterm.core.store.outbox import lrs_setting, mark_sent, on_undo, pending, set_lrs_setting
from exoterm.core.store.results import learner_id, pseudonym_salt
from exoterm.core.store.schema import SCHEMA_VERSION
from exoterm.core.store.transfer import FORMAT_VERSION, export_progress, import_progress
from exoterm.core.xapi.push import statement
from exoterm.core.xapi.setting import LrsSetting

LRS = LrsSetting(url="https://lrs.example.org/xapi/")
YEAR_MS = 366 * 86_400_000


def open_profile(folder: Path) -> Store:
    folder.mkdir(parents=True, exist_ok=True)
    store = Store.open(folder / "progress.sqlite3", daily_backup=False)
    store.sync_catalog(catalog(quiz_deck(), store.settings.directions))
    return store


def seed_everything(store: Store) -> None:
    """Answers, a handed-in exam, an exam being sat, bookmarks, an LRS with a statement
    waiting to be sent, one sent, and one voiding statement."""
    set_lrs_setting(store, LRS.to_json())
    learner = learner_id(store)
    pseudonym_salt(store)
    body = json.dumps({"verb": {"id": "http://adlnet.gov/expapi/verbs/answered"}})
    for card in ("item:size-single", "item:cargo-multi", "item:ev-typed"):
        store.answer(card, Rating.Good, correct=True, statement=(learner, body))
    store.undo()  # the last answer's statement was never sent: it is dropped
    sent = pending(store, 1)[0]
    mark_sent(store, [sent.id], 1)
    with store.write() as conn:  # the sent answer undone: a voiding statement waits
        on_undo(conn, sent.revlog_id, sent.created_ms + 1)
    set_bookmark(store, "item:size-single", True)
    set_bookmark(store, "term:exosome:ja>en", True)
    deck = quiz_deck()
    done = ExamSitting.start(deck, store, build_exam(deck, ExamOptions(questions=4, seed=1)), "en")
    done.answer(right_answer(done.current.question))
    done.finish()
    sitting = ExamSitting.start(deck, store, build_exam(deck, ExamOptions(questions=3, seed=2)),
                                "ja")
    sitting.answer(right_answer(sitting.current.question))
    sitting.toggle_flag()
    sitting.pause()


def exported(store: Store) -> list[dict[str, Any]]:
    out = io.StringIO()
    export_progress(store, out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def lines(records: list[dict[str, Any]]) -> list[str]:
    return [json.dumps(r, ensure_ascii=False) for r in records]


def everything(store: Store) -> dict[str, Any]:
    """What the learner sees of the new record types, without local row ids."""
    current = stored_exams.current_exam(store)
    return {
        "learner": learner_id(store), "salt": pseudonym_salt(store),
        "lrs": lrs_setting(store), "bookmarks": bookmarks(store),
        "history": [(e.finished_ms, e.sections, e.pass_line)
                    for e in stored_exams.exam_history(store)],
        "current": None if current is None else (current.started_ms, current.elapsed_ms,
                                                 current.seed, current.lang, current.questions),
        "outbox": [(r.learner, r.verb, r.body, r.created_ms, r.event)
                   for r in pending(store, 100)],
    }


@pytest.fixture()
def source(tmp_path: Path) -> Iterator[Store]:
    store = open_profile(tmp_path / "old-computer")
    seed_everything(store)
    yield store
    store.close()


def test_moving_to_a_new_computer_loses_nothing(source: Store, tmp_path: Path) -> None:
    records = exported(source)
    assert records[0]["schema"] == FORMAT_VERSION == SCHEMA_VERSION + 1
    kinds = {r.get("type") for r in records[1:]}
    assert {"learner", "lrs", "bookmark", "exam", "exam_question", "statement"} <= kinds
    new = open_profile(tmp_path / "new-computer")
    learner_id(new)  # `results whoami` before the import: the file's id still wins
    report = import_progress(new, lines(records))
    statements = len(pending(source, 100))  # an answer, a voiding, the exam's 4 answers
    assert (report.exams_added, report.bookmarks_added, report.statements_added) == (
        2, 2, statements)
    want = everything(source)
    assert everything(new) == want
    assert want["current"] is not None and want["history"] and len(want["outbox"]) == 6
    answered = [r for r in pending(new, 100) if r.verb == "answered"]
    log = dict(new.conn.execute("SELECT uid, id FROM revlog"))
    assert [r.revlog_id for r in answered] == [log[r.event] for r in answered]
    for row in pending(new, 100):  # what `lrs push` would send
        assert statement(row, LRS)["id"] == statement(
            next(r for r in pending(source, 100) if r.event == row.event), LRS)["id"]
    resumed = ExamSitting.resume(quiz_deck(), new)
    assert resumed is not None and resumed.current.response is None
    assert sum(s.response is not None for s in resumed.slots) == 1
    assert any(s.flagged for s in resumed.slots)
    again = import_progress(new, lines(records))  # twice changes nothing
    assert (again.exams_added, again.exams_updated, again.bookmarks_added,
            again.statements_added, again.reviews_added) == (0, 0, 0, 0, 0)
    assert everything(new) == want


def test_learner_id_is_kept_once_the_profile_has_answers(source: Store, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]
                                                         ) -> None:
    records = [r for r in exported(source) if r.get("type") != "exam"
               and r.get("type") != "exam_question"]
    home = tmp_path / "home"
    monkeypatch.setenv("EXOTERM_HOME", str(home))
    monkeypatch.setenv("EXOTERM_CONTENT", str(QUIZ_DECK))
    with open_profile(home) as here:
        here.answer("item:approved-tf", Rating.Good, correct=True)
        mine = learner_id(here)
    path = tmp_path / "p.jsonl"
    path.write_text("\n".join(lines(records)) + "\n", encoding="utf-8")
    assert main(["--lang", "en", "progress", "import", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"kept this profile's learner id {mine}" in out and learner_id(source) in out
    assert "LRS statements queued" in out and "exoterm lrs set URL" in out  # none here
    assert main(["results", "whoami"]) == 0
    assert capsys.readouterr().out.strip() == mine
    with Store.open(home / "progress.sqlite3", daily_backup=False) as here:
        assert {r.learner for r in pending(here, 100)} == {learner_id(source)}  # as made


def test_an_exam_being_sat_here_is_kept_and_a_further_one_wins(source: Store,
                                                                tmp_path: Path) -> None:
    records = exported(source)
    here = open_profile(tmp_path / "here")
    deck = quiz_deck()
    mine = ExamSitting.start(deck, here, build_exam(deck, ExamOptions(questions=2, seed=9)), "en")
    mine.pause()
    report = import_progress(here, lines(records))
    assert report.exams_added == 1 and any("unfinished exam" in n for n in report.notes)
    current = stored_exams.current_exam(here)
    assert current is not None and current.id == mine.exam_id
    # the same exam, further on in the file (handed in there): the file's state wins
    other = open_profile(tmp_path / "other")
    import_progress(other, lines(records))
    sitting = ExamSitting.resume(deck, source)
    assert sitting is not None
    sitting.finish()
    report = import_progress(other, lines(exported(source)))
    assert report.exams_updated == 1 and stored_exams.current_exam(other) is None
    assert len(stored_exams.exam_history(other)) == 2
    assert import_progress(other, lines(records)).exams_updated == 0  # older: kept


def test_an_imported_answer_the_exam_cannot_read_leaves_the_question_open(
        source: Store, tmp_path: Path) -> None:
    records = exported(source)
    sitting = next(r["id"] for r in records if r.get("type") == "exam" and r["finished_ms"] is None)
    for r in records:
        if r.get("type") == "exam_question" and r["exam_id"] == sitting:
            r["response"] = "99"  # no such option, or not a number the item accepts
    new = open_profile(tmp_path / "new")
    import_progress(new, lines(records))
    resumed = ExamSitting.resume(quiz_deck(), new)
    assert resumed is not None and resumed.slots
    assert all(s.response is None and s.judgement is None for s in resumed.slots)


def test_exam_history_keeps_time_order_after_merging_older_exams(source: Store,
                                                                 tmp_path: Path) -> None:
    records = exported(source)
    here = open_profile(tmp_path / "here")
    deck = quiz_deck()
    later = ExamSitting.start(deck, here, build_exam(deck, ExamOptions(questions=2, seed=5)), "en")
    later.finish()
    for r in records:  # the file's exam was handed in a day earlier
        if r.get("type") == "exam" and r["finished_ms"] is not None:
            r["started_ms"] -= 86_400_000
            r["finished_ms"] -= 86_400_000
    import_progress(here, lines(records))
    history = stored_exams.exam_history(here)
    assert [e.finished_ms for e in history] == sorted(e.finished_ms for e in history)
    assert history[-1].id == later.exam_id


def test_older_files_import_and_newer_ones_are_refused(source: Store, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    records = exported(source)
    old = [dict(records[0], schema=SCHEMA_VERSION)] + [
        r for r in records[1:] if r.get("type") in ("setting", "card", "review")]
    new = open_profile(tmp_path / "new")
    assert import_progress(new, lines(old)).reviews_added == sum(
        r.get("type") == "review" for r in old)
    home = tmp_path / "home"
    monkeypatch.setenv("EXOTERM_HOME", str(home))
    open_profile(home).close()
    path = tmp_path / "newer.jsonl"
    path.write_text("\n".join(lines([dict(records[0], schema=FORMAT_VERSION + 1),
                                     *records[1:]])) + "\n", encoding="utf-8")
    assert main(["--lang", "en", "progress", "import", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "newer exoterm" in err and "newer.jsonl:1:" in err


def test_import_help_states_the_merge_rules(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "en", "progress", "import", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "learner id is kept when it already has answers" in text
    assert "no answers yet takes the file's" in text and "being sat" in text


def test_the_schema_of_a_new_export_is_above_what_older_exoterms_accept(source: Store) -> None:
    # an exoterm without the new line types accepts files up to its database schema
    assert exported(source)[0]["schema"] > SCHEMA_VERSION


def test_exam_sections_match_the_content_model() -> None:
    assert sanity.EXAM_SECTIONS == SECTIONS


def _bad_cases(records: list[dict[str, Any]]) -> list[tuple[str, str, dict[str, Any] | str]]:
    """(case, text in the error, record replacing the first of its type or a raw line)."""
    def first(kind: str, **changes: Any) -> dict[str, Any]:
        return {**next(r for r in records if r.get("type") == kind), **changes}

    answered = next(r for r in records if r.get("verb") == "answered")
    future = answered["created_ms"] + 10 * YEAR_MS
    return [
        ("exam in 10 years", "started_ms", first("exam", started_ms=future)),
        ("exam handed in before start", "finished_ms", first("exam", finished_ms=1)),
        ("exam lang", "lang", first("exam", lang="fr")),
        ("exam pass line", "pass_line", first("exam", pass_line=101)),
        ("exam negative time", "elapsed_ms", first("exam", elapsed_ms=-1)),
        ("question time near int64", "duration_ms", first("exam_question",
                                                          duration_ms=2**63 - 1)),
        ("bookmark date too big", "integer out of range", json.dumps(first("bookmark", added_ms=0))
         .replace('"added_ms": 0', '"added_ms": 100000000000000000000000')),
        ("exam unknown field", "colour", first("exam", colour=1)),
        ("exam without finished_ms", "finished_ms: missing", {
            k: v for k, v in first("exam").items() if k != "finished_ms"}),
        ("question section", "section", first("exam_question", section="外科")),
        ("question correct 2", "correct", first("exam_question", correct=2)),
        ("question flagged bool", "flagged", first("exam_question", flagged=True)),
        ("question of no exam", "no exam", first("exam_question", exam_id=99999)),
        ("question position gap", "questions", first("exam_question", position=500)),
        ("question response huge", "response", first("exam_question", response="x" * 10_001)),
        ("bookmark from 1990", "added_ms", first("bookmark", added_ms=631_152_000_000)),
        ("bookmark empty id", "card_id", first("bookmark", card_id="")),
        ("bookmark escape", "U+001B", first("bookmark", card_id="item:\x1b]0;PWNED\x07")),
        ("statement verb", "verb", first("statement", verb="liked")),
        ("statement body not JSON", "body", {**answered, "body": "{"}),
        ("statement body deep", "nested", {**answered, "body": "[" * 100 + "]" * 100}),
        ("statement context list", "context", {**answered, "body": '{"context": []}'}),
        ("statement with id", "statement id", {**answered, "body": '{"id": "x"}'}),
        ("statement of unknown answer", "event", {**answered, "event": "f" * 32}),
        ("statement event not hex", "event", {**answered, "event": "x" * 32}),
        ("learner id", "id", first("learner", id="root")),
        ("learner twice", "second learner", "learner-twice"),
        ("lrs bad url", "value", first("lrs", value=json.dumps(
            {"url": "ftp://x", "home_page": "https://a.b", "activity_base": "https://a.b/"}))),
        ("lrs not a setting", "value", first("lrs", value="[1]")),
        ("exam id a list", "id", first("exam", id=[])),  # was a TypeError traceback
        ("lrs url with controls", "value", first("lrs", value=json.dumps(
            {"url": "https://a.b/x\u202e\x9b/", "home_page": "https://a.b", "activity_base": "https://a.b/"}))),
        ("lrs home page escape", "value", first("lrs", value=json.dumps(
            {"url": "https://a.b/", "home_page": "https://a.b/\x1b]0;X\x07", "activity_base": "https://a.b/"}))),
    ]


LINES = {"question of no exam": 3, "exam id a list": 3}  # that question, and its exam now lacks it; the total
CASES = [c for c, _, _ in _bad_cases([
    {"type": t, "verb": "answered", "created_ms": 0} for t in
    ("exam", "exam_question", "bookmark", "statement", "learner", "lrs")])]


@pytest.mark.parametrize("case", CASES)
def test_a_bad_new_record_imports_nothing_and_is_named(case: str, source: Store, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    records = exported(source)
    text, replacement = next((t, r) for c, t, r in _bad_cases(records) if c == case)
    out = lines(records)
    if replacement == "learner-twice":
        index = next(i for i, r in enumerate(records) if r.get("type") == "learner")
        out.insert(index + 1, out[index])
        index += 1
    else:
        record = json.loads(replacement) if isinstance(replacement, str) else replacement
        kind = record["type"]
        index = next(i for i, r in enumerate(records) if r.get("type") == kind and (
            kind != "statement" or r.get("verb") == "answered"))
        out[index] = replacement if isinstance(replacement, str) else json.dumps(
            replacement, ensure_ascii=False)
    home = tmp_path / "home"
    monkeypatch.setenv("EXOTERM_HOME", str(home))
    monkeypatch.setenv("EXOTERM_CONTENT", str(QUIZ_DECK))
    open_profile(home).close()
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    assert main(["--lang", "en", "progress", "import", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == LINES.get(case, 1) and "Traceback" not in err, err
    assert text in err and "bad.jsonl:" in err, err
    with Store.open(home / "progress.sqlite3", daily_backup=False) as store:
        assert bookmarks(store) == [] and stored_exams.exam_history(store) == []
        assert pending(store, 10) == [] and store.conn.execute(
            "SELECT COUNT(*) FROM revlog").fetchone()[0] == 0
    assert main(["--lang", "en", "progress", "import", "--skip-bad", str(path)]) == 0
    out_text, err = capsys.readouterr()
    assert "reviews added" in out_text and "bad.jsonl:" in err
    assert main(["stats", "--json"]) == 0


def test_an_imported_profile_still_syncs(source: Store, tmp_path: Path) -> None:
    from exoterm.core.sync.folder import sync

    shared = tmp_path / "shared"
    shared.mkdir()
    new = open_profile(tmp_path / "new")
    import_progress(new, lines(exported(source)))
    other = open_profile(tmp_path / "other")
    new.answer("item:approved-tf", Rating.Good, correct=True)
    for store in (new, other, new):
        sync(store, shared)

    def log(s: Store) -> list[Any]:
        return s.conn.execute("SELECT uid, card_id, rating FROM revlog ORDER BY uid").fetchall()

    assert log(new) == log(other) and len(log(new)) >= 3
