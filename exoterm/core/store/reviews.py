"""The review log and the undo journal: answers and manual changes to a card's schedule.

Every answer is one `BEGIN IMMEDIATE` transaction writing the log row, the card state and
its undo record together, so an answer is either saved whole or not at all, even if the
process is killed mid-way. Resets and suspensions are journaled the same way, so the
latest UNDO_DEPTH (or a few more) steps can be reverted exactly.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from exoterm.core import jsonsafe
from exoterm.core.srs.clock import from_ms, to_ms
from exoterm.core.srs.scheduler import CardState, Outcome, Rating, ReviewKind, SrsScheduler
from exoterm.core.srs.scheduler import reset as reset_state
from exoterm.core.store import outbox
from exoterm.core.store.cards import (
    SCHED_COLUMNS,
    UPDATE_CARD,
    content_fingerprint,
    read_card,
    scheduling_row,
    state_to_row,
)
from exoterm.core.store.database import Database
from exoterm.core.store.sanity import SOUND_REVIEW_SQL, card_problem

UNDO_DEPTH = 50
# The event id (uid, for sync and xAPI) is made here rather than by the column's default
# (for other writers: all random). Its first 12 hex digits
# are the answer's time (the other 20 random), so a new uid goes at the end of the
# unique index like the row itself: a random one dirtied another index page per answer,
# one more page for every commit's fsync (measured: ~30 µs of 0.35 ms per answer on disk).
_INSERT_LOG = ("INSERT INTO revlog(id, card_id, rating, ivl_s, last_ivl_s, stability, difficulty, "
               "duration_ms, kind, reviewed_ms, response, correct, uid) "
               "VALUES ((SELECT MAX(?, COALESCE(MAX(id) + 1, 0)) FROM revlog), "
               "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, printf('%012x', ?) || lower(hex(randomblob(10))))")


@dataclass(frozen=True, slots=True)
class Answered:
    """A saved answer: the outcome and the id of its review-log row."""

    outcome: Outcome
    revlog_id: int


class Review(NamedTuple):
    """One review-log row as the history of a card needs it."""

    card_id: str
    rating: int  # 1 again .. 4 easy; 0 manual change
    kind: int  # ReviewKind value
    reviewed_ms: int  # epoch ms of the answer


# The card's scheduling columns as they are now, copied by SQL (exact, no JSON to make).
_JOURNAL = (f"INSERT INTO undo(action, card_id, revlog_id, {', '.join(SCHED_COLUMNS)}) "
            f"SELECT ?, id, ?, {', '.join(SCHED_COLUMNS)} FROM cards WHERE id = ?")
_LATEST_STEP = (f"SELECT id, card_id, revlog_id, before, {', '.join(SCHED_COLUMNS)} FROM undo "
                "ORDER BY id DESC LIMIT 1")


def _journal(conn: sqlite3.Connection, action: str, card_id: str,
             revlog_id: int | None) -> None:
    """Journal the card's state before a change to it (call before changing the card)."""
    cur = conn.execute(_JOURNAL, (action, revlog_id, card_id))
    last = cur.lastrowid or 0
    if last % 16 == 0:  # trim now and then: keeps UNDO_DEPTH to UNDO_DEPTH + 15 steps
        conn.execute("DELETE FROM undo WHERE id <= ?", (last - UNDO_DEPTH,))


def _log(conn: sqlite3.Connection, card_id: str, rating: int, ivl_s: int,
         last_ivl_s: int, state: CardState, duration_ms: int, kind: ReviewKind,
         reviewed_ms: int, response: str | None = None, correct: bool | None = None) -> int:
    # Ids are epoch ms but strictly increasing, so log order is answer order even
    # when two answers share a millisecond or the clock was set back.
    cur = conn.execute(_INSERT_LOG, (reviewed_ms, card_id, rating, ivl_s, last_ivl_s,
                                     state.stability, state.difficulty, duration_ms,
                                     int(kind), reviewed_ms, response,
                                     None if correct is None else int(correct), reviewed_ms))
    return int(cur.lastrowid or 0)


def answer(db: Database, card_id: str, rating: Rating | int, *, duration_ms: int = 0,
           now: datetime | None = None, cram: bool = False, response: str | None = None,
           correct: bool | None = None, statement: tuple[str, str] | None = None) -> Answered:
    """Schedule and save one answer (log row + card state + undo record, atomically).

    `response` (choice ids or typed text) and `correct` are kept for results export;
    `statement` (learner, xAPI statement JSON) goes to the LRS outbox in the same transaction.
    """
    when = db.now(now)
    scheduler = db.scheduler
    with db.write() as conn:
        before, current = read_card(conn, card_id)
        outcome = scheduler.answer(current, Rating(rating), when, cram=cram)
        new = current if cram else outcome.state  # cram: logged, schedule untouched
        rid = _log(conn, card_id, int(rating), round(outcome.interval.total_seconds()),
                   round(current.interval.total_seconds()), new,
                   max(0, int(duration_ms)), outcome.kind, to_ms(when), response, correct)
        _journal(conn, "answer", card_id, rid)
        conn.execute(UPDATE_CARD, (*state_to_row(new), *before[8:], card_id))
        if statement is not None:
            outbox.enqueue(conn, rid, statement[0], statement[1], to_ms(when))
    return Answered(outcome, rid)


def log_exam_answer(conn: sqlite3.Connection, scheduler: SrsScheduler, card_id: str, *,
                    correct: bool, when: datetime, duration_ms: int, response: str | None,
                    move_schedule: bool, statement: tuple[str, str] | None = None) -> int:
    """Log one mock-exam answer inside the caller's transaction (kind EXAM: the schedule
    stays; with `move_schedule`, EXAM_SCHEDULED and the card moves as after a review:
    Again when wrong, Good when right). Not journaled: a handed-in exam is not undone."""
    before, current = read_card(conn, card_id)
    rating = Rating.Good if correct else Rating.Again
    outcome = scheduler.answer(current, rating, when)
    new = outcome.state if move_schedule else current
    kind = ReviewKind.EXAM_SCHEDULED if move_schedule else ReviewKind.EXAM
    rid = _log(conn, card_id, int(rating), round(outcome.interval.total_seconds())
               if move_schedule else 0, round(current.interval.total_seconds()), new,
               max(0, int(duration_ms)), kind, to_ms(when), response, correct)
    if move_schedule:
        conn.execute(UPDATE_CARD, (*state_to_row(new), *before[8:], card_id))
    if statement is not None:
        outbox.enqueue(conn, rid, statement[0], statement[1], to_ms(when))
    return rid


def preview(db: Database, card_id: str, now: datetime | None = None) -> dict[Rating, Outcome]:
    """What each rating would do to the card now: the scheduler call `answer` makes."""
    when = db.now(now)
    with db.lock:
        current = read_card(db.conn, card_id)[1]
    return db.scheduler.preview(current, when)


def reset_card(db: Database, card_id: str, now: datetime | None = None) -> None:
    """Make a studied card new again (e.g. its content changed a lot); history is kept."""
    when = db.now(now)
    with db.write() as conn:
        before, current = read_card(conn, card_id)
        fingerprint = content_fingerprint(conn, card_id)
        rid = _log(conn, card_id, 0, 0, round(current.interval.total_seconds()),
                   reset_state(current), 0, ReviewKind.MANUAL, to_ms(when))
        _journal(conn, "reset", card_id, rid)
        conn.execute(UPDATE_CARD, (*state_to_row(reset_state(current)), fingerprint, before[9],
                                   card_id))


def suspend(db: Database, card_id: str, suspended: bool = True) -> None:
    """Take a card out of (or back into) the schedule; undoable."""
    with db.write() as conn:
        scheduling_row(conn, card_id)  # adds the card when unknown
        _journal(conn, "suspend", card_id, None)
        conn.execute("UPDATE cards SET suspended = ? WHERE id = ?", (int(suspended), card_id))


def undo(db: Database, card_id: str | None = None) -> str | None:
    """Revert the latest answer, reset or suspension exactly; returns its card id.

    With `card_id`, only if the latest step is that card's (another process may have
    answered since), else nothing is changed and None is returned.
    """
    with db.write() as conn:
        row = conn.execute(_LATEST_STEP).fetchone()
        state = None if row is None else _restorable(row)
        while row is not None and state is None:
            conn.execute("DELETE FROM undo WHERE id = ?", (row[0],))  # damaged: skipped
            row = conn.execute(_LATEST_STEP).fetchone()
            state = None if row is None else _restorable(row)
        if row is None or state is None or (card_id is not None and row[1] != card_id):
            return None
        undo_id, card_id, revlog_id = row[:3]
        if revlog_id is not None:
            conn.execute("DELETE FROM revlog WHERE id = ?", (revlog_id,))
            outbox.on_undo(conn, revlog_id, to_ms(db.now()))
        conn.execute(UPDATE_CARD, (*state, card_id))
        conn.execute("DELETE FROM undo WHERE id = ?", (undo_id,))
    return str(card_id)


def _restorable(step: tuple[Any, ...]) -> tuple[Any, ...] | None:
    """The card columns a journal step puts back; None when the step is damaged (a hand
    edit: NULL columns, values out of range, JSON that is not the columns), so undo skips
    it instead of failing on NOT NULL or writing a card the scheduler cannot use. Steps
    journaled before schema 9 hold the columns as JSON in `before`."""
    before = step[3]
    try:
        values = tuple(step[4:]) if before is None else tuple(jsonsafe.loads(before))
    except (jsonsafe.JsonError, TypeError):
        return None
    if len(values) != len(SCHED_COLUMNS):
        return None
    card = dict(zip(SCHED_COLUMNS, values, strict=True))
    if card_problem(card) or not isinstance(card["fingerprint"], str) \
            or card["suspended"] not in (0, 1):
        return None
    return values


def undo_depth(db: Database) -> int:
    with db.lock:
        return int(db.conn.execute("SELECT COUNT(*) FROM undo").fetchone()[0])


def history(db: Database, card_id: str) -> list[tuple[int, int, int, int]]:
    """(revlog id, rating, kind, reviewed ms) of a card's log, in answer order."""
    with db.lock:
        rows = db.conn.execute("SELECT id, rating, kind, reviewed_ms FROM revlog "
                               f"WHERE card_id = ? AND {SOUND_REVIEW_SQL} ORDER BY id",
                               (card_id,)).fetchall()
    return [tuple(r) for r in rows]


def review_log(db: Database) -> list[Review]:
    """Every card's log, in answer order (what the optimizer fits parameters to)."""
    with db.lock:
        rows = db.conn.execute("SELECT card_id, rating, kind, reviewed_ms FROM revlog "
                               f"WHERE {SOUND_REVIEW_SQL} ORDER BY id").fetchall()
    return [Review(*row) for row in rows]


def replay(db: Database, card_id: str) -> CardState:
    """The card's state recomputed from its log alone (checks the log is complete)."""
    return replay_log(db.scheduler, card_id,
                      ((rating, kind, ms) for _rid, rating, kind, ms in history(db, card_id)))


def replay_log(scheduler: SrsScheduler, card_id: str,
               log: Iterable[tuple[int, int, int]]) -> CardState:
    """The state a card reaches through (rating, kind, reviewed ms) steps in order: the
    scheduler calls `answer` and `reset_card` made (sync rebuilds merged logs with it)."""
    state = CardState(card_id)
    for rating, kind, reviewed_ms in log:
        if kind == ReviewKind.MANUAL:
            state = reset_state(state)
        elif kind in (ReviewKind.CRAM, ReviewKind.EXAM):
            continue  # practice or a mock exam outside the schedule
        else:
            state = scheduler.answer(state, Rating(rating), from_ms(reviewed_ms)).state
    return state
