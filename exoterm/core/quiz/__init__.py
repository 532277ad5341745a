"""The study loop without a UI: questions, term cards, answer checking, rating, sessions.

Pure and typed (no textual import). A screen or `exoterm review --plain` drives a
`StudySession` and renders its `Question` / `Judgement` / `Committed` dataclasses; the
rating rule is documented in `exoterm.core.quiz.rating`, the answer line syntax in
`exoterm.core.quiz.answers`.
"""

from __future__ import annotations

from exoterm.core.quiz.judge import judge, parse_grade, self_grade
from exoterm.core.quiz.present import question_for
from exoterm.core.quiz.questions import (
    AnswerKey,
    Feedback,
    InvalidAnswer,
    Judgement,
    Option,
    Question,
    Scenario,
    TextDiff,
)
from exoterm.core.quiz.queueing import SessionFilter
from exoterm.core.quiz.session import Committed, SessionOptions, StudySession, Summary

__all__ = [
    "AnswerKey", "Committed", "Feedback", "InvalidAnswer", "Judgement", "Option", "Question",
    "Scenario", "SessionFilter", "SessionOptions", "StudySession", "Summary", "TextDiff",
    "judge", "parse_grade", "question_for", "self_grade",
]
