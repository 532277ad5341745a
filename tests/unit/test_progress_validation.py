"""`progress import` validates values, not only types, and a bad row already stored never
bricks the profile: stats, review and the app's home data skip and name the card."""

from __future__ import annotations

import io
import json
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exoterm.cli import main
from exoterm.core.content import load_content
from exoterm.core.exam.sitting import ExamSitting
from exoterm.core.progress import compute_stats, today_numbers
from exoterm.core.srs.cards import list_cards
from exoterm.core.srs.scheduler import Rating
from exoterm.core.store import Store
from exoterm.core.store.bookmarks import bookmarks, set_bookmark
from exoterm.core.store.exams import create_exam, exam_history, finish_exam, save_answer, save_flag
from exoterm.core.store.outbox import lrs_setting, pending, set_lrs_setting
from exoterm.core.store.results import learner_id, pseudonym_salt
from exoterm.core.store.sanity import SOUND_CARD_SQL, SOUND_REVIEW_SQL, card_problem, review_problem
from exoterm.core.xapi.push import statement
from exoterm.core.xapi.setting import LrsSetting

DAY_MS = 86_400_000
YEAR_MS = 365 * DAY_MS


def seed_profile(home: Path, answers: int = 6) -> None:
    """A profile on the shipped deck with a few answered cards, all due now."""
    with Store.open(home / "progress.sqlite3", daily_backup=False) as store:
        store.sync_catalog(list_cards(load_content(), store.settings.directions))
        for card in store.queue().new[:answers]:
            store.answer(card, Rating.Good)
            store.answer(card, Rating.Good)
        with store.write() as conn:  # make them due
            conn.execute("UPDATE cards SET due_ms = due_ms - 30 * 86400000 WHERE state > 0")


@pytest.fixture()
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    monkeypatch.setenv("EXOTERM_HOME", str(folder))
    seed_profile(folder)
    return folder


def export(home: Path) -> list[dict[str, Any]]:
    with Store.open(home / "progress.sqlite3", daily_backup=False) as store:
        out = io.StringIO()
        from exoterm.core.store.transfer import export_progress

        export_progress(store, out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def counts(home: Path) -> tuple[int, ...]:
    with sqlite3.connect(home / "progress.sqlite3") as conn:
        return tuple(conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                     for t in ("cards", "revlog", "settings")) + tuple(
            conn.execute("SELECT TOTAL(reps), TOTAL(due_ms) FROM cards").fetchone())


def studied(records: list[dict[str, Any]]) -> dict[str, Any]:
    return next(r for r in records if r.get("type") == "card" and r["state"] == 2)


def review(records: list[dict[str, Any]]) -> dict[str, Any]:
    return next(r for r in records if r.get("type") == "review")


def now_ms() -> int:
    import time

    return int(time.time() * 1000)


# Each input from the issue, as a (description, line) pair the test appends to an export.
def bad_lines(records: list[dict[str, Any]]) -> Iterator[tuple[str, str, str]]:
    """(case, field named in the error, JSON line)."""
    card, rev = dict(studied(records), id="term:zz-new:ja>en"), review(records)

    def c(**kw: Any) -> str:
        return json.dumps({**card, **kw})

    def r(**kw: Any) -> str:
        return json.dumps({**rev, **kw})

    yield "deep nesting", "nested", "[" * 100_000
    yield "huge int", "integer out of range", c(due_ms=10**30)
    yield "lone surrogate", "surrogate", c(sibling="\\ud800").replace("\\\\ud800", "\\ud800")
    yield "state 99", "state", c(state=99)
    yield "state -1", "state", c(state=-1)
    yield "stability NaN", "NaN", c(stability=float("nan"))
    yield "stability -5", "stability", c(stability=-5)
    yield "stability Infinity", "Infinity", c(stability=float("inf"))
    yield "difficulty 1e308", "difficulty", c(difficulty=1e308)
    yield "last_review 9e18", "last_review_ms", c(last_review_ms=9 * 10**18)
    yield "due -1e15", "due_ms", c(due_ms=-(10**15))
    yield "10 years ahead", "last_review_ms", c(last_review_ms=now_ms() + 10 * YEAR_MS)
    yield "rating 9", "rating", r(rating=9)
    yield "kind 9", "kind", r(kind=9)
    yield "ivl_s negative", "ivl_s", r(ivl_s=-86400)
    yield "review 10 years ahead", "reviewed_ms", r(reviewed_ms=now_ms() + 10 * YEAR_MS)
    yield "unknown setting", "unknown setting", json.dumps(
        {"type": "setting", "key": "colour", "value": '"red"'})
    yield "huge setting", "longer than", json.dumps(
        {"type": "setting", "key": "timezone", "value": "x" * 2_000_000})
    yield "bad setting value", "desired_retention", json.dumps(
        {"type": "setting", "key": "desired_retention", "value": "5"})


CASES = [case for case, _, _ in bad_lines([{"type": "card", "state": 2}, {"type": "review"}])]


@pytest.mark.parametrize("case", CASES)
def test_a_bad_record_imports_nothing_and_is_named(case: str, home: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    records = export(home)
    field, line = next((f, ln) for c, f, ln in bad_lines(records) if c == case)
    good_new = json.dumps(dict(studied(records), id="term:zz-good:ja>en"))
    lines = [json.dumps(r) for r in records] + [good_new, line]
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = counts(home)
    code = main(["progress", "import", str(path)])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err
    assert err.count("\n") == 1 and f"bad.jsonl:{len(lines)}: " in err and field in err, err
    assert counts(home) == before  # not even the good new card
    assert main(["--lang", "en", "progress", "import", "--skip-bad", str(path)]) == 0
    out, err = capsys.readouterr()
    assert "1 cards added" in out and f"bad.jsonl:{len(lines)}: " in err
    assert_profile_works(home, capsys)


def test_many_bad_records_are_listed_one_per_line(home: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    records = export(home)
    bad = [line for _, _, line in bad_lines(records)]
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join([json.dumps(records[0]), *bad]) + "\n", encoding="utf-8")
    assert main(["progress", "import", str(path)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert all(line.startswith(f"{path}:") for line in err[:-1])
    assert err[-1].startswith("exoterm: ") and f"{len(bad)} bad records; nothing imported" in err[-1]


def test_input_too_long_or_not_utf8(home: Path, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    header = json.dumps(export(home)[0]).encode()
    path = tmp_path / "bin.jsonl"
    path.write_bytes(header + b"\n" + b"\xff\xfe\n")
    assert main(["progress", "import", str(path)]) == 2
    assert "bin.jsonl:2: not UTF-8" in capsys.readouterr().err


# Bad rows already in the database ----------------------------------------------------
DAMAGE = {
    "state 99": "state = 99",
    "state -1": "state = -1",
    "stability NULL (NaN)": "stability = NULL",
    "stability -5": "stability = -5",
    "stability Infinity": "stability = 9e999",
    "last_review 9e18": "last_review_ms = 9000000000000000000",
    "due -1e15": "due_ms = -1000000000000000",
    "step text": "state = 1, step = 'x'",
}


def assert_profile_works(home: Path, capsys: pytest.CaptureFixture[str],
                         damaged: str | None = None) -> None:
    """`stats`, `review --plain` and the app's home data still work (and name `damaged`)."""
    assert main(["--lang", "en", "stats"]) == 0
    err = capsys.readouterr().err
    if damaged:
        assert f"skipped damaged card {damaged}" in err
    with Store.open(home / "progress.sqlite3", daily_backup=False) as store:
        stats = compute_stats(store)  # what Stats loads
        today_numbers(store)  # Home's early numbers, read before the deck is loaded
        assert damaged is None or any(d.startswith(damaged) for d in stats.damaged)
        queue = store.queue()
        assert damaged not in queue.cards
        for card_id in queue.cards:
            state = store.card(card_id)
            assert state is not None
            store.scheduler.preview(state, store.now())
    stdin = io.StringIO("1\n" * 20)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("sys.stdin", stdin)
        assert main(["--lang", "en", "review", "--plain", "--limit", "4"]) == 0
    out = capsys.readouterr().out
    assert "Done:" in out


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_row_is_skipped_and_named(damage: str, home: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    with sqlite3.connect(home / "progress.sqlite3") as conn:
        victim = conn.execute("SELECT id FROM cards WHERE state = 2 ORDER BY due_ms LIMIT 1"
                              ).fetchone()[0]
        conn.execute(f"UPDATE cards SET {DAMAGE[damage]} WHERE id = ?", (victim,))
    assert_profile_works(home, capsys, damaged=victim)


# Bad review-log rows: `sync` died on rating 9 (not a valid Rating) and on reviewed_ms
# 9e18 (OverflowError), `stats` and `results export` on a reviewed_ms that is text.
LOG_DAMAGE = {
    "rating 9": "rating = 9",
    "kind 9": "kind = 9",
    "reviewed_ms text": "reviewed_ms = 'x'",
    "reviewed_ms 9e18": "reviewed_ms = 9000000000000000000",
    "ivl_s -86400": "ivl_s = -86400",
    "correct text": "correct = 'false'",
}


@pytest.mark.parametrize("damage", sorted(LOG_DAMAGE))
def test_a_damaged_answer_is_skipped_and_named(damage: str, home: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    with sqlite3.connect(home / "progress.sqlite3") as conn:
        victim, answer = conn.execute("SELECT card_id, id FROM revlog ORDER BY id LIMIT 1"
                                      ).fetchone()
        conn.execute(f"UPDATE revlog SET {LOG_DAMAGE[damage]} WHERE id = ?", (answer,))
    assert main(["--lang", "en", "stats"]) == 0
    assert f"skipped damaged card {victim} (answer {answer}): " in capsys.readouterr().err
    assert_profile_works(home, capsys)
    for args in (["sync", str(tmp_path / "shared")], ["results", "export", "-o", str(tmp_path / "r")],
                 ["optimize"]):
        code = main(["--lang", "en", *args])
        err = capsys.readouterr().err
        assert "Traceback" not in err and (code == 0 or err.count("\n") == 1), (args, err)
        assert code in (0, 2), (args, code, err)


# A damaged stored setting locked the learner out of the profile: every command, `srs
# set` too, stopped on it (a value nested deep: a RecursionError traceback).
SETTING_DAMAGE = {"rollover_hour 99": ("rollover_hour", "99", "4"),  # (key, stored, repair)
                  "learning_steps nested": ("learning_steps", "[" * 10_000, "1m 10m"),
                  "desired_retention text": ("desired_retention", "much", "0.9")}


@pytest.mark.parametrize("damage", sorted(SETTING_DAMAGE))
def test_a_damaged_setting_is_named_and_its_default_used(damage: str, home: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    key, value, repair = SETTING_DAMAGE[damage]
    with sqlite3.connect(home / "progress.sqlite3") as conn:
        conn.execute("INSERT OR REPLACE INTO settings(key, value) VALUES (?, ?)", (key, value))
    assert main(["--lang", "en", "stats"]) == 0
    err = capsys.readouterr().err
    assert f"ignored a damaged setting and used its default: setting {key}" in err
    assert err.count("\n") == 1, err
    assert_profile_works(home, capsys)
    assert main(["--lang", "en", "srs", "set", key, repair]) == 0  # the learner repairs it
    assert main(["--lang", "en", "stats"]) == 0
    assert "damaged setting" not in capsys.readouterr().err


def test_a_deeply_nested_setting_is_refused_in_one_line(home: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "deep.jsonl"
    record = {"type": "setting", "key": "learning_steps", "value": "[" * 3000 + "]" * 3000}
    path.write_text(json.dumps(export(home)[0]) + "\n" + json.dumps(record) + "\n")
    assert main(["progress", "import", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"exoterm: {path}:2: value: ") and err.count("\n") == 1, err
    assert main(["srs", "set", "new_per_day", "[" * 100_000]) == 2
    err = capsys.readouterr().err
    assert "new_per_day" in err and err.count("\n") == 1, err


# A damaged undo step (a hand edit) made undo fail on NOT NULL, or would have written
# state 99 back into the card. It is skipped; the answer before it is undone as asked.
UNDO_DAMAGE = {
    "NULL columns": "",
    "state 99": ", state = 99, reps = 0, lapses = 0, fingerprint = '', suspended = 0",
    "before not JSON": ", before = '[[['",
    "before nested": ", before = '" + "[" * 10_000 + "'",
    "before too short": ", before = '[0, null]'",
}


@pytest.mark.parametrize("damage", sorted(UNDO_DAMAGE))
def test_a_damaged_undo_step_is_skipped(damage: str, home: Path) -> None:
    with Store.open(home / "progress.sqlite3", daily_backup=False) as store:
        card = store.queue().new[0]
        before = store.card(card)
        store.conn.execute("INSERT INTO undo(id, action, card_id) VALUES (?, 'answer', ?)",
                           (2**63 - 1, card))  # the latest step: no later id is possible
        store.conn.execute(f"UPDATE undo SET action = 'answer' {UNDO_DAMAGE[damage]} "
                           "WHERE id = ?", (2**63 - 1,))
        store.answer(card, Rating.Good)
        assert store.undo(card) == card
        assert store.card(card) == before
        assert store.conn.execute("SELECT COUNT(*) FROM undo WHERE id = ?",
                                  (2**63 - 1,)).fetchone()[0] == 0


# The SQL test and the Python test agree ----------------------------------------------
values = st.one_of(st.none(), st.integers(-(2**63), 2**63 - 1), st.floats(allow_nan=False),
                   st.sampled_from([0, 1, 2, 3, 4, -1, 10, 0.5, 1.0, 10.0, 1e6, 1e7]),
                   st.text(max_size=3))
rows = st.fixed_dictionaries({name: values for name in (
    "state", "step", "stability", "difficulty", "due_ms", "last_review_ms", "reps", "lapses")})


def sql_verdict(table: str, row: dict[str, Any], sound_sql: str) -> tuple[dict[str, Any], bool]:
    """`row` as SQLite stores it (its types may change: the comparison must see what the
    readers see) and whether `sound_sql` passes it."""
    conn = sqlite3.connect(":memory:")
    columns = ", ".join(row)  # the row's own key order (hypothesis need not keep ours)
    conn.execute(f"CREATE TABLE {table} ({columns})")
    conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({', '.join('?' * len(row))})",
                 tuple(row.values()))
    stored = dict(zip(row, conn.execute(f"SELECT {columns} FROM {table}").fetchone(), strict=True))
    sound = bool(conn.execute(f"SELECT {sound_sql} FROM {table}").fetchone()[0])
    conn.close()
    return stored, sound


@given(rows)
@settings(max_examples=300)
def test_sound_card_sql_matches_card_problem(row: dict[str, Any]) -> None:
    stored, sound = sql_verdict("cards", row, SOUND_CARD_SQL)
    assert sound == (card_problem(stored) is None), (stored, card_problem(stored))


review_rows = st.fixed_dictionaries({name: values for name in (
    "id", "card_id", "rating", "ivl_s", "last_ivl_s", "stability", "difficulty", "duration_ms",
    "kind", "reviewed_ms", "response", "correct")})


@given(review_rows)
@settings(max_examples=300)
def test_sound_review_sql_matches_review_problem(row: dict[str, Any]) -> None:
    stored, sound = sql_verdict("revlog", row, SOUND_REVIEW_SQL)
    assert sound == (review_problem(stored) is None), (stored, review_problem(stored))


# Fuzzing -----------------------------------------------------------------------------
nasty = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20),
    st.sampled_from([10**30, -(10**15), 9 * 10**18, float("nan"), float("inf"), "\ud800",
                     [], {}, [[[[]]]], 99, -1, 1e308]),
)


@st.composite
def mutated_exports(draw: st.DrawFn, records: list[dict[str, Any]]) -> str:
    lines: list[Any] = [dict(r) for r in records]
    # most lines are new cards: half the draws aim at the rest (header, studied cards,
    # reviews, learner, LRS, bookmarks, exams and their questions, statements)
    focus = [i for i, r in enumerate(records) if r.get("type") != "card" or r.get("state")]
    for _ in range(draw(st.integers(1, 4))):
        what = draw(st.sampled_from(["field", "line", "drop", "raw"]))
        index = min(len(lines) - 1, draw(st.one_of(st.integers(0, len(lines) - 1),
                                                   st.sampled_from(focus))))
        if what == "field" and isinstance(lines[index], dict):  # (a line may be nasty already)
            key = draw(st.sampled_from(sorted(lines[index]) + ["extra"]))
            lines[index][key] = draw(nasty)
        elif what == "field":
            lines[index] = draw(nasty)
        elif what == "line":
            lines[index] = draw(nasty)
        elif what == "drop":
            del lines[index]
            if not lines:
                lines.append({})
        else:
            lines.insert(index, draw(st.text(max_size=40)))
    return "\n".join(r if isinstance(r, str) else json.dumps(r, allow_nan=True) for r in lines)


LRS = LrsSetting(url="https://lrs.example.org/xapi/")


def seed_extras(home: Path) -> None:
    """Everything besides cards, reviews and settings that an export carries: the learner
    id, the LRS setting with statements waiting, bookmarks, a handed-in exam and one being
    sat."""
    with Store.open(home / "progress.sqlite3", daily_backup=False) as store:
        set_lrs_setting(store, LRS.to_json())
        learner = learner_id(store)
        pseudonym_salt(store)
        cards = [c for c, in store.conn.execute("SELECT id FROM cards ORDER BY position LIMIT 4")]
        store.answer(cards[0], Rating.Good, statement=(learner, '{"verb": {"id": "x"}}'))
        set_bookmark(store, cards[1], True)
        for finished in (True, False):
            exam = create_exam(store, [(c, "一般") for c in cards[:3]], limit_s=600, seed=7,
                               lang="en", pass_line=65)
            save_answer(store, exam, 0, "a", True, duration_ms=1000, elapsed_ms=2000)
            save_flag(store, exam, 1, True, elapsed_ms=3000)
            if finished:
                finish_exam(store, exam, elapsed_ms=4000, move_schedule=False)


Base = tuple[Path, list[dict[str, Any]]]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Base:
    """A seeded profile copied for each example (seeding once: it loads the deck), in
    pytest's temporary folders (a folder of its own was left behind by every run)."""
    folder = tmp_path_factory.mktemp("fuzz-base")
    seed_profile(folder, answers=3)
    seed_extras(folder)
    return folder, export(folder)


@given(data=st.data())
@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                  HealthCheck.too_slow])
def test_fuzzed_imports_never_crash_or_brick(data: st.DataObject, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str],
                                             base: Base) -> None:
    source, records = base
    text = data.draw(mutated_exports(records))
    with tempfile.TemporaryDirectory(dir=tmp_path) as tmp:
        home = Path(tmp)
        monkeypatch.setenv("EXOTERM_HOME", str(home))
        monkeypatch.setenv("EXOTERM_CACHE", str(source / "cache"))  # content is not fuzzed
        src = sqlite3.connect(source / "progress.sqlite3")
        dst = sqlite3.connect(home / "progress.sqlite3")
        src.backup(dst)
        src.close()
        dst.close()
        path = home / "in.jsonl"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        code = main(["progress", "import", str(path)])
        err = capsys.readouterr().err
        assert "Traceback" not in err
        assert code == 0 or (code == 2 and err.strip().splitlines()[-1].startswith("exoterm: "))
        assert main(["stats", "--json"]) == 0
        capsys.readouterr()
        with Store.open(home / "progress.sqlite3", daily_backup=False) as store:
            compute_stats(store)
            today_numbers(store)  # Home's early numbers
            for card_id in store.queue(store.now()).cards[:3]:
                state = store.card(card_id)
                assert state is not None
                store.scheduler.preview(state, store.now())
                store.answer(card_id, Rating.Good)
            exam_history(store)
            bookmarks(store)
            learner_id(store)
            for row in pending(store, 1000):  # what `lrs push` would send
                statement(row, LRS)
            setting = lrs_setting(store)
            assert setting is None or LrsSetting.from_json(setting)
            sitting = ExamSitting.resume(load_content(), store)
            if sitting is not None and sitting.slots:
                sitting.go(len(sitting.slots))
                sitting.finish()


def test_fuzz_base_has_reviews(base: Base) -> None:
    _, records = base
    assert any(r.get("type") == "review" for r in records)
    kinds = {r.get("type") for r in records}
    assert {"learner", "lrs", "bookmark", "exam", "exam_question", "statement"} <= kinds
    assert {r.get("finished_ms") is None for r in records if r.get("type") == "exam"} == {
        True, False}


class EndlessStdin(io.RawIOBase):
    """A pipe that never ends: `first` once, then `then` over and over (like `yes` or /dev/zero)."""

    def __init__(self, first: bytes, then: bytes) -> None:
        self.pending, self.then = first, then

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if not self.pending:
            self.pending = self.then * max(1, len(buffer) // len(self.then))
        size = min(len(buffer), len(self.pending))
        buffer[:size], self.pending = self.pending[:size], self.pending[size:]
        return size


def _stdin(monkeypatch: pytest.MonkeyPatch, first: bytes, then: bytes) -> None:
    stream = io.BufferedReader(EndlessStdin(first, then))
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(stream))


def test_endless_stdin_of_zeros_is_refused(home: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    before = counts(home)
    _stdin(monkeypatch, b"", b"\0")  # like `exoterm progress import - < /dev/zero`
    assert main(["progress", "import", "-"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "<stdin>: larger than 256 MB" in err
    assert counts(home) == before


def test_stdin_and_file_share_the_size_cap(home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    from exoterm.core import jsonsafe

    records = export(home)
    text = "".join(json.dumps(r) + "\n" for r in records).encode()
    cards = [json.dumps(r).encode() + b"\n" for r in records if r.get("type") == "card"]
    monkeypatch.setattr(jsonsafe, "MAX_TOTAL", len(text) + 4096)
    path = tmp_path / "just-fits.jsonl"
    path.write_bytes(text)
    assert main(["progress", "import", str(path)]) == 0  # at the cap is fine
    before = counts(home)
    path.write_bytes(text + cards[0] * (4096 // len(cards[0]) + 1))
    assert main(["progress", "import", str(path)]) == 2
    assert f"{path}: larger than" in capsys.readouterr().err
    _stdin(monkeypatch, text, cards[0])  # valid records that never end
    assert main(["progress", "import", "-"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "<stdin>: larger than" in err and "nothing imported" in err
    assert counts(home) == before
