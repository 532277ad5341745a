"""Stats for exam practice: accuracy per section and category over 30 days next to the
pass lines, the study-day calendar, the mock-exam history, and `stats --json`."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from quiz_fixtures import QUIZ_DECK, T0, open_store, quiz_deck, right_answer

from exoterm.cli import main
from exoterm.core.exam.builder import ExamOptions, build_exam
from exoterm.core.exam.progress import (
    HEATMAP_WEEKS,
    accuracy_lines,
    compute_exam_progress,
    heatmap_rows,
    heatmap_text,
)
from exoterm.core.exam.sitting import ExamSitting
from exoterm.core.srs.clock import FixedClock
from exoterm.core.srs.scheduler import Rating
from exoterm.core.store import Store


def test_section_and_category_accuracy_over_30_days(tmp_path: Path) -> None:
    clock = FixedClock(T0 - timedelta(days=40))
    store = open_store(tmp_path, clock)
    store.answer("item:size-single", Rating.Again, correct=False)  # 40 days ago: left out
    clock.set(T0)
    store.answer("item:size-single", Rating.Good, correct=True)  # 必修
    store.answer("item:approved-tf", Rating.Again, correct=False)  # 状況設定
    store.answer("item:ev-typed", Rating.Good, correct=True)  # no section: 一般
    store.answer("term:exosome:ja>en", Rating.Again)  # self-graded: a category, no section
    p = compute_exam_progress(store, quiz_deck(), "en")
    assert {s: (t.right, t.asked) for s, t in p.sections.items() if t.asked} == {
        "必修": (1, 1), "一般": (1, 1), "状況設定": (0, 1)}
    assert sum(c.tally.asked for c in p.categories) == 4
    lines = dict(accuracy_lines(p, "en"))
    assert lines["必修: 1/1 (100%)  pass line 80%"] is True
    assert lines["状況設定: 0/1 (0%)  pass line 65%"] is False


def test_calendar_marks_study_days_by_weekday_and_week(tmp_path: Path) -> None:
    clock = FixedClock(T0 - timedelta(days=7))
    store = open_store(tmp_path, clock)
    for _ in range(4):
        store.answer("item:size-single", Rating.Good, correct=True)
    clock.set(T0)
    store.answer("item:cargo-multi", Rating.Good, correct=True)
    p = compute_exam_progress(store, quiz_deck(), "ja")
    rows = heatmap_rows(p, "ja")
    assert [name for name, _ in rows] == list("月火水木金土日")
    today = p.today.weekday()
    assert all(len(levels) == HEATMAP_WEEKS for _, levels in rows)
    assert rows[today][1][-1] == 1 and rows[today][1][-2] == 4  # 1 answer; 4 the week before
    assert all(levels[-1] is None for _, levels in rows[today + 1:])  # after today
    assert sum(lv or 0 for _, levels in rows for lv in levels) == 5
    assert max(len(line) for line in heatmap_text(p, "ja")) <= 80


def test_exam_history_and_stats_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("EXOTERM_HOME", str(home))
    monkeypatch.setenv("EXOTERM_CONTENT", str(QUIZ_DECK))
    home.mkdir()
    store = Store.open(home / "progress.sqlite3", daily_backup=False)  # the real clock
    today = store.today().isoformat()
    exam = ExamSitting.start(quiz_deck(), store, build_exam(quiz_deck(), ExamOptions(
        questions=4, seed=1)), "en")
    exam.answer(right_answer(exam.current.question))
    exam.finish()
    store.close()
    assert main(["stats", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(e["right"], e["asked"]) for e in data["exams"]] == [(1, 4)]
    assert data["exams"][0]["day"] == today
    sections = data["accuracy_30d"]["sections"]
    assert sections["必修"]["pass_line"] == 80 and sections["一般"]["pass_line"] == 65
    assert sum(s["answered"] for s in sections.values()) == 4
    assert data["study_days"] == [{"day": today, "answers": 4}]
    assert main(["--lang", "en", "stats"]) == 0
    out = capsys.readouterr().out
    assert "Mock exam history" in out and f"{today}  1/4 (25%)" in out
