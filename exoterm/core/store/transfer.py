"""Progress export and import as JSON lines (one object per line), for moving devices.

The first line is a header; then settings, cards and review-log rows. Import runs in one
transaction (all or nothing), skips review rows it already has (same card, time, rating,
kind) and keeps whichever card state is newer, so importing a file twice changes nothing.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from exoterm.core.srs.clock import to_ms
from exoterm.core.store import keyvalue
from exoterm.core.store.database import Database
from exoterm.core.store.schema import SCHEMA_VERSION
from exoterm.errors import ExotermError

FORMAT = "exoterm-progress"
CARD_COLUMNS = ("id", "state", "step", "stability", "difficulty", "due_ms", "last_review_ms",
                "reps", "lapses", "fingerprint", "content_fp", "suspended", "present",
                "position", "sibling")
REVIEW_COLUMNS = ("id", "card_id", "rating", "ivl_s", "last_ivl_s", "stability", "difficulty",
                  "duration_ms", "kind", "reviewed_ms", "response", "correct")
_ADDED_LATER = {"response", "correct"}  # absent from exports made before schema 2
_SCHED = CARD_COLUMNS[1:10] + ("suspended",)
_INT, _NUM, _STR = (int,), (int, float), (str,)
_TYPES: dict[str, tuple[type, ...]] = {
    "state": _INT, "step": _INT, "stability": _NUM, "difficulty": _NUM,
    "due_ms": _INT, "last_review_ms": _INT, "reps": _INT, "lapses": _INT, "fingerprint": _STR,
    "content_fp": _STR, "suspended": _INT, "present": _INT, "position": _INT, "sibling": _STR,
    "card_id": _STR, "rating": _INT, "ivl_s": _INT, "last_ivl_s": _INT, "duration_ms": _INT,
    "kind": _INT, "reviewed_ms": _INT, "response": _STR, "correct": _INT,
}
_REVIEW_KEY = REVIEW_COLUMNS[1:]  # everything but the id, which may have been bumped
_NULLABLE = {"step", "stability", "difficulty", "due_ms", "last_review_ms", "response", "correct"}


@dataclass(frozen=True, slots=True)
class ImportReport:
    cards_added: int = 0
    cards_updated: int = 0
    reviews_added: int = 0
    reviews_skipped: int = 0
    settings_added: int = 0


def export_lines(store: Database) -> Iterator[str]:
    """The whole progress as JSON lines (header, settings, cards, reviews)."""
    conn = store.conn
    yield json.dumps({"format": FORMAT, "schema": SCHEMA_VERSION, "exported_ms": to_ms(store.now())})
    for key, value in conn.execute("SELECT key, value FROM settings ORDER BY key"):
        yield json.dumps({"type": "setting", "key": key, "value": value}, ensure_ascii=False)
    for row in conn.execute(f"SELECT {', '.join(CARD_COLUMNS)} FROM cards ORDER BY id"):
        yield json.dumps({"type": "card", **dict(zip(CARD_COLUMNS, row, strict=True))},
                         ensure_ascii=False)
    for row in conn.execute(f"SELECT {', '.join(REVIEW_COLUMNS)} FROM revlog ORDER BY id"):
        yield json.dumps({"type": "review", **dict(zip(REVIEW_COLUMNS, row, strict=True))},
                         ensure_ascii=False)


def export_progress(store: Database, out: IO[str]) -> int:
    """Write the export to `out`; returns the number of lines."""
    count = 0
    with store.read():
        for line in export_lines(store):
            out.write(line + "\n")
            count += 1
    return count


def _check(obj: dict[str, Any], columns: tuple[str, ...], where: str) -> tuple[Any, ...]:
    values: list[Any] = []
    types = dict(_TYPES, id=_STR if "content_fp" in columns else _INT)
    for col in columns:
        if col not in obj and col in _ADDED_LATER:
            values.append(None)
            continue
        if col not in obj:
            raise ExotermError(f"{where}: missing field {col!r}")
        value = obj[col]
        if value is None and col in _NULLABLE:
            values.append(None)
            continue
        if isinstance(value, bool) or not isinstance(value, types[col]):
            raise ExotermError(f"{where}: field {col!r} has a wrong value {value!r}")
        values.append(value)
    return tuple(values)


def _parse(lines: Iterable[str], name: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
    header_seen = False
    for number, line in enumerate(lines, 1):
        where = f"{name}:{number}"
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            raise ExotermError(f"{where}: not valid JSON ({err.msg})") from err
        if not isinstance(obj, dict):
            raise ExotermError(f"{where}: expected a JSON object")
        if not header_seen:
            if obj.get("format") != FORMAT:
                raise ExotermError(f"{where}: not an exoterm progress export")
            if not isinstance(obj.get("schema"), int) or obj["schema"] > SCHEMA_VERSION:
                raise ExotermError(f"{where}: made by a newer exoterm; update exoterm first")
            header_seen = True
            continue
        kind = obj.get("type")
        if kind not in ("setting", "card", "review"):
            raise ExotermError(f"{where}: unknown line type {kind!r}")
        yield where, str(kind), obj
    if not header_seen:
        raise ExotermError(f"{name}: empty file, not an exoterm progress export")


def import_progress(store: Database, lines: Iterable[str], name: str = "<input>") -> ImportReport:
    """Merge an export into the store, atomically and idempotently."""
    added = updated = reviews = skipped = settings = 0
    pending: list[tuple[str, tuple[Any, ...]]] = []
    with store.write() as conn:
        for where, kind, obj in _parse(lines, name):
            if kind == "setting":
                key, value = obj.get("key"), obj.get("value")
                if not isinstance(key, str) or not isinstance(value, str):
                    raise ExotermError(f"{where}: setting needs string key and value")
                settings += keyvalue.add_setting(conn, key, value)
            elif kind == "card":
                row = _check(obj, CARD_COLUMNS, where)
                added_now, updated_now = _merge_card(conn, row)
                added, updated = added + added_now, updated + updated_now
            else:
                pending.append((where, _check(obj, REVIEW_COLUMNS, where)))
        merger = _ReviewMerger(conn)
        for where, row in pending:  # after the cards they refer to
            if merger.add(row, where):
                reviews += 1
            else:
                skipped += 1
        # Refuse (and roll back) imported settings that are out of range.
        keyvalue.read_settings(conn)
    store.reload_settings()
    return ImportReport(added, updated, reviews, skipped, settings)


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

    def add(self, row: tuple[Any, ...], where: str) -> bool:
        review = dict(zip(REVIEW_COLUMNS, row, strict=True))
        conn = self.conn
        if conn.execute("SELECT 1 FROM cards WHERE id = ?", (review["card_id"],)).fetchone() is None:
            raise ExotermError(f"{where}: review of unknown card {review['card_id']!r}")
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
        conn.execute(f"INSERT INTO revlog({', '.join(REVIEW_COLUMNS)}) "
                     f"VALUES ({', '.join('?' * len(REVIEW_COLUMNS))})",
                     tuple(review[c] for c in REVIEW_COLUMNS))
        return True
