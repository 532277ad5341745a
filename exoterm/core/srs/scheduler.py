"""The FSRS-6 scheduler (the `fsrs` library) wrapped for exoterm's rules.

The library does the memory model; this wrapper adds what it leaves to the app: UTC-only
datetimes, a "new" state, explicit card ids, seeded per-card fuzz instead of fsrs's global
random fuzz, and strictly increasing Hard < Good < Easy intervals (fsrs alone can give
Good > Easy after fuzz, and Hard > Good with long learning steps). A review card's Good
interval is fuzzed first and the others fitted around it, so answering Good, the usual
answer, takes one fsrs call (see `_needed`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import IntEnum

from fsrs import Card, Rating, Scheduler, State

from exoterm.core.srs.clock import DAY, ensure_utc
from exoterm.core.srs.fuzz import fsrs_card_number, fuzz_factor, fuzz_seed, fuzzed_interval
from exoterm.core.srs.settings import SrsSettings

__all__ = ["CardState", "Outcome", "Phase", "Rating", "ReviewKind", "SrsScheduler"]


class Phase(IntEnum):
    """Where a card is in its life; values match the `cards.state` column."""

    NEW = 0
    LEARNING = 1
    REVIEW = 2
    RELEARNING = 3


class ReviewKind(IntEnum):
    """What kind of answer a review-log row records (Anki's revlog `type` values)."""

    LEARN = 0
    REVIEW = 1
    RELEARN = 2
    CRAM = 3
    MANUAL = 4
    EXAM = 5  # a mock-exam answer: logged, the schedule left as it was (the default)
    EXAM_SCHEDULED = 6  # a mock-exam answer that moved the schedule (a setting)


@dataclass(frozen=True, slots=True)
class CardState:
    """A card's scheduling state; `due` and `last_review` are UTC, None while new."""

    card_id: str
    phase: Phase = Phase.NEW
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    due: datetime | None = None
    last_review: datetime | None = None
    reps: int = 0
    lapses: int = 0

    @property
    def interval(self) -> timedelta:
        """The interval the card was last scheduled with (zero while new)."""
        if self.due is None or self.last_review is None:
            return timedelta(0)
        return self.due - self.last_review


@dataclass(frozen=True, slots=True)
class Outcome:
    """The result of one answer: the new state, its interval and the log kind."""

    rating: Rating
    state: CardState
    interval: timedelta
    kind: ReviewKind


_FSRS_STATE = {Phase.LEARNING: State.Learning, Phase.REVIEW: State.Review,
               Phase.RELEARNING: State.Relearning}
_PHASE = {State.Learning: Phase.LEARNING, State.Review: Phase.REVIEW,
          State.Relearning: Phase.RELEARNING}
_KIND = {Phase.NEW: ReviewKind.LEARN, Phase.LEARNING: ReviewKind.LEARN,
         Phase.REVIEW: ReviewKind.REVIEW, Phase.RELEARNING: ReviewKind.RELEARN}
_PASSING = (Rating.Hard, Rating.Good, Rating.Easy)


class SrsScheduler:
    """Schedules answers with fsrs under one profile's settings; pure and deterministic."""

    def __init__(self, settings: SrsSettings | None = None) -> None:
        self.settings = settings or SrsSettings()
        s = self.settings
        self._fsrs = Scheduler(
            parameters=s.parameters,
            desired_retention=s.desired_retention,
            learning_steps=tuple(timedelta(minutes=m) for m in s.learning_steps),
            relearning_steps=tuple(timedelta(minutes=m) for m in s.relearning_steps),
            maximum_interval=s.maximum_interval,
            enable_fuzzing=False,
        )

    def answer(
        self, card: CardState, rating: Rating, now: datetime, *, cram: bool = False,
        seed: int | None = None,
    ) -> Outcome:
        """The state after answering `card` with `rating` at `now` (aware datetime).

        `seed` overrides the fuzz seed (default: hash of the card id + its review count).
        """
        rating = Rating(rating)
        wanted = _needed(card.phase, rating)
        return self._outcomes(card, ensure_utc(now), wanted, cram, seed, keep=(rating,))[rating]

    def preview(
        self, card: CardState, now: datetime, *, seed: int | None = None
    ) -> dict[Rating, Outcome]:
        """What each of the four buttons would do now (for labels like "10m / 3d")."""
        # in the order `_needed` gives: a review card's Good before Hard and Easy
        order = ((Rating.Again, Rating.Good, Rating.Hard, Rating.Easy)
                 if card.phase == Phase.REVIEW else tuple(Rating))
        outcomes = self._outcomes(card, ensure_utc(now), order, False, seed, keep=order)
        return {rating: outcomes[rating] for rating in Rating}

    def retrievability(self, card: CardState, now: datetime) -> float:
        """Predicted probability of recall at `now` (0 for a new card)."""
        if card.phase == Phase.NEW:
            return 0.0
        return float(self._fsrs.get_card_retrievability(self._to_fsrs(card, now), ensure_utc(now)))

    def _to_fsrs(self, card: CardState, now: datetime) -> Card:
        number = fsrs_card_number(card.card_id)
        if card.phase == Phase.NEW:
            return Card(card_id=number, state=State.Learning, step=0, due=now)
        return Card(
            card_id=number,
            state=_FSRS_STATE[card.phase],
            step=card.step,
            stability=card.stability,
            difficulty=card.difficulty,
            due=card.due or now,
            last_review=card.last_review,
        )

    def _outcomes(
        self, card: CardState, now: datetime, wanted: tuple[Rating, ...], cram: bool,
        seed: int | None, keep: tuple[Rating, ...],
    ) -> dict[Rating, Outcome]:
        """The outcomes of `keep`, computing `wanted` in order (see `_needed`); the others
        in `wanted` only bound the intervals of later ones."""
        before = self._to_fsrs(card, now)
        factor = fuzz_factor(fuzz_seed(card.card_id, card.reps) if seed is None else seed)
        maximum = self.settings.maximum_interval
        kind = ReviewKind.CRAM if cram else _KIND[card.phase]
        result: dict[Rating, Outcome] = {}
        good = 0  # a review card's Good interval (days), computed first
        previous: timedelta | None = None  # otherwise: interval of the next-lower passing rating
        for rating in wanted:
            after, _log = self._fsrs.review_card(before, rating, now)
            interval = after.due - now
            if card.phase == Phase.REVIEW and rating in _PASSING:
                if after.state != State.Review:
                    raise AssertionError(f"fsrs moved review card {card.card_id} out of review")
                # Fuzz Good within room for Hard below it and Easy above it, then those two.
                low, high = {Rating.Good: (2, maximum - 1), Rating.Hard: (1, good - 1),
                             Rating.Easy: (good + 1, maximum)}[rating]
                days = fuzzed_interval(interval / DAY, factor, low, max(high, low))
                good = days if rating == Rating.Good else good
                interval = timedelta(days=days)
            elif after.state == State.Review:
                # Day intervals: fuzz within bounds that keep Hard < Good < Easy strictly.
                minimum = 1 if previous is None else previous // DAY + 1
                cap = maximum - (2 - _PASSING.index(rating) if rating in _PASSING else 0)
                days = fuzzed_interval(interval / DAY, factor, minimum, max(cap, minimum))
                interval = timedelta(days=days)
            elif previous is not None and interval <= previous:
                interval = previous + timedelta(minutes=1)
            if rating in _PASSING:
                previous = interval
            if rating not in keep:
                continue
            lapsed = card.phase == Phase.REVIEW and rating == Rating.Again
            state = CardState(
                card_id=card.card_id,
                phase=_PHASE[after.state],
                step=after.step,
                stability=after.stability,
                difficulty=after.difficulty,
                due=now + interval,
                last_review=now,
                reps=card.reps + 1,
                lapses=card.lapses + (1 if lapsed else 0),
            )
            result[rating] = Outcome(rating, state, interval, kind)
        return result


def _needed(phase: Phase, rating: Rating) -> tuple[Rating, ...]:
    """The ratings to compute, in order, for `rating`'s interval (Hard < Good < Easy strictly).

    A review card's Good, by far the most common answer, is fuzzed on its own (leaving a day
    of room on either side) and needs no other rating; Hard is then kept below it and Easy
    above it. A card still learning goes up from Hard (its steps may be long: Good must
    stay above Hard's step), so its Good needs Hard first."""
    if rating == Rating.Again:
        return (rating,)
    if phase == Phase.REVIEW:
        return (Rating.Good,) if rating == Rating.Good else (Rating.Good, rating)
    return _PASSING[: _PASSING.index(rating) + 1]


def reset(card: CardState) -> CardState:
    """The card made new again (its history stays in the log)."""
    return replace(card, phase=Phase.NEW, step=None, stability=None, difficulty=None,
                   due=None, last_review=None, reps=0, lapses=0)
