"""Mock exams in the store: an exam being sat is saved answer by answer (one transaction
each, with the time used so far), so a crash or ctrl+c resumes the same exam with the same
time left; handing it in logs every question in the review log as an exam answer.

Tables `exams` and `exam_questions` (schema 3). An exam is unfinished while `finished_ms`
is NULL; at most one is sat at a time (`current_exam` returns the newest unfinished one).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from exoterm.core.srs.clock import to_ms
from exoterm.core.store import sanity
from exoterm.core.store.database import Database
from exoterm.core.store.reviews import log_exam_answer


@dataclass(frozen=True, slots=True)
class ExamQuestionRow:
    """One question of a stored exam and what was given for it so far."""

    position: int
    card_id: str
    section: str
    response: str | None  # None: not answered
    correct: bool | None
    flagged: bool
    duration_ms: int


@dataclass(frozen=True, slots=True)
class ExamRow:
    """A stored exam with its questions in order."""

    id: int
    started_ms: int
    finished_ms: int | None
    limit_s: int
    elapsed_ms: int
    seed: int
    lang: str
    pass_line: int
    questions: tuple[ExamQuestionRow, ...]


@dataclass(frozen=True, slots=True)
class ExamScore:
    """A handed-in exam's score per section: section → (right, asked)."""

    id: int
    finished_ms: int
    sections: dict[str, tuple[int, int]]
    pass_line: int

    @property
    def right(self) -> int:
        return sum(r for r, _n in self.sections.values())

    @property
    def asked(self) -> int:
        return sum(n for _r, n in self.sections.values())


def create_exam(db: Database, questions: Sequence[tuple[str, str]], *, limit_s: int,
                seed: int, lang: str, pass_line: int, now: datetime | None = None) -> int:
    """Store a new exam of (card id, section) questions in order; returns its id."""
    with db.write() as conn:
        cur = conn.execute("INSERT INTO exams(started_ms, limit_s, seed, lang, pass_line) "
                           "VALUES (?, ?, ?, ?, ?)",
                           (to_ms(db.now(now)), limit_s, seed, lang, pass_line))
        exam_id = int(cur.lastrowid or 0)
        conn.executemany("INSERT INTO exam_questions(exam_id, position, card_id, section) "
                         "VALUES (?, ?, ?, ?)",
                         [(exam_id, i, card, section) for i, (card, section) in enumerate(questions)])
    return exam_id


_EXAM = ("id", "started_ms", "finished_ms", "limit_s", "elapsed_ms", "seed", "lang", "pass_line")
_QUESTION = ("position", "card_id", "section", "response", "correct", "flagged", "duration_ms")


def _load(conn: sqlite3.Connection, exam_id: int) -> ExamRow | None:
    """The stored exam; None when there is none, or when a field of it or of a question is
    out of range (a hand edit: `sanity.py`), so a damaged exam is left alone, not resumed."""
    row = conn.execute(f"SELECT {', '.join(_EXAM)} FROM exams WHERE id = ?",
                       (exam_id,)).fetchone()
    if row is None or sanity.exam_problem(dict(zip(_EXAM, row, strict=True))):
        return None
    rows = conn.execute(f"SELECT {', '.join(_QUESTION)} FROM exam_questions WHERE exam_id = ? "
                        "ORDER BY position", (exam_id,)).fetchall()
    if any(sanity.exam_question_problem({"exam_id": exam_id, **dict(zip(_QUESTION, q, strict=True))})
           for q in rows):
        return None
    questions = tuple(ExamQuestionRow(int(p), str(c), str(s), r, None if k is None else bool(k),
                                      bool(f), int(d)) for p, c, s, r, k, f, d in rows)
    return ExamRow(int(row[0]), int(row[1]), row[2], int(row[3]), int(row[4]), int(row[5]),
                   str(row[6]), int(row[7]), questions)


def load_exam(db: Database, exam_id: int) -> ExamRow | None:
    with db.lock:
        return _load(db.conn, exam_id)


def current_exam(db: Database) -> ExamRow | None:
    """The exam being sat (the newest not handed in), or None."""
    with db.lock:
        row = db.conn.execute("SELECT MAX(id) FROM exams WHERE finished_ms IS NULL").fetchone()
        return None if row[0] is None else _load(db.conn, int(row[0]))


def save_answer(db: Database, exam_id: int, position: int, response: str | None,
                correct: bool | None, *, duration_ms: int, elapsed_ms: int) -> None:
    """One answer as given (None clears it), the question's time and the exam's time used,
    in one transaction."""
    with db.write() as conn:
        conn.execute("UPDATE exam_questions SET response = ?, correct = ?, duration_ms = ? "
                     "WHERE exam_id = ? AND position = ?",
                     (response, None if correct is None else int(correct), max(0, duration_ms),
                      exam_id, position))
        conn.execute("UPDATE exams SET elapsed_ms = ? WHERE id = ?", (max(0, elapsed_ms), exam_id))


def save_flag(db: Database, exam_id: int, position: int, flagged: bool, *,
              elapsed_ms: int) -> None:
    with db.write() as conn:
        conn.execute("UPDATE exam_questions SET flagged = ? WHERE exam_id = ? AND position = ?",
                     (int(flagged), exam_id, position))
        conn.execute("UPDATE exams SET elapsed_ms = ? WHERE id = ?", (max(0, elapsed_ms), exam_id))


def save_time(db: Database, exam_id: int, elapsed_ms: int,
              durations: Sequence[tuple[int, int]] = ()) -> None:
    """The time used so far and (position, ms) per question, e.g. when pausing."""
    with db.write() as conn:
        conn.execute("UPDATE exams SET elapsed_ms = ? WHERE id = ?", (max(0, elapsed_ms), exam_id))
        conn.executemany("UPDATE exam_questions SET duration_ms = ? WHERE exam_id = ? "
                         "AND position = ?", [(max(0, ms), exam_id, p) for p, ms in durations])


def finish_exam(db: Database, exam_id: int, *, elapsed_ms: int, move_schedule: bool,
                logged: Mapping[int, str] | None = None, now: datetime | None = None,
                statements: Mapping[int, tuple[str, str]] | None = None) -> None:
    """Hand the exam in: every question goes to the review log as an exam answer (an
    unanswered one as wrong), all in one transaction; a second call changes nothing.
    `logged`: position → the response in the log's stable terms (choice ids rather than
    the keys typed), where it differs from the one given; `statements`: position →
    (learner, xAPI statement) for the LRS outbox, in the same transaction."""
    logged = logged or {}
    when = db.now(now)
    with db.write() as conn:
        exam = _load(conn, exam_id)
        if exam is None or exam.finished_ms is not None:
            return
        for q in exam.questions:
            log_exam_answer(conn, db.scheduler, q.card_id, correct=bool(q.correct), when=when,
                            duration_ms=q.duration_ms,
                            response=logged.get(q.position, q.response),
                            move_schedule=move_schedule,
                            statement=(statements or {}).get(q.position))
        conn.execute("UPDATE exams SET finished_ms = ?, elapsed_ms = ? WHERE id = ?",
                     (to_ms(when), max(0, elapsed_ms), exam_id))


def discard_exam(db: Database, exam_id: int) -> None:
    """Drop an exam not handed in (starting a new one instead); nothing was logged yet."""
    with db.write() as conn:
        conn.execute("DELETE FROM exam_questions WHERE exam_id = ? AND exam_id IN "
                     "(SELECT id FROM exams WHERE finished_ms IS NULL)", (exam_id,))
        conn.execute("DELETE FROM exams WHERE id = ? AND finished_ms IS NULL", (exam_id,))


def exam_history(db: Database, limit: int = 50) -> list[ExamScore]:
    """The latest handed-in exams, oldest first, with their scores per section."""
    with db.lock:
        exams = db.conn.execute(f"SELECT {', '.join(_EXAM)} FROM exams "
                                "WHERE finished_ms IS NOT NULL ORDER BY finished_ms DESC, id DESC LIMIT ?",
                                (limit,)).fetchall()
        out = []
        for exam in reversed(exams):
            if sanity.exam_problem(dict(zip(_EXAM, exam, strict=True))):
                continue  # damaged (a hand edit): left out of the history
            exam_id, finished, line = exam[0], exam[2], exam[7]
            rows = db.conn.execute("SELECT section, COALESCE(SUM(correct = 1), 0), COUNT(*) "
                                   "FROM exam_questions WHERE exam_id = ? GROUP BY section",
                                   (exam_id,)).fetchall()
            out.append(ExamScore(int(exam_id), int(finished),
                                 {str(s): (int(r), int(n)) for s, r, n in rows}, int(line)))
    return out
