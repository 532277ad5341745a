"""Read-only queries behind the learner's statistics (`core/progress.py` computes them).

Times are epoch milliseconds (`srs.clock.to_ms`), as stored. Each query takes the
database lock but no transaction of its own, so a caller can run several inside one
`db.read()` snapshot.
"""

from __future__ import annotations

from typing import NamedTuple

from exoterm.core.srs.scheduler import ReviewKind
from exoterm.core.store.database import Database
from exoterm.core.store.sanity import SOUND_CARD_SQL, SOUND_REVIEW_SQL, card_problem, review_problem


class CardSummary(NamedTuple):
    """One card as the statistics count it."""

    id: str
    state: int  # Phase value
    stability: float | None
    suspended: bool
    present: bool  # False: its content is gone from the deck


class AnswerCounts(NamedTuple):
    """Answers in a window: all of them (no manual changes), the review-state ones, and
    the review-state ones that were not "Again"."""

    total: int
    reviews: int
    passed: int


def card_summaries(db: Database) -> list[CardSummary]:
    """Every sound card (damaged ones are listed by `damaged_cards` instead)."""
    with db.lock:
        rows = db.conn.execute("SELECT id, state, stability, suspended, present FROM cards "
                               f"WHERE {SOUND_CARD_SQL}")
        return [CardSummary(cid, int(state), stability, bool(suspended), bool(present))
                for cid, state, stability, suspended, present in rows]


def state_counts(db: Database) -> dict[tuple[bool, bool, int], int]:
    """How many sound cards there are per (present, suspended, state). Counted in SQL:
    making a `CardSummary` of every card to count them took 52 ms at 41,000 cards."""
    with db.lock:
        rows = db.conn.execute("SELECT present, suspended, state, COUNT(*) FROM cards "
                               f"WHERE {SOUND_CARD_SQL} GROUP BY present, suspended, state")
        return {(bool(present), bool(suspended), int(state)): int(n)
                for present, suspended, state, n in rows}


def learned_count(db: Database) -> int:
    """How many sound cards are studied (learning, review or relearning), not suspended
    and still in the deck. Through the due index: no scan of the new cards."""
    with db.lock:
        return int(db.conn.execute("SELECT COUNT(*) FROM cards WHERE state IN (1, 2, 3) "
                                   f"AND suspended = 0 AND present = 1 AND {SOUND_CARD_SQL}"
                                   ).fetchone()[0])


def damaged_cards(db: Database) -> list[tuple[str, str]]:
    """(card id, "field: why") of each card whose stored scheduling is out of range; the
    queue and statistics skip them."""
    columns = ("state", "step", "stability", "difficulty", "due_ms", "last_review_ms", "reps",
               "lapses")
    with db.lock:
        rows = db.conn.execute(f"SELECT id, {', '.join(columns)} FROM cards "
                               f"WHERE NOT {SOUND_CARD_SQL} ORDER BY id").fetchall()
    out = []
    for card_id, *values in rows:
        problem = card_problem(dict(zip(columns, values, strict=True)))
        out.append((str(card_id), f"{problem[0]}: {problem[1]}" if problem else "out of range"))
    return out


_REVIEW_FIELDS = ("id", "card_id", "rating", "ivl_s", "last_ivl_s", "stability", "difficulty",
                  "duration_ms", "kind", "reviewed_ms", "response", "correct")


def damaged_reviews(db: Database) -> list[tuple[str, str]]:
    """(card id and answer id, "field: why") of each review-log row out of range; the
    statistics, results export, sync and the optimizer skip them."""
    with db.lock:
        rows = db.conn.execute(f"SELECT {', '.join(_REVIEW_FIELDS)} FROM revlog "
                               f"WHERE NOT {SOUND_REVIEW_SQL} ORDER BY id").fetchall()
    out = []
    for values in rows:
        review = dict(zip(_REVIEW_FIELDS, values, strict=True))
        problem = review_problem(review)
        why = f"{problem[0]}: {problem[1]}" if problem else "out of range"
        out.append((f"{str(review['card_id'])[:80]} (answer {review['id']})", why))
    return out


def due_times(db: Database, before_ms: int) -> list[int]:
    """When each scheduled (studied, not suspended, present) card due before `before_ms` is due."""
    with db.lock:
        # `IN`, not `state > 0`: with the range SQLite walked every new card (11 ms at 41,000)
        rows = db.conn.execute("SELECT due_ms FROM cards WHERE state IN (1, 2, 3) AND suspended = 0 "
                               f"AND present = 1 AND due_ms < ? AND {SOUND_CARD_SQL}",
                               (before_ms,))
        return [r[0] for r in rows]


def answer_counts(db: Database, since_ms: int) -> AnswerCounts:
    """Answers logged since `since_ms` (by log id, which is the answer's epoch ms)."""
    with db.lock:
        total, reviews, passed = db.conn.execute(
            "SELECT COUNT(*), COALESCE(SUM(kind = ?), 0), COALESCE(SUM(kind = ? AND rating > 1), 0)"
            " FROM revlog WHERE id >= ? AND kind != ?",
            (ReviewKind.REVIEW, ReviewKind.REVIEW, since_ms, ReviewKind.MANUAL)).fetchone()
    return AnswerCounts(int(total), int(reviews), int(passed))


def answer_times(db: Database, start_ms: int, end_ms: int) -> list[int]:
    """When each answer in [start_ms, end_ms) was given (cram counts, manual changes do not)."""
    with db.lock:
        rows = db.conn.execute("SELECT reviewed_ms FROM revlog WHERE reviewed_ms >= ? "
                               "AND reviewed_ms < ? AND kind != ?",
                               (start_ms, end_ms, ReviewKind.MANUAL))
        return [r[0] for r in rows]


def answered_between(db: Database, start_ms: int, end_ms: int) -> bool:
    """Whether any answer (not a manual change) is logged in [start_ms, end_ms)."""
    with db.lock:
        hit = db.conn.execute("SELECT 1 FROM revlog WHERE id >= ? AND id < ? AND kind != ? "
                              "LIMIT 1", (start_ms, end_ms, ReviewKind.MANUAL)).fetchone()
    return hit is not None


class Outcome(NamedTuple):
    """One judged answer: right or not (a self-graded one: not "Again"), and when."""

    card_id: str
    reviewed_ms: int
    right: bool
    kind: int  # ReviewKind value


def answer_outcomes(db: Database, since_ms: int = 0) -> list[Outcome]:
    """Every answer since `since_ms` in answer order (no manual changes), for the weak
    list and accuracy per section and category."""
    with db.lock:
        rows = db.conn.execute(
            "SELECT card_id, reviewed_ms, COALESCE(correct, rating > 1), kind FROM revlog "
            f"WHERE id >= ? AND kind != ? AND {SOUND_REVIEW_SQL} ORDER BY id",
            (since_ms, ReviewKind.MANUAL))
        return [Outcome(str(c), int(ms), bool(ok), int(k)) for c, ms, ok, k in rows]
