"""What a progress export carries besides cards, reviews and settings (format 7 on): the
learner id, the LRS setting, bookmarks, mock exams (handed in, and one still being sat)
and the xAPI statements not yet sent to the LRS.

Import rules, like cards and reviews (merge, never lose what is here):
- learner id and results salt: kept when this profile has its own and had answers before
  the import; taken from the file when the profile has none or no answers yet (a new
  computer that printed `results whoami` before importing);
- LRS setting: kept when this profile has one, else taken (credentials are never in it);
- bookmarks: added (one already here keeps its date);
- exams are known by (start time, shuffle seed): a new one is added, a known one takes the
  file's state when that is further on (handed in, or more time used); an exam still
  being sat in the file is left out when one is being sat here (it is named in the report);
- statements: added unless this profile has them already (sent or not); an answer's
  statement points at its answer by event id, so its answer must be in the file or here.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from exoterm.core import jsonsafe
from exoterm.core.jsonsafe import JsonError
from exoterm.core.store import keyvalue, sanity
from exoterm.core.store.outbox import LRS_KEY
from exoterm.core.store.results import LEARNER_KEY, SALT_KEY
from exoterm.core.xapi.setting import LrsSetting
from exoterm.errors import ExotermError

TYPES = ("learner", "lrs", "bookmark", "exam", "exam_question", "statement")
EXAM_COLUMNS = ("id", "started_ms", "finished_ms", "limit_s", "elapsed_ms", "seed", "lang",
                "pass_line")
QUESTION_COLUMNS = ("exam_id", "position", "card_id", "section", "response", "correct",
                    "flagged", "duration_ms")
STATEMENT_COLUMNS = ("revlog_id", "learner", "verb", "body", "created_ms", "event")
_LEARNER_SALT = 32  # hex digits of the results salt


class Bad(Exception):
    """One record's problem: (field, why)."""


@dataclass(slots=True)
class ExtrasReport:
    exams_added: int = 0
    exams_updated: int = 0
    bookmarks_added: int = 0
    statements_added: int = 0
    lrs_added: bool = False  # the file's LRS setting is now this profile's
    notes: list[str] = field(default_factory=list)  # what was kept here instead of the file's


def export_lines(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    """The records, in import order (an exam before its questions)."""
    learner, salt = keyvalue.meta(conn, LEARNER_KEY), keyvalue.meta(conn, SALT_KEY)
    if learner is not None or salt is not None:
        yield {"type": "learner", "id": learner, "salt": salt}
    lrs = keyvalue.meta(conn, LRS_KEY)
    if lrs is not None:
        yield {"type": "lrs", "value": lrs}
    for card_id, added in conn.execute("SELECT card_id, added_ms FROM bookmarks "
                                       "ORDER BY added_ms, card_id"):
        yield {"type": "bookmark", "card_id": card_id, "added_ms": added}
    exams = conn.execute(f"SELECT {', '.join(EXAM_COLUMNS)} FROM exams ORDER BY id").fetchall()
    for exam in exams:
        yield {"type": "exam", **dict(zip(EXAM_COLUMNS, exam, strict=True))}
        for row in conn.execute(f"SELECT {', '.join(QUESTION_COLUMNS)} FROM exam_questions "
                                "WHERE exam_id = ? ORDER BY position", (exam[0],)):
            yield {"type": "exam_question", **dict(zip(QUESTION_COLUMNS, row, strict=True))}
    for row in conn.execute(f"SELECT {', '.join(STATEMENT_COLUMNS)} FROM xapi_outbox "
                            "WHERE sent_ms IS NULL ORDER BY id"):
        yield {"type": "statement", **dict(zip(STATEMENT_COLUMNS, row, strict=True))}


def _fields(obj: dict[str, Any], columns: tuple[str, ...],
            optional: tuple[str, ...] = ()) -> dict[str, Any]:
    """The record's fields by name (None for an absent `optional` one); Bad for an
    unknown or missing field (null values are judged by the range checks)."""
    unknown = sorted(set(obj) - set(columns) - {"type"})
    if unknown:
        raise Bad(unknown[0][:40], "unknown field")
    missing = [c for c in columns if c not in obj and c not in optional]
    if missing:
        raise Bad(missing[0], "missing")
    return {c: obj.get(c) for c in columns}


def _raise(problem: tuple[str, str] | None) -> None:
    if problem:
        raise Bad(*problem)


class ExtrasMerger:
    """Validates the new record types as they are read and merges them into the open
    import transaction; exams and statements wait in `finish` for all lines (a question
    may come before its exam is complete, a statement needs its answer merged)."""

    def __init__(self, conn: sqlite3.Connection, limits: sanity.Limits) -> None:
        self.conn = conn
        self.limits = limits
        self.report = ExtrasReport()
        self.had_answers = conn.execute("SELECT 1 FROM revlog LIMIT 1").fetchone() is not None
        self.was_sitting = conn.execute(
            "SELECT 1 FROM exams WHERE finished_ms IS NULL LIMIT 1").fetchone() is not None
        self.seen: set[str] = set()
        self.exams: dict[int, tuple[str, dict[str, Any]]] = {}
        self.questions: dict[int, dict[int, tuple[str, dict[str, Any]]]] = {}
        self.statements: list[tuple[str, dict[str, Any]]] = []
        self.bad_exams: set[Any] = set()  # already reported: their questions are left out

    def take(self, where: str, kind: str, obj: dict[str, Any]) -> None:
        """Check one record (Bad names the field) and merge or keep it for `finish`."""
        if kind in ("learner", "lrs"):
            if kind in self.seen:
                raise Bad("type", f"a second {kind} line")
            self.seen.add(kind)
        if kind == "learner":
            self._learner(_fields(obj, ("id", "salt"), optional=("id", "salt")))
        elif kind == "lrs":
            self._lrs(_fields(obj, ("value",))["value"])
        elif kind == "bookmark":
            mark = _fields(obj, ("card_id", "added_ms"))
            _raise(sanity.bookmark_problem(mark, self.limits))
            cur = self.conn.execute("INSERT OR IGNORE INTO bookmarks(card_id, added_ms) "
                                    "VALUES (?, ?)", (mark["card_id"], mark["added_ms"]))
            self.report.bookmarks_added += cur.rowcount
        elif kind == "exam":
            if isinstance(obj.get("id"), int):  # a list or object id cannot be a set member
                self.bad_exams.add(obj["id"])
            exam = _fields(obj, EXAM_COLUMNS)
            _raise(sanity.exam_problem(exam, self.limits))
            if exam["id"] in self.exams:
                raise Bad("id", f"a second exam {exam['id']} in the file")
            self.bad_exams.discard(exam["id"])
            self.exams[exam["id"]] = (where, exam)
        elif kind == "exam_question":
            exam_id = obj.get("exam_id")
            try:
                question = _fields(obj, QUESTION_COLUMNS)
                _raise(sanity.exam_question_problem(question))
            except Bad as bad:
                if isinstance(exam_id, int) and not isinstance(exam_id, bool):
                    self.bad_exams.add(exam_id)
                    raise Bad(bad.args[0], f"{bad.args[1]} (exam {exam_id} is left out)") from bad
                raise
            of_exam = self.questions.setdefault(question["exam_id"], {})
            if question["position"] in of_exam:
                raise Bad("position", f"a second question {question['position']} of exam "
                                      f"{question['exam_id']}")
            of_exam[question["position"]] = (where, question)
        else:
            row = _fields(obj, STATEMENT_COLUMNS)
            _raise(sanity.statement_problem(row, self.limits))
            self.statements.append((where, row))

    def _learner(self, record: dict[str, Any]) -> None:
        learner, salt = record["id"], record["salt"]
        if learner is not None and (not isinstance(learner, str) or not learner.startswith(
                "learner-") or len(learner) != 20 or learner[8:].strip("0123456789abcdef")):
            raise Bad("id", "must be a learner id (learner- and 12 hex digits)")
        if salt is not None and (not isinstance(salt, str) or len(salt) != _LEARNER_SALT
                                 or salt.strip("0123456789abcdef")):
            raise Bad("salt", f"must be {_LEARNER_SALT} hex digits")
        for key, value in ((LEARNER_KEY, learner), (SALT_KEY, salt)):
            here = keyvalue.meta(self.conn, key)
            if value is None or here == value:
                continue
            if here is None or not self.had_answers:
                keyvalue.set_meta(self.conn, key, value)
            elif key == LEARNER_KEY:
                self.report.notes.append(
                    f"kept this profile's learner id {here} (the file's is {value}): "
                    "this profile already has answers")

    def _lrs(self, value: Any) -> None:
        if not isinstance(value, str):
            raise Bad("value", "must be the LRS setting's JSON text")
        if len(value) > sanity.MAX_STATEMENT:
            raise Bad("value", f"longer than {sanity.MAX_STATEMENT} characters")
        try:
            raw = jsonsafe.loads(value)
        except JsonError as err:
            raise Bad("value", str(err)) from err
        if not isinstance(raw, dict) or not all(
                isinstance(raw.get(key), str) for key in ("url", "home_page", "activity_base")) \
                or not isinstance(raw.get("name"), str | None):
            raise Bad("value", "must be an LRS setting (url, home_page, activity_base as text)")
        try:
            setting = LrsSetting.from_json(value)
        except ExotermError as err:
            raise Bad("value", str(err).split(";")[0]) from err
        here = keyvalue.meta(self.conn, LRS_KEY)
        if here is None:
            keyvalue.set_meta(self.conn, LRS_KEY, setting.to_json())
            self.report.lrs_added = True
        elif not _readable(here) or LrsSetting.from_json(here) != setting:
            self.report.notes.append("kept this profile's LRS setting (the file names another)")

    def finish(self, problems: list[str]) -> None:
        """Merge the exams and statements (after cards and reviews); a bad one goes to
        `problems` as `file:line: field: why`."""
        for exam_id in self.bad_exams:
            self.exams.pop(exam_id, None)
            self.questions.pop(exam_id, None)
        for exam_id, questions in self.questions.items():
            if exam_id not in self.exams:
                where = min(questions.values(), key=lambda q: _line(q[0]))[0]
                problems.append(f"{where}: exam_id: no exam {exam_id} in the file (its "
                                f"{len(questions)} question(s) left out)")
        for exam_id, (where, exam) in self.exams.items():
            questions = self.questions.get(exam_id, {})
            if not questions or sorted(questions) != list(range(len(questions))):
                problems.append(f"{where}: questions: exam {exam_id} needs its questions "
                                f"numbered 0 to {max(len(questions), 1) - 1} (some missing or bad)")
                continue
            self._merge_exam(exam, [questions[p][1] for p in sorted(questions)])
        for where, row in self.statements:
            try:
                self._merge_statement(row)
            except Bad as bad:
                problems.append(f"{where}: {bad.args[0]}: {bad.args[1]}")

    def _merge_exam(self, exam: dict[str, Any], questions: list[dict[str, Any]]) -> None:
        conn = self.conn
        old = conn.execute("SELECT id, finished_ms, elapsed_ms FROM exams WHERE started_ms = ? "
                           "AND seed = ?", (exam["started_ms"], exam["seed"])).fetchone()
        values = tuple(exam[c] for c in EXAM_COLUMNS[1:])
        if old is None:
            if exam["finished_ms"] is None and self.was_sitting:
                self.report.notes.append("left out the file's unfinished exam: an exam is "
                                         "being sat in this profile (hand it in first)")
                return
            cur = conn.execute(f"INSERT INTO exams({', '.join(EXAM_COLUMNS[1:])}) "
                               f"VALUES ({', '.join('?' * len(values))})", values)
            exam_id = int(cur.lastrowid or 0)
            self.report.exams_added += 1
        else:
            exam_id, finished, elapsed = old
            further = (finished is None and (exam["finished_ms"] is not None
                                             or exam["elapsed_ms"] > elapsed))
            if not further:
                return
            conn.execute(f"UPDATE exams SET {', '.join(c + ' = ?' for c in EXAM_COLUMNS[1:])} "
                         "WHERE id = ?", (*values, exam_id))
            conn.execute("DELETE FROM exam_questions WHERE exam_id = ?", (exam_id,))
            self.report.exams_updated += 1
        conn.executemany(f"INSERT INTO exam_questions({', '.join(QUESTION_COLUMNS)}) "
                         f"VALUES ({', '.join('?' * len(QUESTION_COLUMNS))})",
                         [(exam_id, *(q[c] for c in QUESTION_COLUMNS[1:])) for q in questions])

    def _merge_statement(self, row: dict[str, Any]) -> None:
        conn = self.conn
        revlog_id = row["revlog_id"]
        if row["verb"] == "answered":
            found = conn.execute("SELECT id FROM revlog WHERE uid = ?", (row["event"],)).fetchone()
            if found is None:
                if conn.execute("SELECT 1 FROM sync_removed WHERE uid = ?",
                                (row["event"],)).fetchone():
                    return  # the answer was undone on another device: nothing to send
                raise Bad("event", "statement about an answer neither in the file nor here")
            revlog_id = found[0]
        if row["event"] is not None:
            known = conn.execute("SELECT 1 FROM xapi_outbox WHERE event = ? AND verb = ?",
                                 (row["event"], row["verb"])).fetchone()
        else:
            known = conn.execute("SELECT 1 FROM xapi_outbox WHERE event IS NULL AND verb = ? "
                                 "AND revlog_id = ? AND learner = ?",
                                 (row["verb"], revlog_id, row["learner"])).fetchone()
        if known:
            return
        conn.execute(f"INSERT INTO xapi_outbox({', '.join(STATEMENT_COLUMNS)}) "
                     f"VALUES ({', '.join('?' * len(STATEMENT_COLUMNS))})",
                     (revlog_id, *(row[c] for c in STATEMENT_COLUMNS[1:])))
        self.report.statements_added += 1


def _line(where: str) -> int:
    """The line number of a `file:line` place."""
    return int(where.rsplit(":", 1)[1])


def _readable(text: str) -> bool:
    try:
        LrsSetting.from_json(text)
    except ExotermError:
        return False
    return True
