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

from exoterm.core import jsonsafe
from exoterm.core.srs.clock import to_ms
from exoterm.core.textsafety import describe, disallowed

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

# `review_problem` as SQL (STORED limits), for readers of the review log that convert its
# values (statistics, results export, sync's replay, the optimizer): a bad row that is
# already stored is left out instead of crashing them (tests check the two agree).
SOUND_REVIEW_SQL = (
    "(typeof(kind) = 'integer' AND kind BETWEEN 0 AND 6 "
    "AND typeof(rating) = 'integer' AND rating BETWEEN 0 AND 4 AND (rating = 0) = (kind = 4) "
    f"AND typeof(id) = 'integer' AND id >= 0 "
    f"AND typeof(card_id) = 'text' AND length(card_id) <= {MAX_ID} "
    f"AND typeof(ivl_s) = 'integer' AND ivl_s BETWEEN 0 AND {MAX_INTERVAL_S} "
    f"AND typeof(last_ivl_s) = 'integer' AND last_ivl_s BETWEEN 0 AND {MAX_INTERVAL_S} "
    "AND typeof(duration_ms) = 'integer' AND duration_ms >= 0 "
    f"AND typeof(reviewed_ms) = 'integer' AND reviewed_ms BETWEEN 0 AND {YEAR_9000_MS} "
    "AND (stability IS NULL OR (typeof(stability) IN ('real', 'integer') "
    f"AND stability > 0 AND stability <= {MAX_STABILITY:g})) "
    "AND (difficulty IS NULL OR (typeof(difficulty) IN ('real', 'integer') "
    "AND difficulty BETWEEN 1 AND 10)) "
    f"AND (response IS NULL OR (typeof(response) = 'text' AND length(response) <= {MAX_TEXT})) "
    "AND (correct IS NULL OR (typeof(correct) = 'integer' AND correct IN (0, 1))))"
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


# Mock exams, bookmarks and LRS statements (progress import) ----------------------------
MAX_EXAM_QUESTIONS = 10_000  # questions in one exam (the real exam has 240)
MAX_STATEMENT = 100_000  # characters of one xAPI statement's JSON
EXAM_LANGS = ("ja", "en")
EXAM_SECTIONS = ("必修", "一般", "状況設定")  # content.models.SECTIONS (a test checks)
STATEMENT_VERBS = ("answered", "voided")


def _first(checks: tuple[tuple[str, str | None], ...]) -> tuple[str, str] | None:
    return next(((name, why) for name, why in checks if why), None)


def _choice(value: Any, known: tuple[Any, ...]) -> str | None:
    if isinstance(value, bool) or value not in known:
        return f"must be one of {', '.join(map(str, known))} (got {str(value)[:40]!r})"
    return None


def _id_text(value: Any) -> str | None:
    """A card id or learner name: 1 to MAX_ID characters, no control characters (it is
    printed by `bookmarks` and shown in the app)."""
    why = _text(value, MAX_ID)
    if why or not value:
        return why or "must not be empty"
    bad = disallowed(value, multiline=False)
    return None if bad is None else f"control character {describe(bad)} in text"


def exam_problem(exam: Mapping[str, Any], limits: Limits = STORED) -> tuple[str, str] | None:
    """(field, why) for the first field of a stored mock exam outside its range, or None.
    `finished_ms` is None while the exam is being sat. Times used stay far below int64:
    the exam adds to them and saves them again as whole milliseconds."""
    finished = exam.get("finished_ms")
    started = exam.get("started_ms")
    return _first((
        ("id", _int(exam.get("id"), 0, INT64_MAX)),
        ("started_ms", _instant(started, limits.low, limits.high)),
        ("finished_ms", None if finished is None else _instant(
            finished, started if isinstance(started, int) else limits.low, limits.high)),
        ("limit_s", _int(exam.get("limit_s"), 0, MAX_INTERVAL_S)),
        ("elapsed_ms", _int(exam.get("elapsed_ms"), 0, MAX_INTERVAL_S * 1000)),
        ("seed", _int(exam.get("seed"), INT64_MIN, INT64_MAX)),
        ("lang", _choice(exam.get("lang"), EXAM_LANGS)),
        ("pass_line", _int(exam.get("pass_line"), 0, 100)),
    ))


def exam_question_problem(question: Mapping[str, Any]) -> tuple[str, str] | None:
    """(field, why) for the first field of one exam question outside its range, or None."""
    response, correct = question.get("response"), question.get("correct")
    return _first((
        ("exam_id", _int(question.get("exam_id"), 0, INT64_MAX)),
        ("position", _int(question.get("position"), 0, MAX_EXAM_QUESTIONS - 1)),
        ("card_id", _id_text(question.get("card_id"))),
        ("section", _choice(question.get("section"), EXAM_SECTIONS)),
        ("response", None if response is None else _text(response, MAX_TEXT)),
        ("correct", None if correct is None else _int(correct, 0, 1)),
        ("flagged", _int(question.get("flagged"), 0, 1)),
        ("duration_ms", _int(question.get("duration_ms"), 0, MAX_INTERVAL_S * 1000)),
    ))


def bookmark_problem(bookmark: Mapping[str, Any], limits: Limits = STORED) -> tuple[str, str] | None:
    return _first((
        ("card_id", _id_text(bookmark.get("card_id"))),
        ("added_ms", _instant(bookmark.get("added_ms"), limits.low, limits.high)),
    ))


def statement_problem(row: Mapping[str, Any], limits: Limits = STORED) -> tuple[str, str] | None:
    """(field, why) for an LRS outbox row (a statement not sent yet): an answer's statement
    has its JSON body and its answer's event id; a voiding one has no body."""
    verb, body, event = row.get("verb"), row.get("body"), row.get("event")
    found = _first((
        ("verb", _choice(verb, STATEMENT_VERBS)),
        ("revlog_id", _int(row.get("revlog_id"), 0, INT64_MAX)),
        ("learner", _id_text(row.get("learner"))),
        ("created_ms", _instant(row.get("created_ms"), limits.low, limits.high)),
        ("event", None if event is None and verb == "voided" else _event(event)),
    ))
    if found:
        return found
    if verb == "voided":
        return None if body is None else ("body", "a voiding statement has no body")
    why = _text(body, MAX_STATEMENT) or _statement_body(str(body))
    return ("body", why) if why else None


def _statement_body(text: str) -> str | None:
    """An answer's statement must be a JSON object that `lrs push` can complete."""
    try:
        body = jsonsafe.loads(text)
    except jsonsafe.JsonError as err:
        return str(err)
    if not isinstance(body, dict):
        return "must be a JSON object"
    if "id" in body:
        return "must not carry a statement id (it is made from the event id)"
    context = body.get("context", {})
    if not isinstance(context, dict) or not isinstance(context.get("extensions", {}), dict):
        return "context and its extensions must be JSON objects"
    return None


def _event(value: Any) -> str | None:
    if not isinstance(value, str) or len(value) != 32 or value.strip("0123456789abcdef"):
        return "must be an event id (32 hex digits)"
    return None
