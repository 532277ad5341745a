"""A handed-in exam's result as students know it: 必修 against its absolute line (80 %),
一般 and 状況設定 together against the pass line (default 65 %) with the real exam's points
(一般 1 point, 状況設定 2 points a question), per category, time per question, and the
wrong answers to review with the one feedback model (`quiz.feedback`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from exoterm.core.content.models import SECTIONS, Deck
from exoterm.core.exam.classify import card_category, category_label
from exoterm.core.quiz.feedback import AnswerFeedback, answer_feedback
from exoterm.core.quiz.questions import Judgement
from exoterm.core.quiz.session import Committed

REQUIRED_LINE = 80  # 必修: an absolute line, percent
DEFAULT_PASS_LINE = 65  # 一般+状況設定: set each year; a configurable line here
POINTS = {"必修": 1, "一般": 1, "状況設定": 2}


@dataclass(frozen=True, slots=True)
class Tally:
    """Right out of asked (questions), and the points they are worth."""

    right: int = 0
    asked: int = 0
    points: int = 0
    max_points: int = 0

    @property
    def rate(self) -> float:
        return self.right / self.asked if self.asked else 0.0

    @property
    def point_rate(self) -> float:
        return self.points / self.max_points if self.max_points else 0.0

    def add(self, right: bool, worth: int) -> Tally:
        return Tally(self.right + right, self.asked + 1, self.points + worth * right,
                     self.max_points + worth)


@dataclass(frozen=True, slots=True)
class CategoryTally:
    id: str
    label: str
    tally: Tally


@dataclass(frozen=True, slots=True)
class Answered:
    """One question as handed in: its judgement (unanswered: a don't-know) and time."""

    position: int
    section: str
    judgement: Judgement
    answered: bool
    seconds: float

    @property
    def right(self) -> bool:
        return self.answered and self.judgement.verdict == "right"


@dataclass(frozen=True, slots=True)
class ExamResult:
    """Everything the result screen and `exam --plain` show."""

    sections: dict[str, Tally]
    required: Tally  # 必修
    general: Tally  # 一般+状況設定, points weighted
    pass_line: int
    categories: tuple[CategoryTally, ...]
    answers: tuple[Answered, ...]
    elapsed_s: float
    limit_s: int

    @property
    def required_passed(self) -> bool | None:
        """None when the exam had no 必修 question."""
        return None if not self.required.asked else self.required.rate * 100 >= REQUIRED_LINE

    @property
    def general_passed(self) -> bool | None:
        return None if not self.general.asked else \
            self.general.point_rate * 100 >= self.pass_line

    @property
    def passed(self) -> bool:
        return self.required_passed is not False and self.general_passed is not False

    @property
    def total(self) -> Tally:
        out = Tally()
        for a in self.answers:
            out = out.add(a.right, 1)
        return out

    def wrong(self) -> list[Answered]:
        return [a for a in self.answers if not a.right]

    def to_json(self) -> dict[str, object]:
        def tally(t: Tally) -> dict[str, object]:
            return {"right": t.right, "asked": t.asked, "points": t.points,
                    "max_points": t.max_points, "rate": round(t.rate, 4)}

        return {
            "sections": {s: tally(t) for s, t in self.sections.items()},
            "required": {**tally(self.required), "line": REQUIRED_LINE,
                         "passed": self.required_passed},
            "general": {**tally(self.general), "line": self.pass_line,
                        "passed": self.general_passed},
            "passed": self.passed,
            "categories": [{"id": c.id, "label": c.label, **tally(c.tally)}
                           for c in self.categories],
            "questions": [{"position": a.position + 1, "card_id": a.judgement.question.card_id,
                           "section": a.section, "answered": a.answered, "right": a.right,
                           "seconds": round(a.seconds, 1)} for a in self.answers],
            "elapsed_s": round(self.elapsed_s), "limit_s": self.limit_s,
        }


def score(deck: Deck, answers: Sequence[Answered], *, pass_line: int, elapsed_s: float,
          limit_s: int, lang: str) -> ExamResult:
    sections: dict[str, Tally] = {s: Tally() for s in SECTIONS}
    general = Tally()
    cats: dict[str, Tally] = {}
    for a in answers:
        worth = POINTS.get(a.section, 1)
        sections[a.section] = sections.get(a.section, Tally()).add(a.right, 1)
        if a.section != "必修":
            general = general.add(a.right, worth)
        cat = card_category(deck, a.judgement.question.card_id) or ""
        cats[cat] = cats.get(cat, Tally()).add(a.right, 1)
    order = [c.id for c in deck.categories] + sorted(set(cats) - set(deck.category_by_id))
    categories = tuple(CategoryTally(c, category_label(deck, c, lang), cats[c])
                       for c in order if c in cats)
    return ExamResult({s: t for s, t in sections.items() if t.asked}, sections["必修"], general,
                      pass_line, categories, tuple(answers), elapsed_s, limit_s)


def wrong_feedback(answered: Answered, lang: str) -> AnswerFeedback:
    """The one feedback model for a wrong exam answer (the answer, explanation, glossary
    entries, evidence and citations), as after an answer in review."""
    j = answered.judgement
    return answer_feedback(Committed(j, j.rating, saved=False), lang)
