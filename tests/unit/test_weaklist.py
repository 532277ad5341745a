"""The weak list: wrong in review or an exam joins; two later right answers on different
study days (the rollover hour counts) leave; a wrong answer meanwhile starts again."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from quiz_fixtures import open_store

from exoterm.core.srs.clock import to_ms, zone
from exoterm.core.srs.scheduler import Rating, ReviewKind
from exoterm.core.store.stats import Outcome
from exoterm.core.weaklist import weak_cards, weak_list

TOKYO = zone("Asia/Tokyo")
T0 = datetime(2025, 4, 1, 3, 0, tzinfo=timezone.utc)  # 12:00 in Tokyo


def at(hours: float) -> int:
    return to_ms(T0 + timedelta(hours=hours))


def o(card: str, hours: float, right: bool, kind: int = ReviewKind.REVIEW) -> Outcome:
    return Outcome(card, at(hours), right, kind)


def test_wrong_joins_and_two_right_days_leave() -> None:
    log = [o("a", 0, False), o("a", 1, True), o("a", 2, True)]  # both right on day 1
    assert weak_cards(log, TOKYO, 4) == ["a"]
    assert weak_cards([*log, o("a", 24, True)], TOKYO, 4) == []  # a second day


def test_a_wrong_answer_restarts_the_count() -> None:
    log = [o("a", 0, False), o("a", 24, True), o("a", 25, False), o("a", 48, True)]
    assert weak_cards(log, TOKYO, 4) == ["a"]


def test_right_answers_before_the_miss_do_not_count() -> None:
    log = [o("a", 0, True), o("a", 24, True), o("a", 48, False)]
    assert weak_cards(log, TOKYO, 4) == ["a"]
    assert weak_cards([o("b", 0, True)], TOKYO, 4) == []


def test_the_study_day_follows_the_rollover_hour() -> None:
    # 12:00 and 27:30 (03:30 next morning in Tokyo) are one study day with a 4:00 rollover
    log = [o("a", 0, False), o("a", 1, True), o("a", 15.5, True)]
    assert weak_cards(log, TOKYO, 4) == ["a"]
    assert weak_cards(log, TOKYO, 0) == []


def test_exam_answers_count_and_the_latest_miss_comes_first(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    store.answer("item:a", Rating.Again, correct=False, now=T0)
    store.answer("item:b", Rating.Good, correct=True, now=T0)
    from exoterm.core.store.reviews import log_exam_answer

    with store.write() as conn:
        log_exam_answer(conn, store.scheduler, "item:c", correct=False,
                        when=T0 + timedelta(hours=1), duration_ms=0, response=None,
                        move_schedule=False)
    store.answer("term:x:ja>en", Rating.Again, now=T0 + timedelta(hours=2))  # self-graded
    assert weak_list(store) == ["term:x:ja>en", "item:c", "item:a"]
    store.undo()
    assert weak_list(store) == ["item:c", "item:a"]
