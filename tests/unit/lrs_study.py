"""Study sessions for the LRS tests: a profile in `home` answering quiz items of the test
deck (some right, some wrong), as a learner would in the TUI or plain mode."""

from __future__ import annotations

from pathlib import Path

from quiz_fixtures import open_store, quiz_deck, right_answer, wrong_answer

from exoterm.core.quiz.session import SessionOptions, StudySession
from exoterm.core.srs.clock import FixedClock


def study(home: Path, *, answers: int, seed: int, clock: FixedClock | None = None,
          wrong_every: int = 3) -> StudySession:
    """Answer `answers` quiz items (every `wrong_every`-th wrong; at most one per item of the
    test deck), starting at item number `seed`; the session is returned so a test can undo."""
    home.mkdir(parents=True, exist_ok=True)
    store = open_store(home, clock)
    items = tuple(f"item:{i.id}" for i in quiz_deck().items)
    rotated = items[seed % len(items):] + items[:seed % len(items)]
    session = StudySession(quiz_deck(), store, SessionOptions(lang="ja", seed=seed,
                                                             cards=rotated[:answers]))
    session.start()
    for n in range(answers):
        question = session.next_question()
        if question is None:
            break
        reply = wrong_answer(question) if n % wrong_every == wrong_every - 1 else right_answer(question)
        session.commit(session.answer(reply))
    return session
