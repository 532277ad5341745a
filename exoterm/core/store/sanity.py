"""What a sound card row and review-log row are: every field's range, in one place.

Imports check records with these rules (and tighter instants: see `Limits.for_import`);
reading the database uses the same rules, so a bad row that is already stored (an old
import, a hand edit) is skipped and named instead of crashing statistics, the queue or
the scheduler. `SOUND_CARD_SQL` is the same test as `card_problem` written as SQL, for
queries that must leave such rows out (tests check they agree).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from exoterm.core.srs.clock import to_ms

INT64_MIN, INT64_MAX = -(1 << 63), (1 << 63) - 1
DAY_MS = 86_400_000
MAX_STABILITY = 1e6  # days; FSRS itself stays far below
MAX_STEP = 100  # learning-step index
MAX_INTERVAL_S = 2 * 36500 * 86400
MAX_ID = 500  # characters of a card id
MAX_TEXT = 10_000  # characters of a response or fingerprint
Y2000_MS = to_ms(datetime(2000, 1, 1, tzinfo=timezone.utc))
YEAR_9000_MS = to_ms(datetime(9000, 1, 1, tzinfo=timezone.utc))


@dataclass(frozen=True, slots=True)
class Limits:
    """The instants a row may hold: answers in [low, high], due dates up to `due_high`."""

    low: int = 0
    high: int = YEAR_9000_MS
    due_high: int = YEAR_9000_MS

    @classmethod
    def for_import(cls, now_ms: int) -> Limits:
        """Imports: answers from 2000-01-01 to a year from now (a clock set wrong by a
        little), due dates up to the longest interval after that."""
        year = 366 * DAY_MS
        return cls(Y2000_MS, now_ms + year, now_ms + year + 36500 * DAY_MS)


STORED = Limits()
SOUND_CARD_SQL = (
    "(typeof(state) = 'integer' AND state BETWEEN 0 AND 3 "
    f"AND (due_ms IS NULL OR (typeof(due_ms) = 'integer' AND due_ms BETWEEN 0 AND {YEAR_9000_MS})) "
    "AND (last_review_ms IS NULL OR (typeof(last_review_ms) = 'integer' "
    f"AND last_review_ms BETWEEN 0 AND {YEAR_9000_MS})) "
    "AND typeof(reps) = 'integer' AND reps >= 0 AND typeof(lapses) = 'integer' AND lapses >= 0 "
    "AND (state = 0 OR (typeof(stability) IN ('real', 'integer') "
    f"AND stability > 0 AND stability <= {MAX_STABILITY:g} "
    "AND typeof(difficulty) IN ('real', 'integer') AND difficulty BETWEEN 1 AND 10 "
    "AND due_ms IS NOT NULL AND last_review_ms IS NOT NULL "
    f"AND ((state = 2 AND step IS NULL) OR (typeof(step) = 'integer' "
    f"AND step BETWEEN 0 AND {MAX_STEP})))))"
)


def _int(value: Any, low: int, high: int) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return "must be a whole number"
    if not low <= value <= high:
        return f"must be from {low} to {high} (got {value})"
    return None


def _number(value: Any, low: float, high: float, above: bool = False) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "must be a number"
    if not math.isfinite(value) or value < low or value > high or (above and value == low):
        return f"must be {'above' if above else 'from'} {low:g} {'and at most' if above else 'to'} " \
               f"{high:g} (got {value!r})"
    return None


def _instant(value: Any, low: int, high: int) -> str | None:
    why = _int(value, INT64_MIN, INT64_MAX)
    if why:
        return why
    if not low <= value <= high:
        return f"date {value} ms is outside {_day(low)} … {_day(high)}"
    return None


def _day(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, timezone.utc).date().isoformat()


def _text(value: Any, limit: int) -> str | None:
    if not isinstance(value, str):
        return "must be text"
    if len(value) > limit:
        return f"longer than {limit} characters"
    return None


def card_problem(card: Mapping[str, Any], limits: Limits = STORED) -> tuple[str, str] | None:
    """(field, why) for the first scheduling field of `card` outside its range, or None.

    Reads the fields state, step, stability, difficulty, due_ms, last_review_ms, reps and
    lapses (values as stored: None for NULL)."""
    state = card.get("state")
    if isinstance(state, bool) or not isinstance(state, int) or not 0 <= state <= 3:
        return "state", f"must be 0 (new), 1 (learning), 2 (review) or 3 (relearning), got {state!r}"
    for name in ("reps", "lapses"):
        why = _int(card.get(name), 0, INT64_MAX)
        if why:
            return name, why
    checks = (("due_ms", limits.low, limits.due_high), ("last_review_ms", limits.low, limits.high))
    for name, low, high in checks:
        value = card.get(name)
        if value is None and state == 0:
            continue
        why = "must be set for a studied card" if value is None else _instant(value, low, high)
        if why:
            return name, why
    if state == 0:
        return None
    step = card.get("step")
    if state != 2 or step is not None:
        why = "must be set while learning" if step is None else _int(step, 0, MAX_STEP)
        if why:
            return "step", why
    why = _number(card.get("stability"), 0, MAX_STABILITY, True)
    if why:
        return "stability", why
    why = _number(card.get("difficulty"), 1, 10)
    if why:
        return "difficulty", why
    return None


def review_problem(review: Mapping[str, Any], limits: Limits = STORED) -> tuple[str, str] | None:
    """(field, why) for the first field of a review-log row outside its range, or None."""
    kind, rating = review.get("kind"), review.get("rating")
    why = _int(kind, 0, 6)
    if why:
        return "kind", why + " (0 learn, 1 review, 2 relearn, 3 cram, 4 manual, 5-6 exam)"
    why = _int(rating, 0, 4)
    if why:
        return "rating", why + " (1 again … 4 easy; 0 for a manual change)"
    if (rating == 0) != (kind == 4):
        return "rating", "0 goes with kind 4 (a manual change) and only with it"
    checks: tuple[tuple[str, str | None], ...] = (
        ("id", _int(review.get("id"), 0, INT64_MAX)),
        ("card_id", _text(review.get("card_id"), MAX_ID)),
        ("ivl_s", _int(review.get("ivl_s"), 0, MAX_INTERVAL_S)),
        ("last_ivl_s", _int(review.get("last_ivl_s"), 0, MAX_INTERVAL_S)),
        ("duration_ms", _int(review.get("duration_ms"), 0, INT64_MAX)),
        ("reviewed_ms", _instant(review.get("reviewed_ms"), limits.low, limits.high)),
    )
    for name, why in checks:
        if why:
            return name, why
    optional = (("stability", _number, (0, MAX_STABILITY, True)), ("difficulty", _number, (1, 10)),
                ("response", _text, (MAX_TEXT,)), ("correct", _int, (0, 1)))
    for name, check, args in optional:
        value = review.get(name)
        if value is not None and (why := check(value, *args)):
            return name, why
    return None
