"""Sitting a mock exam: questions in order, answers as given (saved one transaction each),
flags, moving between questions, the time left, pausing and resuming, handing in.

UI-agnostic and blocking (SQLite): the exam screen calls it from workers, `exam --plain`
directly. No feedback while sitting: an answer is judged only to be saved with whether it
was right (and an unreadable one, such as "7" for four options, is refused as in review).
Time runs while the exam is open: `monotonic` (injected) measures it, the time used is
stored with every answer, so a crash or ctrl+c loses at most the seconds since the last
save and the exam resumes with the time it had left.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from exoterm.core.content.models import Deck
from exoterm.core.exam.builder import ExamPlan
from exoterm.core.exam.scoring import Answered, ExamResult, score
from exoterm.core.quiz.answers import is_dont_know
from exoterm.core.quiz.judge import judge, stored_response
from exoterm.core.quiz.present import question_for
from exoterm.core.quiz.questions import InvalidAnswer, Judgement, Lang, Question
from exoterm.core.quiz.queueing import presentation_seed
from exoterm.core.srs.cards import catalog as card_catalog
from exoterm.core.srs.clock import to_ms
from exoterm.core.srs.scheduler import Rating
from exoterm.core.store import Store
from exoterm.core.store import exams as stored
from exoterm.core.xapi.recorder import StatementRecorder

# Kinds whose answer (option keys, a number) reads the same in either language
LANGUAGE_FREE = frozenset({"single", "multi", "truefalse", "matching", "numeric"})


class ExamOver(RuntimeError):
    """The time is up or the exam was handed in: no more answers."""


@dataclass(slots=True)
class Slot:
    """One question of the exam and what has been given for it."""

    position: int  # in the stored exam
    section: str
    question: Question
    response: str | None = None
    judgement: Judgement | None = None
    flagged: bool = False
    seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class Opened:
    """What `ExamSitting.open` found: the exam to sit (None: no question matches), whether
    it was resumed, and the number of questions of an unfinished exam it had to drop
    because none of them is left in the content (0: none dropped)."""

    sitting: ExamSitting | None
    resumed: bool = False
    dropped: int = 0


class ExamSitting:
    """An exam being sat. Make one with `start` or `resume`."""

    def __init__(self, deck: Deck, store: Store, row: stored.ExamRow, *,
                 monotonic: Callable[[], float] = time.monotonic, typos: bool = True) -> None:
        self.deck = deck
        self.store = store
        self.exam_id = row.id
        self.limit_s = row.limit_s
        self.pass_line = row.pass_line
        self.seed = row.seed
        self.lang: Lang = "en" if row.lang == "en" else "ja"
        self.typos = typos
        self._clock = monotonic
        self._used_before = row.elapsed_ms / 1000
        self._opened: float | None = monotonic()  # None while paused
        self.slots: list[Slot] = []
        self.missing = 0  # questions whose content left the deck since the exam began
        for q in row.questions:
            seed = presentation_seed(row.seed, q.card_id, 0)
            try:
                question = question_for(deck, q.card_id, self.lang, seed)
            except (KeyError, ValueError):
                self.missing += 1
                continue
            slot = Slot(q.position, q.section, question, flagged=q.flagged,
                        seconds=q.duration_ms / 1000)
            if q.response is not None:
                try:
                    slot.judgement = self._judge(question, q.response)
                    slot.response = q.response
                except InvalidAnswer:  # saved for other content (an import, a deck that
                    pass  # changed): the question is open again
            self.slots.append(slot)
        self.index = next((i for i, s in enumerate(self.slots) if s.response is None), 0)
        self._shown_at = monotonic()
        self.finished = row.finished_ms is not None
        self.result: ExamResult | None = None
        self._results: dict[Lang, ExamResult] = {}  # the result read in another language
        self._shown: dict[tuple[int, Lang], Question] = {}  # questions shown in another one

    # making one -------------------------------------------------------------------------
    @classmethod
    def start(cls, deck: Deck, store: Store, plan: ExamPlan, lang: str, *,
              monotonic: Callable[[], float] = time.monotonic, typos: bool = True) -> ExamSitting:
        """Store a new exam from `plan` and open it."""
        store.sync_catalog(card_catalog(deck, store.settings.directions))
        exam_id = stored.create_exam(
            store, [(c, plan.sections[c]) for c in plan.cards], limit_s=plan.seconds,
            seed=plan.seed, lang=lang, pass_line=store.settings.exam_pass_line)
        row = stored.load_exam(store, exam_id)
        assert row is not None
        return cls(deck, store, row, monotonic=monotonic, typos=typos)

    @classmethod
    def open(cls, deck: Deck, store: Store, plan: Callable[[], ExamPlan], lang: str, *,
             new: bool = False, monotonic: Callable[[], float] = time.monotonic,
             typos: bool = True) -> Opened:
        """The exam left unfinished, resumed (with `new`: dropped), else a new one from
        `plan()` (None when it has no questions). An unfinished exam none of whose
        questions is left in the content cannot be sat or scored: it is dropped and a new
        one starts (resuming it failed on every start, until `--new`)."""
        row = stored.current_exam(store)
        if row is not None and new:
            stored.discard_exam(store, row.id)
            row = None
        if row is not None:
            sitting = cls(deck, store, row, monotonic=monotonic, typos=typos)
            if sitting.slots:
                return Opened(sitting, resumed=True)
            stored.discard_exam(store, row.id)
            dropped = sitting.missing
        else:
            dropped = 0
        exam_plan = plan()
        if not exam_plan.cards:
            return Opened(None, dropped=dropped)
        return Opened(cls.start(deck, store, exam_plan, lang, monotonic=monotonic, typos=typos),
                      dropped=dropped)

    @classmethod
    def resume(cls, deck: Deck, store: Store, *,
               monotonic: Callable[[], float] = time.monotonic,
               typos: bool = True) -> ExamSitting | None:
        """The exam left unfinished (a crash, ctrl+c, quitting), or None."""
        row = stored.current_exam(store)
        return None if row is None else cls(deck, store, row, monotonic=monotonic, typos=typos)

    # time -----------------------------------------------------------------------------
    def elapsed(self) -> float:
        """Seconds used so far (across pauses)."""
        if self._opened is None:
            return self._used_before
        return self._used_before + max(0.0, self._clock() - self._opened)

    def remaining(self) -> float:
        return max(0.0, self.limit_s - self.elapsed())

    @property
    def time_up(self) -> bool:
        return self.limit_s > 0 and self.elapsed() >= self.limit_s

    def _accrue(self) -> None:
        now = self._clock()
        if self.slots and self._opened is not None:
            self.slots[self.index].seconds += max(0.0, now - self._shown_at)
        self._shown_at = now

    def _elapsed_ms(self) -> int:
        return round(min(self.elapsed(), float(self.limit_s or 10**9)) * 1000)

    # where we are -----------------------------------------------------------------------
    @property
    def current(self) -> Slot:
        return self.slots[self.index]

    def go(self, index: int) -> Slot:
        """Show question `index` (0-based, kept within the exam)."""
        self._accrue()
        self.index = max(0, min(index, len(self.slots) - 1))
        return self.current

    def next(self) -> Slot:
        return self.go(self.index + 1)

    def previous(self) -> Slot:
        return self.go(self.index - 1)

    def shown_in(self, slot: Slot, lang: str) -> Question:
        """`slot`'s question for a reader of `lang` (the UI language changed mid-exam): in
        `lang` with the same option order when its answer does not depend on the language
        (choices, numbers), so a reply means the same; otherwise as it was asked."""
        want: Lang = "en" if lang == "en" else "ja"
        question = slot.question
        if want == self.lang or question.kind not in LANGUAGE_FREE:
            return question
        key = (slot.position, want)
        if key not in self._shown:
            seed = presentation_seed(self.seed, question.card_id, 0)
            try:
                self._shown[key] = question_for(self.deck, question.card_id, want, seed)
            except (KeyError, ValueError):
                self._shown[key] = question
        return self._shown[key]

    def unanswered(self) -> list[int]:
        return [i for i, s in enumerate(self.slots) if s.response is None]

    def flagged(self) -> list[int]:
        return [i for i, s in enumerate(self.slots) if s.flagged]

    def to_revisit(self) -> list[int]:
        """Flagged or unanswered questions, in order."""
        return [i for i, s in enumerate(self.slots) if s.flagged or s.response is None]

    # answering --------------------------------------------------------------------------
    def _judge(self, question: Question, response: str) -> Judgement:
        return judge(question, response, 0.0, typos=self.typos)

    def _check_open(self) -> None:
        if self.finished or self.time_up:
            raise ExamOver()

    def answer(self, response: str) -> None:
        """Save a reply to the current question as given (InvalidAnswer: unreadable,
        nothing saved; an empty reply clears the answer)."""
        self._check_open()
        slot = self.current
        text = response.strip()
        judgement = None if not text else self._judge(slot.question, text)
        self._accrue()
        slot.response = text or None
        slot.judgement = judgement
        stored.save_answer(self.store, self.exam_id, slot.position, slot.response,
                           None if judgement is None else judgement.verdict == "right",
                           duration_ms=round(slot.seconds * 1000), elapsed_ms=self._elapsed_ms())

    def toggle_flag(self) -> bool:
        """Flag the current question to revisit it, or unflag it; True when now flagged."""
        self._check_open()
        slot = self.current
        slot.flagged = not slot.flagged
        stored.save_flag(self.store, self.exam_id, slot.position, slot.flagged,
                         elapsed_ms=self._elapsed_ms())
        return slot.flagged

    def pause(self) -> None:
        """Stop the time and save it (quitting, ctrl+c, leaving the screen): the exam
        resumes with the time it had left."""
        if self.finished:
            return
        self._accrue()
        self._used_before, self._opened = self.elapsed(), None
        stored.save_time(self.store, self.exam_id, self._elapsed_ms(),
                         [(s.position, round(s.seconds * 1000)) for s in self.slots])

    def carry_on(self) -> None:
        """Start the time again after `pause`."""
        if self._opened is None:
            self._opened = self._shown_at = self._clock()

    # handing in -------------------------------------------------------------------------
    def finish(self) -> ExamResult:
        """Hand the exam in (also when the time is up): log every answer, score it."""
        if not self.finished:
            self._accrue()
            stored.save_time(self.store, self.exam_id, self._elapsed_ms(),
                             [(s.position, round(s.seconds * 1000)) for s in self.slots])
            logged = {s.position: stored_response(s.judgement) for s in self.slots
                      if s.judgement is not None}
            now = self.store.now()
            stored.finish_exam(self.store, self.exam_id, elapsed_ms=self._elapsed_ms(),
                               move_schedule=self.store.settings.exam_moves_schedule,
                               logged=logged, now=now, statements=self._statements(logged, now))
            self.finished = True
        if self.result is None:
            self.result = self._score()
        return self.result

    def _statements(self, logged: dict[int, str], now: datetime) -> dict[int, tuple[str, str]]:
        """Each question's xAPI statement when the profile has an LRS (position → (learner,
        statement)), saved with the exam's answers in the hand-in transaction."""
        recorder = StatementRecorder.for_store(self.store, self.deck)
        if recorder is None:
            return {}
        out: dict[int, tuple[str, str]] = {}
        for s in self.slots:
            right = s.judgement is not None and s.judgement.verdict == "right"
            made = recorder.statement(s.question, logged.get(s.position, "?"), right,
                                      int(Rating.Good if right else Rating.Again),
                                      round(s.seconds * 1000), to_ms(now))
            if made is not None:
                out[s.position] = made
        return out

    def result_in(self, lang: str) -> ExamResult:
        """The handed-in exam's result for a reader of `lang` (the UI language changed
        after handing in): category names and each wrong answer in `lang` where the
        content has it. A question whose answer does not depend on the language (choices,
        numbers, none given) is read as asked in `lang`, with the same option order; one
        answered by typing words keeps the question it answered, with its explanation,
        glossary entries and citations in `lang`."""
        want: Lang = "en" if lang == "en" else "ja"
        if want == self.lang:
            return self.finish()
        if want not in self._results:
            self._results[want] = self._score(want)
        return self._results[want]

    def _read_in(self, judgement: Judgement, answered: bool, lang: Lang) -> Judgement:
        """A wrong answer's judgement with its question in `lang` (see `result_in`)."""
        question = judgement.question
        seed = presentation_seed(self.seed, question.card_id, 0)
        try:
            other = question_for(self.deck, question.card_id, lang, seed)
        except (KeyError, ValueError):
            return judgement
        if not answered or question.kind in LANGUAGE_FREE:
            try:
                again = judge(other, judgement.response, judgement.seconds, typos=self.typos)
            except InvalidAnswer:
                again = None
            if again is not None and again.verdict == judgement.verdict:
                return again
        return replace(judgement, question=replace(question, feedback=other.feedback))

    def _score(self, lang: Lang | None = None) -> ExamResult:
        lang = lang or self.lang
        answers = []
        for slot in self.slots:
            judgement = slot.judgement
            answered = judgement is not None and not is_dont_know(slot.response or "")
            if judgement is None:
                judgement = self._judge(slot.question, "?")
            if lang != self.lang and not (answered and judgement.verdict == "right"):
                judgement = self._read_in(judgement, answered, lang)
            answers.append(Answered(slot.position, slot.section, judgement, answered,
                                    slot.seconds))
        return score(self.deck, answers, pass_line=self.pass_line,
                     elapsed_s=min(self.elapsed(), float(self.limit_s or 10**9)),
                     limit_s=self.limit_s, lang=lang)
