"""A study session: what to ask next, judging, committing to the store, undo, summary.

UI-agnostic and blocking (SQLite): a Textual screen calls it from a worker. The loop is

    q = session.next_question()          # None when done
    j = session.answer(line)             # or session.grade(rating) for a flashcard
    c = session.commit(j, easy=False)    # one store transaction; then show c / j

A card comes back in the same session only after an Again (it is being relearned): it
is asked again `requeue_gap` cards later. Cram sessions never touch the store.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from exoterm.core.content.models import Deck
from exoterm.core.quiz.judge import judge, self_grade, stored_response
from exoterm.core.quiz.present import question_for
from exoterm.core.quiz.questions import Judgement, Lang, Question
from exoterm.core.quiz.queueing import (
    SessionFilter,
    cram_order,
    due_queue,
    presentation_seed,
    session_order,
)
from exoterm.core.quiz.rating import rating_for
from exoterm.core.quiz.termcards import TermStyle
from exoterm.core.srs.cards import catalog as card_catalog
from exoterm.core.srs.scheduler import Rating
from exoterm.core.srs.settings import SrsSettings
from exoterm.core.store import Queue, Store

MAX_DURATION_S = 300.0  # longer pauses are logged as 5 minutes (the learner walked away)


@dataclass(frozen=True, slots=True)
class SessionOptions:
    """How a session is built; `seed` None picks one from the clock."""

    lang: Lang = "ja"
    limit: int | None = None
    cram: bool = False
    filter: SessionFilter = SessionFilter()
    term_style: TermStyle = "auto"
    typos: bool = True
    seed: int | None = None
    requeue_gap: int = 3


@dataclass(frozen=True, slots=True)
class Committed:
    """An answer after commit: the rating used and, unless cramming, the new due date."""

    judgement: Judgement
    rating: Rating
    saved: bool
    due: datetime | None = None
    interval: timedelta | None = None
    requeued: bool = False
    too_slow_for_easy: bool = False


@dataclass(slots=True)
class Summary:
    """Counts for the end-of-session line."""

    answered: int = 0
    right: int = 0
    almost: int = 0
    wrong: int = 0
    seconds: float = 0.0
    cards: set[str] = field(default_factory=set)
    ratings: Counter[int] = field(default_factory=Counter)


class StudySession:
    """One sitting of study over `deck`; `store` may be None only for cram sessions."""

    def __init__(self, deck: Deck, store: Store | None, options: SessionOptions | None = None,
                 *, monotonic: Callable[[], float] = time.monotonic) -> None:
        self.deck = deck
        self.store = store
        self.options = options or SessionOptions()
        if store is None and not self.options.cram:
            raise ValueError("a session that records answers needs a store")
        self._clock = monotonic
        self.seed = self.options.seed if self.options.seed is not None else time.time_ns()
        settings = store.settings if store is not None else SrsSettings()
        self.catalog = card_catalog(deck, settings.directions)
        self.plan = Queue((), (), (), 0, 0)
        self.queue: list[str] = []
        self.shown: Counter[str] = Counter()
        self.current: Question | None = None
        self._shown_at = 0.0
        self._history: list[tuple[Committed, Question]] = []
        self.summary = Summary()
        self._started = False

    # building ------------------------------------------------------------------------
    def start(self) -> list[str]:
        """Sync the catalog, read today's queue and order it (blocking); returns the order."""
        opts = self.options
        allowed = {c.id for c in self.catalog
                   if not opts.filter.active or opts.filter.matches(self.deck, c)}
        if opts.cram:
            self.queue = cram_order(self.deck, allowed, self.seed, opts.limit)
            self.plan = Queue((), (), tuple(self.queue), 0, 0)
        else:
            assert self.store is not None
            self.store.sync_catalog(self.catalog)
            self.plan = due_queue(self.store, allowed if opts.filter.active else None)
            self.queue = session_order(self.deck, self.plan, opts.limit)
        self._started = True
        return list(self.queue)

    @property
    def remaining(self) -> int:
        return len(self.queue)

    @property
    def position(self) -> int:
        """How many questions have been presented so far (the current one included)."""
        return sum(self.shown.values())

    # the loop ------------------------------------------------------------------------
    def next_question(self) -> Question | None:
        """The next question (the current one again if it was not answered yet)."""
        if not self._started:
            self.start()
        if self.current is not None:
            return self.current
        while self.queue:
            card_id = self.queue.pop(0)
            seed = presentation_seed(self.seed, card_id, self.shown[card_id])
            try:
                question = question_for(self.deck, card_id, self.options.lang, seed,
                                        self.options.term_style)
            except (KeyError, ValueError):
                continue  # content gone since the queue was built
            self.shown[card_id] += 1
            self.current = question
            self._shown_at = self._clock()
            return question
        return None

    def elapsed(self) -> float:
        return max(0.0, self._clock() - self._shown_at)

    def answer(self, response: str) -> Judgement:
        """Judge a reply to the current question (raises InvalidAnswer to ask again)."""
        question = self._require_current()
        return judge(question, response, self.elapsed(), typos=self.options.typos)

    def grade(self, rating: Rating | int) -> Judgement:
        """Self-grade the current flashcard after the reveal."""
        return self_grade(self._require_current(), rating, self.elapsed())

    def commit(self, judgement: Judgement, *, easy: bool = False) -> Committed:
        """Record the answer (one store transaction unless cramming) and move on."""
        question = self._require_current()
        if judgement.question is not question:
            raise ValueError("judgement is not for the current question")
        if judgement.self_graded:
            rating = judgement.rating
        else:
            rating = rating_for(judgement.verdict, easy=easy, upgradable=judgement.can_upgrade)
        too_slow = easy and judgement.verdict == "right" and rating != Rating.Easy
        saved, due, interval = False, None, None
        if not self.options.cram:
            assert self.store is not None
            answered = self.store.answer(
                question.card_id, rating,
                duration_ms=int(min(judgement.seconds, MAX_DURATION_S) * 1000),
                response=stored_response(judgement),
                correct=None if judgement.self_graded else judgement.verdict == "right")
            saved, due, interval = True, answered.outcome.state.due, answered.outcome.interval
        requeued = rating == Rating.Again
        if requeued:
            self.queue.insert(min(self.options.requeue_gap, len(self.queue)), question.card_id)
        committed = Committed(judgement, rating, saved, due, interval, requeued, too_slow)
        self._history.append((committed, question))
        self._count(committed, +1)
        self.current = None
        return committed

    def skip(self) -> None:
        """Leave the current question unanswered (it is not asked again this session)."""
        self.current = None

    def undo(self) -> Question | None:
        """Take back the last committed answer and ask that card again; None if none."""
        if not self._history:
            return None
        committed, question = self._history.pop()
        if committed.saved and self.store is not None:
            self.store.undo(question.card_id)
        if committed.requeued and question.card_id in self.queue:
            self.queue.remove(question.card_id)
        if self.current is not None:
            self.queue.insert(0, self.current.card_id)
            self.shown[self.current.card_id] -= 1
        self._count(committed, -1)
        self.current = question
        self._shown_at = self._clock()
        return question

    @property
    def can_undo(self) -> bool:
        return bool(self._history)

    def _require_current(self) -> Question:
        if self.current is None:
            raise RuntimeError("no current question: call next_question() first")
        return self.current

    def _count(self, committed: Committed, sign: int) -> None:
        s = self.summary
        verdict = committed.judgement.verdict
        s.answered += sign
        s.right += sign * (verdict == "right")
        s.almost += sign * (verdict == "almost")
        s.wrong += sign * (verdict == "wrong")
        s.seconds += sign * min(committed.judgement.seconds, MAX_DURATION_S)
        s.ratings[int(committed.rating)] += sign
        card_id = committed.judgement.question.card_id
        if sign > 0:
            s.cards.add(card_id)
        elif not any(c.judgement.question.card_id == card_id for c, _ in self._history):
            s.cards.discard(card_id)
