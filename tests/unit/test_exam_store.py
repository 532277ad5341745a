"""Mock exams in the store: answers saved as given, resume after a crash with the time
left, handing in logs exam answers that leave schedules alone unless the setting says so,
and a schema-2 database upgrades keeping its data."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from quiz_fixtures import open_store, quiz_deck, right_answer, wrong_answer

from exoterm.core.exam.builder import ExamOptions, build_exam
from exoterm.core.exam.sitting import ExamOver, ExamSitting
from exoterm.core.quiz.questions import InvalidAnswer
from exoterm.core.srs.scheduler import ReviewKind
from exoterm.core.store import Store
from exoterm.core.store import exams as stored
from exoterm.core.store.bookmarks import bookmarks, toggle_bookmark
from exoterm.core.store.schema import MIGRATIONS, SCHEMA_VERSION


class Ticks:
    """A monotonic clock moved by hand."""

    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def sit(tmp_path: Path, ticks: Ticks, store: Store | None = None) -> ExamSitting:
    store = store or open_store(tmp_path)
    plan = build_exam(quiz_deck(), ExamOptions(questions=6, minutes=10, seed=5))
    return ExamSitting.start(quiz_deck(), store, plan, "ja", monotonic=ticks)


def test_answers_are_saved_as_given_and_resume_after_a_crash(tmp_path: Path) -> None:
    ticks = Ticks()
    exam = sit(tmp_path, ticks)
    first = exam.current.question
    ticks.t += 30
    exam.answer(wrong_answer(first))
    exam.next()
    assert exam.toggle_flag() is True
    ticks.t += 20
    exam.answer(right_answer(exam.current.question))
    with pytest.raises(InvalidAnswer):
        exam.answer("99")  # unreadable: refused, the saved answer stays
    exam.store.close()  # a crash: nothing else is saved
    store = Store.open(tmp_path / "progress.sqlite3", daily_backup=False)
    again = ExamSitting.resume(quiz_deck(), store, monotonic=Ticks())
    assert again is not None and again.exam_id == exam.exam_id
    assert [s.question for s in again.slots] == [s.question for s in exam.slots]
    assert again.slots[0].response == wrong_answer(first)
    assert again.slots[1].flagged and again.slots[1].judgement is not None
    assert again.index == 2  # the first question not answered yet
    assert again.remaining() == pytest.approx(600 - 50)  # the time used is kept
    assert again.slots[0].seconds == pytest.approx(30)


def test_hand_in_logs_exam_answers_and_leaves_schedules(tmp_path: Path) -> None:
    ticks = Ticks()
    exam = sit(tmp_path, ticks)
    exam.answer(right_answer(exam.current.question))
    result = exam.finish()
    assert result.total.right == 1 and result.total.asked == len(exam.slots)
    store = exam.store
    logged = [store.history(s.question.card_id) for s in exam.slots]
    assert all(len(h) == 1 and h[0][2] == ReviewKind.EXAM for h in logged)
    assert all(store.card(s.question.card_id).reps == 0 for s in exam.slots)  # type: ignore[union-attr]
    assert stored.current_exam(store) is None
    with pytest.raises(ExamOver):
        exam.answer("1")
    exam.finish()  # handing in twice logs nothing more
    assert len(store.history(exam.slots[0].question.card_id)) == 1
    history = stored.exam_history(store)
    assert [h.right for h in history] == [1] and history[0].asked == len(exam.slots)
    # results export and item analysis read them: the stable response, right or not
    from exoterm.core.store.results import item_answers

    answers = item_answers(store)
    assert len(answers) == len(exam.slots)
    assert sum(1 for a in answers if a.correct) == 1
    assert sum(1 for a in answers if a.response is None) == len(exam.slots) - 1


def test_the_setting_lets_exam_answers_move_schedules(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    store.save_settings(replace(store.settings, exam_moves_schedule=True))
    exam = sit(tmp_path, Ticks(), store)
    exam.answer(right_answer(exam.current.question))
    exam.finish()
    card = store.card(exam.slots[0].question.card_id)
    assert card is not None and card.reps == 1
    assert store.history(exam.slots[0].question.card_id)[0][2] == ReviewKind.EXAM_SCHEDULED
    assert store.replay(exam.slots[0].question.card_id) == card


def test_time_up_ends_answering(tmp_path: Path) -> None:
    ticks = Ticks()
    exam = sit(tmp_path, ticks)
    ticks.t += 601
    assert exam.time_up and exam.remaining() == 0
    with pytest.raises(ExamOver):
        exam.answer(right_answer(exam.current.question))
    assert exam.finish().elapsed_s == 600


def test_schema_2_database_upgrades_and_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    conn = sqlite3.connect(path)
    for migration in MIGRATIONS[:2]:
        for statement in migration:
            conn.execute(statement)
    conn.execute("INSERT INTO cards(id) VALUES ('item:q1')")
    conn.execute("INSERT INTO revlog VALUES (1, 'item:q1', 3, 60, 0, 1.0, 5.0, 900, 1, 1, 'b', 1)")
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()
    with Store.open(path, daily_backup=False) as store:
        with store.read() as c:
            assert c.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
            assert c.execute("SELECT card_id, response, correct FROM revlog").fetchall() == [
                ("item:q1", "b", 1)]
        assert store.card("item:q1") is not None
        assert toggle_bookmark(store, "item:q1") is True and bookmarks(store) == ["item:q1"]
        assert toggle_bookmark(store, "item:q1") is False and bookmarks(store) == []
        assert stored.current_exam(store) is None and stored.exam_history(store) == []


def test_with_an_lrs_every_handed_in_question_becomes_a_statement(tmp_path: Path) -> None:
    import json

    from exoterm.core.store.outbox import pending, set_lrs_setting
    from exoterm.core.xapi.setting import LrsSetting

    store = open_store(tmp_path)
    set_lrs_setting(store, LrsSetting("http://127.0.0.1:9/xAPI/").to_json())
    exam = sit(tmp_path, Ticks(), store)
    exam.answer(right_answer(exam.current.question))
    assert pending(store, 100) == []  # nothing is sent before the exam is handed in
    exam.finish()
    rows = pending(store, 100)
    assert len(rows) == len(exam.slots)
    results = [json.loads(r.body or "")["result"] for r in rows]
    assert [r["success"] for r in results].count(True) == 1
    assert sum(1 for r in results if r["response"] == "") == len(exam.slots) - 1  # unanswered


EXAM_DAMAGE = {  # hand edits: `exoterm exam` and the app died on int('x') while loading
    "started_ms text": "UPDATE exams SET started_ms = 'x'",
    "seed text": "UPDATE exams SET seed = 'x'",
    "limit_s negative": "UPDATE exams SET limit_s = -5",
    "question position text": "UPDATE exam_questions SET position = 'x' WHERE position = 0",
    "question correct text": "UPDATE exam_questions SET correct = 'yes' WHERE position = 0",
}


@pytest.mark.parametrize("damage", sorted(EXAM_DAMAGE))
def test_a_damaged_exam_is_left_alone_not_resumed(tmp_path: Path, damage: str) -> None:
    ticks = Ticks()
    exam = sit(tmp_path, ticks)
    exam.answer(right_answer(exam.current.question))
    exam.store.close()
    with sqlite3.connect(tmp_path / "progress.sqlite3") as conn:
        conn.execute(EXAM_DAMAGE[damage])
    store = Store.open(tmp_path / "progress.sqlite3", daily_backup=False)
    assert ExamSitting.resume(quiz_deck(), store, monotonic=Ticks()) is None
    fresh = sit(tmp_path, Ticks(), store)  # a new exam can be sat and handed in
    fresh.finish()
    assert [s.id for s in stored.exam_history(store)] == [fresh.exam_id]
    store.close()


def test_a_damaged_handed_in_exam_is_left_out_of_the_history(tmp_path: Path) -> None:
    exam = sit(tmp_path, Ticks())
    exam.finish()
    with sqlite3.connect(tmp_path / "progress.sqlite3") as conn:
        conn.execute("UPDATE exams SET finished_ms = 'x'")
    store = Store.open(tmp_path / "progress.sqlite3", daily_backup=False)
    assert stored.exam_history(store) == []
    store.close()
