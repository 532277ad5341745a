"""How a judged answer becomes an FSRS rating.

Objective questions (choices, true/false, typed, cloze, matching, numeric) rate themselves:

| verdict                          | rating |
|----------------------------------|--------|
| wrong, or "?" (don't know)       | Again  |
| almost (small typo, typed only;  | Hard   |
|  numeric: right but not rounded) |        |
| right                            | Good   |
| right and fast, learner opts in  | Easy   |

"Fast" means answered within `fast_limit(question)` seconds: a reading allowance of one
second per 15 characters shown (prompt, options, scenario) plus 2 s, plus 3 s per part
(6 s per part for typed, cloze and numeric answers). Easy is never automatic: the learner must
choose it, and it is only offered when the answer was right and fast.

Flashcards (self-graded) take the learner's own 1-4 after the answer is revealed.
Choice, true/false and matching questions have no "almost": a wrong pick is wrong.
"""

from __future__ import annotations

from exoterm.core.quiz.questions import Question, Verdict
from exoterm.core.srs.scheduler import Rating

READ_CHARS_PER_SECOND = 15.0
BASE_SECONDS = 2.0
PART_SECONDS = 3.0
TYPED_PART_SECONDS = 6.0

VERDICT_RATING: dict[Verdict, Rating] = {
    "wrong": Rating.Again,
    "almost": Rating.Hard,
    "right": Rating.Good,
}


def fast_limit(question: Question) -> float:
    """Seconds within which a right answer counts as fast (Easy may be chosen)."""
    per_part = TYPED_PART_SECONDS if question.kind in ("typed", "cloze", "numeric") else PART_SECONDS
    reading = question.shown_chars / READ_CHARS_PER_SECOND
    return BASE_SECONDS + reading + per_part * question.parts


def can_upgrade(question: Question, verdict: Verdict, seconds: float) -> bool:
    """Whether the learner may turn this Good into Easy."""
    return verdict == "right" and question.kind != "flashcard" and 0 <= seconds <= fast_limit(
        question)


def rating_for(verdict: Verdict, *, easy: bool = False, upgradable: bool = False) -> Rating:
    """The rating of an objective answer; `easy` counts only when `upgradable`."""
    if verdict == "right" and easy and upgradable:
        return Rating.Easy
    return VERDICT_RATING[verdict]
