"""A study session: what to ask next, judging, committing to the store, undo, summary.

UI-agnostic and blocking (SQLite): a Textual screen calls it from a worker. The loop is

    q = session.next_question()          # None when done
    j = session.answer(line)             # or session.grade(rating) for a flashcard
    c = session.commit(j, easy=False)    # one store transaction; then show c / j

A recorded session follows Anki's rule for (re)learning cards: a card in learning comes
back when it is due; it may come early, within the learn-ahead window, only when no new
or review card is left. Answering a card buries its siblings still waiting in the session
(when the setting is on). Cram sessions never touch the store: a card comes back
`requeue_gap` cards after an Again.

`SessionOptions.cards` asks chosen cards instead of the due queue ("study this card now",
or a test starting on the card it needs); `SessionOptions.kinds` keeps only cards asked
as some question kinds (e.g. practise matching items). Both combine with the filter.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from exoterm.core.content.models import Deck
from exoterm.core.quiz.judge import judge, self_grade, stored_response
from exoterm.core.quiz.present import question_for, question_kind
from exoterm.core.quiz.questions import Judgement, Lang, Question, QuestionKind
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
from exoterm.core.srs.clock import day_bounds, to_ms
from exoterm.core.srs.scheduler import Phase, Rating
from exoterm.core.srs.settings import SrsSettings
from exoterm.core.store import Queue, Store
from exoterm.core.xapi.recorder import StatementRecorder

MAX_DURATION_S = 300.0  # longer pauses are logged as 5 minutes (the learner walked away)


@dataclass(frozen=True, slots=True)
class SessionOptions:
    """How a session is built; `seed` None picks one from the clock.

    `cards`: ask exactly these card ids in this order, due or not (answers are recorded
    unless cramming); None asks today's queue (or, cramming, every card shuffled).
    `kinds`: keep only cards asked as one of these question kinds (empty: every kind).
    """

    lang: Lang = "ja"
    limit: int | None = None
    cram: bool = False
    filter: SessionFilter = SessionFilter()
    term_style: TermStyle = "auto"
    typos: bool = True
    seed: int | None = None
    requeue_gap: int = 3
    cards: tuple[str, ...] | None = None
    kinds: tuple[QuestionKind, ...] = ()


@dataclass(frozen=True, slots=True)
class Committed:
    """An answer after commit: the rating used and, unless cramming, the new due date."""

    judgement: Judgement
    rating: Rating
    saved: bool
    due: datetime | None = None
    interval: timedelta | None = None
    requeued: bool = False  # it comes back in this session (cram: after an Again)
    too_slow_for_easy: bool = False


@dataclass(slots=True)
class Summary:
    """Counts for the end-of-session line."""

    answered: int = 0
    recorded: int = 0  # answers saved to the store (0 when cramming)
    right: int = 0
    almost: int = 0
    wrong: int = 0
    seconds: float = 0.0
    cards: set[str] = field(default_factory=set)
    ratings: Counter[int] = field(default_factory=Counter)

    @property
    def minutes(self) -> int:
        """Time spent, rounded, at least 1 once something was answered (never "0 min"
        after answers; both front ends say this number)."""
        return max(1, round(self.seconds / 60)) if self.answered else 0


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
        self.settings = settings
        self.catalog = card_catalog(deck, settings.directions)
        self._family = {c.id: c.sibling_key for c in self.catalog}
        self.plan = Queue((), (), (), 0, 0)
        self.queue: list[str] = []  # new and review cards still to ask, in order
        self.learning: dict[str, datetime] = {}  # (re)learning cards of this session: due
        self.shown: Counter[str] = Counter()
        self.current: Question | None = None
        self._shown_at = 0.0
        self._history: list[tuple[Committed, Question, list[str], dict[str, datetime]]] = []
        self.summary = Summary()
        self._started = False
        self._recorder: StatementRecorder | None = None

    # building ------------------------------------------------------------------------
    def start(self) -> list[str]:
        """Sync the catalog, read today's queue and order it (blocking); returns the order.

        ValueError when `options.cards` names a card the deck does not have."""
        opts = self.options
        if self.store is not None and not opts.cram:
            self._recorder = StatementRecorder.for_store(self.store, self.deck)
        allowed = {c.id for c in self.catalog
                   if not opts.filter.active or opts.filter.matches(self.deck, c)}
        if opts.kinds:
            allowed = {c for c in allowed if self.kind_of(c) in opts.kinds}
        if opts.cards is not None:
            known = {c.id for c in self.catalog}
            unknown = [c for c in opts.cards if c not in known]
            if unknown:
                raise ValueError(f"not a card of this deck: {', '.join(unknown)}")
            if not opts.cram:
                assert self.store is not None
                self.store.sync_catalog(self.catalog)
            chosen = [c for c in dict.fromkeys(opts.cards) if c in allowed]
            self.queue = chosen if opts.limit is None else chosen[: max(0, opts.limit)]
            self.plan = Queue((), (), tuple(self.queue), 0, 0)
        elif opts.cram:
            self.queue = cram_order(self.deck, allowed, self.seed, opts.limit)
            self.plan = Queue((), (), tuple(self.queue), 0, 0)
        else:
            assert self.store is not None
            self.store.sync_catalog(self.catalog)
            self.plan = due_queue(self.store, allowed if opts.filter.active else None)
            order = session_order(self.deck, self.plan, opts.limit)
            learning = set(self.plan.learning) | (set() if opts.limit else set(self.plan.later))
            for card_id in [c for c in order if c in learning] + sorted(learning - set(order)):
                state = self.store.card(card_id)
                if state is not None and state.due is not None and (
                        card_id in order or opts.limit is None):
                    self.learning[card_id] = state.due
            self.queue = [c for c in order if c not in learning]
            self._started = True
            return [c for c in order if c in learning] + self.queue
        self._started = True
        return list(self.queue)

    def _now(self) -> datetime:
        assert self.store is not None
        return self.store.now()

    def _learning_due(self, within: timedelta) -> str | None:
        """The learning card due soonest if it is due within `within` from now."""
        if not self.learning:
            return None
        card_id = min(self.learning, key=lambda c: (self.learning[c], c))
        return card_id if self.learning[card_id] <= self._now() + within else None

    def _pick(self) -> str | None:
        """Anki's order: a learning card that is due, else the next new or review card,
        else a learning card due within the learn-ahead window; None when done."""
        if self.options.cram:
            return self.queue.pop(0) if self.queue else None
        card_id = self._learning_due(timedelta(0))
        if card_id is None and self.queue:
            return self.queue.pop(0)
        if card_id is None:
            card_id = self._learning_due(timedelta(minutes=self.settings.learn_ahead_minutes))
        if card_id is not None:
            del self.learning[card_id]
        return card_id

    def kind_of(self, card_id: str) -> QuestionKind:
        """The question kind `card_id` is asked as in this session (its lang and style)."""
        return question_kind(self.deck, card_id, self.options.lang, self.options.term_style)

    @property
    def remaining(self) -> int:
        """Questions still to come as things stand (learning cards within the window)."""
        if self.options.cram or not self.learning:
            return len(self.queue)
        horizon = self._now() + timedelta(minutes=self.settings.learn_ahead_minutes)
        return len(self.queue) + sum(due <= horizon for due in self.learning.values())

    def next_due(self) -> datetime | None:
        """When the next card can be studied once this session has nothing left: now if
        cards are still waiting (a limit, a filter), else the earliest due time."""
        if self.options.cram or self.store is None:
            return None
        plan = due_queue(self.store, None)
        if plan.cards:
            return self._now()
        return min([*self.learning.values(), *([plan.next_due] if plan.next_due else [])],
                   default=None)

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
        while (card_id := self._pick()) is not None:
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

    def preview(self) -> dict[int, timedelta]:
        """The interval each rating would give the current card (empty when cramming): the
        scheduler's own answer, so Hard < Good < Easy as when the answer is committed."""
        question = self._require_current()
        if self.options.cram or self.store is None:
            return {}
        return {int(r): o.interval for r, o in self.store.preview(question.card_id).items()}

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
        snapshot = (list(self.queue), dict(self.learning))
        requeued = False
        if not self.options.cram:
            assert self.store is not None
            now = self._now()
            duration_ms = int(min(judgement.seconds, MAX_DURATION_S) * 1000)
            response = stored_response(judgement)
            correct = None if judgement.self_graded else judgement.verdict == "right"
            statement = None if self._recorder is None else self._recorder.statement(
                question, response, correct, int(rating), duration_ms, to_ms(now))
            answered = self.store.answer(question.card_id, rating, duration_ms=duration_ms,
                                         now=now, response=response, correct=correct,
                                         statement=statement)
            state = answered.outcome.state
            saved, due, interval = True, state.due, answered.outcome.interval
            _, day_end = day_bounds(self._now(), self.settings.tz, self.settings.rollover_hour)
            if state.phase in (Phase.LEARNING, Phase.RELEARNING) and due is not None \
                    and due < day_end:
                self.learning[question.card_id] = due
                requeued = True
            if self.settings.bury_siblings:
                family = self._family.get(question.card_id)
                self.queue = [c for c in self.queue if self._family.get(c) != family]
        elif rating == Rating.Again:
            self.queue.insert(min(self.options.requeue_gap, len(self.queue)), question.card_id)
            requeued = True
        committed = Committed(judgement, rating, saved, due, interval, requeued, too_slow)
        self._history.append((committed, question, *snapshot))
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
        committed, question, queue, learning = self._history.pop()
        if committed.saved and self.store is not None:
            self.store.undo(question.card_id)
        self.queue, self.learning = queue, learning
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
        s.recorded += sign * committed.saved
        s.right += sign * (verdict == "right")
        s.almost += sign * (verdict == "almost")
        s.wrong += sign * (verdict == "wrong")
        s.seconds += sign * min(committed.judgement.seconds, MAX_DURATION_S)
        s.ratings[int(committed.rating)] += sign
        card_id = committed.judgement.question.card_id
        if sign > 0:
            s.cards.add(card_id)
        elif not any(h[0].judgement.question.card_id == card_id for h in self._history):
            s.cards.discard(card_id)
