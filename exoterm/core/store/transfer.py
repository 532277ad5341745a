"""Progress export and import as JSON lines (one object per line), for moving devices.

The first line is a header; then settings, cards and review-log rows, and (format 7 on)
the learner id, LRS setting, bookmarks, mock exams and unsent xAPI statements
(`transfer_extras`). Import runs in one transaction (all or nothing), skips review rows it
already has (same card, time, rating, kind) and keeps whichever card state is newer, so
importing a file twice changes nothing.

The header's `schema` is the format version; an exoterm refuses a file whose version is
above its own. Versions 1 to 6 were the database schema of the exoterm that wrote them (the
rows gained fields with it). From 7 on it is the database schema plus one, so a file with
the newer line types is refused by every exoterm that predates them (their limit is their
database schema), and a later schema migration still raises it.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
from typing import IO, Any

from exoterm.core import jsonsafe
from exoterm.core.jsonsafe import JsonError
from exoterm.core.srs.clock import to_ms
from exoterm.core.srs.settings import SrsSettings
from exoterm.core.store import keyvalue, sanity, transfer_extras
from exoterm.core.store.database import Database
from exoterm.core.store.schema import SCHEMA_VERSION
from exoterm.core.store.transfer_extras import Bad as _Bad
from exoterm.core.store.transfer_extras import ExtrasMerger
from exoterm.errors import ExotermError

FORMAT = "exoterm-progress"
FORMAT_VERSION = SCHEMA_VERSION + 1  # see the module docstring
CARD_COLUMNS = ("id", "state", "step", "stability", "difficulty", "due_ms", "last_review_ms",
                "reps", "lapses", "fingerprint", "content_fp", "suspended", "present",
                "position", "sibling")
REVIEW_COLUMNS = ("id", "card_id", "rating", "ivl_s", "last_ivl_s", "stability", "difficulty",
                  "duration_ms", "kind", "reviewed_ms", "response", "correct", "uid")
# absent from exports made before schema 2 (response, correct) and 3 (uid: the event id
# sync knows the answer by, kept so an imported answer is not shared twice)
_ADDED_LATER = {"response", "correct", "uid"}
_SCHED = CARD_COLUMNS[1:10] + ("suspended",)
_INT, _NUM, _STR = (int,), (int, float), (str,)
_TYPES: dict[str, tuple[type, ...]] = {
    "state": _INT, "step": _INT, "stability": _NUM, "difficulty": _NUM,
    "due_ms": _INT, "last_review_ms": _INT, "reps": _INT, "lapses": _INT, "fingerprint": _STR,
    "content_fp": _STR, "suspended": _INT, "present": _INT, "position": _INT, "sibling": _STR,
    "card_id": _STR, "rating": _INT, "ivl_s": _INT, "last_ivl_s": _INT, "duration_ms": _INT,
    "kind": _INT, "reviewed_ms": _INT, "response": _STR, "correct": _INT, "uid": _STR,
}
_REVIEW_KEY = REVIEW_COLUMNS[1:-1]  # all but the id (it may have been bumped) and the uid
SETTING_KEYS = tuple(f.name for f in fields(SrsSettings))
MAX_SETTING = 10_000  # characters of one setting's JSON text
_NULLABLE = {"step", "stability", "difficulty", "due_ms", "last_review_ms", "response", "correct",
             "uid"}
_UID = re.compile(r"^[0-9a-f]{32}$")


@dataclass(frozen=True, slots=True)
class ImportReport:
    cards_added: int = 0
    cards_updated: int = 0
    reviews_added: int = 0
    reviews_skipped: int = 0
    settings_added: int = 0
    bad: tuple[str, ...] = ()  # `file:line: field: why` of records left out (--skip-bad)
    exams_added: int = 0
    exams_updated: int = 0
    bookmarks_added: int = 0
    statements_added: int = 0
    notes: tuple[str, ...] = ()
    lrs_added: bool = False  # what this profile kept instead of the file's


def export_lines(store: Database) -> Iterator[str]:
    """The whole progress as JSON lines (header, settings, cards, reviews, then the
    records of `transfer_extras`)."""
    conn = store.conn
    yield json.dumps({"format": FORMAT, "schema": FORMAT_VERSION, "exported_ms": to_ms(store.now())})
    for key, value in conn.execute("SELECT key, value FROM settings ORDER BY key"):
        yield jsonsafe.dumps({"type": "setting", "key": key, "value": value})
    for row in conn.execute(f"SELECT {', '.join(CARD_COLUMNS)} FROM cards ORDER BY id"):
        yield jsonsafe.dumps({"type": "card", **dict(zip(CARD_COLUMNS, row, strict=True))})
    for row in conn.execute(f"SELECT {', '.join(REVIEW_COLUMNS)} FROM revlog ORDER BY id"):
        yield jsonsafe.dumps({"type": "review", **dict(zip(REVIEW_COLUMNS, row, strict=True))})
    for record in transfer_extras.export_lines(conn):
        yield jsonsafe.dumps(record)


def export_progress(store: Database, out: IO[str]) -> int:
    """Write the export to `out`; returns the number of lines."""
    count = 0
    with store.read():
        for line in export_lines(store):
            out.write(line + "\n")
            count += 1
    return count


class BadRecordsError(ExotermError):
    """Records that failed validation; nothing was imported. `problems` has one
    `file:line: field: why` text per bad record."""

    def __init__(self, name: str, problems: list[str]) -> None:
        head = problems[0] if len(problems) == 1 else f"{name}: {len(problems)} bad records"
        super().__init__(f"{head}; nothing imported (fix it, or use --skip-bad to import "
                         f"the good records)")
        self.problems = problems


def _check(obj: dict[str, Any], columns: tuple[str, ...]) -> tuple[Any, ...]:
    values: list[Any] = []
    types = dict(_TYPES, id=_STR if "content_fp" in columns else _INT)
    unknown = sorted(set(obj) - set(columns) - {"type"})
    if unknown:
        raise _Bad(unknown[0][:40], "unknown field")
    for col in columns:
        if col not in obj and col in _ADDED_LATER:
            values.append(None)
            continue
        if col not in obj:
            raise _Bad(col, "missing")
        value = obj[col]
        if value is None and col in _NULLABLE:
            values.append(None)
            continue
        if isinstance(value, bool) or not isinstance(value, types[col]):
            raise _Bad(col, f"wrong type of value ({type(value).__name__})")
        values.append(value)
    return tuple(values)


def _card(obj: dict[str, Any], limits: sanity.Limits) -> tuple[Any, ...]:
    row = _check(obj, CARD_COLUMNS)
    card = dict(zip(CARD_COLUMNS, row, strict=True))
    problem = sanity.card_problem(card, limits)
    if problem:
        raise _Bad(*problem)
    if not 0 < len(card["id"]) <= sanity.MAX_ID:
        raise _Bad("id", f"must be 1 to {sanity.MAX_ID} characters")
    for name in ("fingerprint", "content_fp", "sibling"):
        if len(card[name]) > sanity.MAX_TEXT:
            raise _Bad(name, f"longer than {sanity.MAX_TEXT} characters")
    for name in ("suspended", "present"):
        if card[name] not in (0, 1):
            raise _Bad(name, f"must be 0 or 1 (got {card[name]})")
    return row


def _review(obj: dict[str, Any], limits: sanity.Limits) -> tuple[Any, ...]:
    row = _check(obj, REVIEW_COLUMNS)
    problem = sanity.review_problem(dict(zip(REVIEW_COLUMNS, row, strict=True)), limits)
    if problem:
        raise _Bad(*problem)
    if row[-1] is not None and not _UID.match(row[-1]):
        raise _Bad("uid", "must be an event id (32 hex digits)")
    return row


def _setting(obj: dict[str, Any]) -> tuple[str, str]:
    unknown = sorted(set(obj) - {"type", "key", "value"})
    if unknown:
        raise _Bad(unknown[0][:40], "unknown field")
    key, value = obj.get("key"), obj.get("value")
    if not isinstance(key, str) or key not in SETTING_KEYS:
        shown = repr(key)[:40]
        raise _Bad("key", f"unknown setting {shown}; known: {', '.join(SETTING_KEYS)}")
    if not isinstance(value, str):
        raise _Bad("value", "must be the setting's JSON text")
    if len(value) > MAX_SETTING:
        raise _Bad("value", f"longer than {MAX_SETTING} characters")
    try:
        SrsSettings.from_values({key: value})
    except ExotermError as err:
        raise _Bad("value", str(err)) from err
    return key, value


Record = tuple[str, str, dict[str, Any]]


def _parse(lines: Iterable[str | JsonError], name: str, problems: list[str]) -> Iterator[Record]:
    """(where, type, object) of each record; bad lines go to `problems`. A file that is not
    a progress export at all (its first line) is refused at once."""
    header_seen = False
    for number, line in enumerate(lines, 1):
        where = f"{name}:{number}"
        if isinstance(line, str) and not line.strip():
            continue
        try:
            if isinstance(line, JsonError):
                raise line
            obj = jsonsafe.loads(line)
        except JsonError as err:
            if not header_seen:
                raise ExotermError(f"{where}: not an exoterm progress export ({err})") from err
            problems.append(f"{where}: {err}")
            continue
        if not isinstance(obj, dict):
            if not header_seen:
                raise ExotermError(f"{where}: not an exoterm progress export")
            problems.append(f"{where}: expected a JSON object")
            continue
        if not header_seen:
            if obj.get("format") != FORMAT:
                raise ExotermError(f"{where}: not an exoterm progress export")
            schema = obj.get("schema")
            if isinstance(schema, bool) or not isinstance(schema, int) or schema < 1:
                raise ExotermError(f"{where}: header: schema must be a version number")
            if schema > FORMAT_VERSION:
                raise ExotermError(f"{where}: made by a newer exoterm; update exoterm first")
            header_seen = True
            continue
        kind = obj.get("type")
        if kind not in ("setting", "card", "review", *transfer_extras.TYPES):
            problems.append(f"{where}: type: unknown line type {str(kind)[:40]!r}")
            continue
        yield where, str(kind), obj
    if not header_seen:
        raise ExotermError(f"{name}: empty file, not an exoterm progress export")


def import_progress(store: Database, lines: Iterable[str | JsonError], name: str = "<input>",
                    *, skip_bad: bool = False) -> ImportReport:
    """Merge an export into the store, atomically and idempotently.

    Every record is validated (`sanity.py`: ranges, instants from 2000 to a year from now,
    known settings); a bad one is reported as `file:line: field: why`. With any bad record
    nothing is imported (BadRecordsError) unless `skip_bad`, which imports the good ones and
    lists the bad ones in the report."""
    added = updated = reviews = skipped = settings = 0
    problems: list[str] = []
    limits = sanity.Limits.for_import(to_ms(store.now()))
    pending: list[tuple[str, tuple[Any, ...]]] = []
    with store.write() as conn:
        extras = ExtrasMerger(conn, limits)
        for where, kind, obj in _parse(lines, name, problems):
            try:
                if kind in transfer_extras.TYPES:
                    extras.take(where, kind, obj)
                elif kind == "setting":
                    settings += keyvalue.add_setting(conn, *_setting(obj))
                elif kind == "card":
                    added_now, updated_now = _merge_card(conn, _card(obj, limits))
                    added, updated = added + added_now, updated + updated_now
                else:
                    pending.append((where, _review(obj, limits)))
            except _Bad as bad:
                problems.append(f"{where}: {bad.args[0]}: {bad.args[1]}")
        merger = _ReviewMerger(conn)
        for where, row in pending:  # after the cards they refer to
            try:
                if merger.add(row):
                    reviews += 1
                else:
                    skipped += 1
            except _Bad as bad:
                problems.append(f"{where}: {bad.args[0]}: {bad.args[1]}")
        extras.finish(problems)  # exams and statements, once their answers are in
        if problems and not skip_bad:
            raise BadRecordsError(name, problems)  # rolls the transaction back
        # Settings are checked one by one above; together they must still make sense.
        keyvalue.read_settings(conn)
    store.reload_settings()
    more = extras.report
    return ImportReport(added, updated, reviews, skipped, settings, tuple(problems),
                        more.exams_added, more.exams_updated, more.bookmarks_added,
                        more.statements_added, tuple(more.notes), more.lrs_added)


def _merge_card(conn: Any, row: tuple[Any, ...]) -> tuple[int, int]:
    card = dict(zip(CARD_COLUMNS, row, strict=True))
    old = conn.execute("SELECT last_review_ms, reps FROM cards WHERE id = ?",
                       (card["id"],)).fetchone()
    if old is None:
        conn.execute(f"INSERT INTO cards({', '.join(CARD_COLUMNS)}) "
                     f"VALUES ({', '.join('?' * len(CARD_COLUMNS))})", row)
        return 1, 0
    if (card["last_review_ms"] or -1, card["reps"]) > (old[0] or -1, old[1]):
        conn.execute(f"UPDATE cards SET {', '.join(c + ' = ?' for c in _SCHED)} WHERE id = ?",
                     (*(card[c] for c in _SCHED), card["id"]))
        return 0, 1
    return 0, 0


class _ReviewMerger:
    """Adds review rows not yet present; identical rows are matched as a multiset, so a
    file imported twice adds nothing and two equal answers in one millisecond both stay."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn
        self.before: dict[tuple[Any, ...], int] = {}
        self.seen: Counter[tuple[Any, ...]] = Counter()

    def add(self, row: tuple[Any, ...]) -> bool:
        review = dict(zip(REVIEW_COLUMNS, row, strict=True))
        conn = self.conn
        if conn.execute("SELECT 1 FROM cards WHERE id = ?", (review["card_id"],)).fetchone() is None:
            raise _Bad("card_id", f"review of unknown card {review['card_id'][:80]!r}")
        if review["uid"] is not None and (
                conn.execute("SELECT 1 FROM revlog WHERE uid = ?", (review["uid"],)).fetchone()
                or conn.execute("SELECT 1 FROM sync_removed WHERE uid = ?",
                                (review["uid"],)).fetchone()):
            return False  # this very answer is here already, or was undone on a device
        key = tuple(review[c] for c in _REVIEW_KEY)
        if key not in self.before:
            self.before[key] = conn.execute(
                f"SELECT COUNT(*) FROM revlog WHERE {' AND '.join(c + ' IS ?' for c in _REVIEW_KEY)}",
                key).fetchone()[0]
        self.seen[key] += 1
        if self.seen[key] <= self.before[key]:
            return False
        if conn.execute("SELECT 1 FROM revlog WHERE id = ?", (review["id"],)).fetchone():
            review["id"] = conn.execute("SELECT MAX(id) + 1 FROM revlog").fetchone()[0]
        # without an event id (an export from before schema 3) the column's default makes one
        columns = [c for c in REVIEW_COLUMNS if c != "uid" or review[c] is not None]
        conn.execute(f"INSERT INTO revlog({', '.join(columns)}) "
                     f"VALUES ({', '.join('?' * len(columns))})", [review[c] for c in columns])
        return True
