"""The cards table: one row per card of the deck with its scheduling state.

Syncing with the deck's catalog, reading a card's state, the glossary's status flags and
"study next". "Queued" cards are new cards moved to the front of the new-card order (a
negative position), which is how "add to review" works: they are introduced before any
other new card, most recently queued first, and keep that place when the deck is synced.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from exoterm.core.srs.cards import CardInfo, catalog_digest
from exoterm.core.srs.clock import from_ms, to_ms
from exoterm.core.srs.scheduler import CardState, Phase
from exoterm.core.store import keyvalue, sanity
from exoterm.core.store.database import Database
from exoterm.errors import ExotermError

SCHED_COLUMNS = ("state", "step", "stability", "difficulty", "due_ms", "last_review_ms",
                 "reps", "lapses", "fingerprint", "suspended")
SELECT_CARD = f"SELECT {', '.join(SCHED_COLUMNS)} FROM cards WHERE id = ?"
# The same row with SOUND_CARD_SQL's verdict last: SQLite checks a row while reading it.
_SELECT_CHECKED = f"SELECT {', '.join(SCHED_COLUMNS)}, {sanity.SOUND_CARD_SQL} FROM cards WHERE id = ?"
UPDATE_CARD = f"UPDATE cards SET {', '.join(c + ' = ?' for c in SCHED_COLUMNS)} WHERE id = ?"
# every column a renamed card carries to its new id
_CARD_COLUMNS = ("state, step, stability, difficulty, due_ms, last_review_ms, reps, lapses, "
                 "fingerprint, content_fp, suspended, present, position, sibling")


@dataclass(frozen=True, slots=True)
class SyncReport:
    """What a catalog sync found: cards added, cards whose content is gone, changed cards."""

    added: int
    missing: int
    changed: tuple[str, ...]


class CardFlags(NamedTuple):
    """What the glossary shows about one card."""

    state: int  # Phase value: 0 new, 1 learning, 2 review, 3 relearning
    suspended: bool
    queued: bool  # moved to the front of the new-card order


class DamagedCardError(ExotermError):
    """A stored card's scheduling fields are out of range (see `sanity.py`)."""


def state_from_row(card_id: str, row: Sequence[Any], *, sound: bool = False) -> CardState:
    """The CardState of a SCHED_COLUMNS row; DamagedCardError naming the card and field when
    the row is out of range (so a bad row is skipped, never handed to the scheduler).
    `sound`: SOUND_CARD_SQL already passed the row, so the check is not repeated."""
    state, step, stab, diff, due, last, reps, lapses = row[:8]
    problem = None if sound else sanity.card_problem(dict(zip(SCHED_COLUMNS[:8], row[:8], strict=True)))
    if problem:
        raise DamagedCardError(f"card {card_id} is damaged ({problem[0]}: {problem[1]}); skipped")
    return CardState(card_id, Phase(state), step, stab, diff,
                     None if due is None else from_ms(due),
                     None if last is None else from_ms(last), reps, lapses)


def state_to_row(s: CardState) -> tuple[Any, ...]:
    return (int(s.phase), s.step, s.stability, s.difficulty,
            None if s.due is None else to_ms(s.due),
            None if s.last_review is None else to_ms(s.last_review), s.reps, s.lapses)


def scheduling_row(conn: sqlite3.Connection, card_id: str) -> tuple[Any, ...]:
    """The card's SCHED_COLUMNS, adding the card (new, last in order) when it is unknown."""
    row = conn.execute(SELECT_CARD, (card_id,)).fetchone()
    if row is None:
        conn.execute("INSERT INTO cards(id, position) VALUES (?, ?)", (card_id, 1 << 40))
        row = conn.execute(SELECT_CARD, (card_id,)).fetchone()
    return tuple(row)


def read_card(conn: sqlite3.Connection, card_id: str) -> tuple[tuple[Any, ...], CardState]:
    """The card's SCHED_COLUMNS row (adding the card, new and last in order, when unknown) and
    its CardState, for a change to the card. A damaged row raises DamagedCardError; SQLite
    tests the row as it reads it, so only a damaged one takes the check that names its field."""
    row = conn.execute(_SELECT_CHECKED, (card_id,)).fetchone()
    if row is None:
        conn.execute("INSERT INTO cards(id, position) VALUES (?, ?)", (card_id, 1 << 40))
        row = conn.execute(_SELECT_CHECKED, (card_id,)).fetchone()
    before = tuple(row[:-1])
    return before, state_from_row(card_id, before, sound=bool(row[-1]))


def content_fingerprint(conn: sqlite3.Connection, card_id: str) -> str:
    """The card's content as of the last catalog sync."""
    return str(conn.execute("SELECT content_fp FROM cards WHERE id = ?", (card_id,)).fetchone()[0])


def card(db: Database, card_id: str) -> CardState | None:
    with db.lock:
        row = db.conn.execute(SELECT_CARD, (card_id,)).fetchone()
    return None if row is None else state_from_row(card_id, row)


def catalog_synced(db: Database, digest: str) -> bool:
    """Whether the store was last synced with the catalog whose `catalog_digest` this is."""
    with db.lock:
        return keyvalue.meta(db.conn, "catalog") == digest


def changed_cards(db: Database) -> tuple[str, ...]:
    """Studied cards whose content changed since they were studied (offer a reset)."""
    with db.lock:
        rows = db.conn.execute(
            "SELECT id FROM cards WHERE state != 0 AND present = 1 "
            "AND fingerprint != content_fp ORDER BY position").fetchall()
    return tuple(r[0] for r in rows)


def accept_change(db: Database, card_id: str) -> None:
    """Keep a card's progress although its content changed."""
    with db.write() as conn:
        conn.execute("UPDATE cards SET fingerprint = content_fp WHERE id = ?", (card_id,))


def card_flags(db: Database, prefix: str = "") -> dict[str, CardFlags]:
    """Flags of every card whose id starts with `prefix` (e.g. "term:")."""
    with db.read() as conn:  # a range on the primary key, not LIKE (which scans)
        rows = conn.execute("SELECT id, state, suspended, position FROM cards "
                            "WHERE id >= ? AND id < ?", (prefix, prefix + "\U0010ffff"))
        return {card_id: CardFlags(int(state), bool(suspended), int(position) < 0)
                for card_id, state, suspended, position in rows}


def queue_first(db: Database, card_ids: Sequence[str]) -> None:
    """Move these cards, where still new, to the front of the new-card order (in the
    given order, ahead of cards queued before)."""
    with db.write() as conn:
        first = min(0, conn.execute("SELECT COALESCE(MIN(position), 0) FROM cards").fetchone()[0])
        conn.executemany("UPDATE cards SET position = ? WHERE id = ? AND state = 0",
                         [(first - len(card_ids) + i, c) for i, c in enumerate(card_ids)])


def carry_renames(conn: sqlite3.Connection, catalog: Sequence[CardInfo]) -> int:
    """Move each card listed in a card's `formerly` to its new id, with its review log and
    undo records; part of the caller's transaction. A card already moved has no old row
    left, so this happens once. A new id that already has its own history is left alone
    (two histories are never merged); one never studied is replaced by the old card.
    Returns how many cards moved."""
    moved = 0
    for info in catalog:
        for old in info.formerly:
            if conn.execute("SELECT 1 FROM cards WHERE id = ?", (old,)).fetchone() is None:
                continue
            new = conn.execute("SELECT state, reps FROM cards WHERE id = ?", (info.id,)).fetchone()
            if new is not None:
                studied = new != (0, 0) or conn.execute(
                    "SELECT 1 FROM revlog WHERE card_id = ? LIMIT 1", (info.id,)).fetchone()
                if studied:
                    continue
                conn.execute("DELETE FROM undo WHERE card_id = ?", (info.id,))
                conn.execute("DELETE FROM cards WHERE id = ?", (info.id,))
            conn.execute(f"INSERT INTO cards(id, {_CARD_COLUMNS}) "
                         f"SELECT ?, {_CARD_COLUMNS} FROM cards WHERE id = ?", (info.id, old))
            for table in ("revlog", "undo"):
                conn.execute(f"UPDATE {table} SET card_id = ? WHERE card_id = ?", (info.id, old))
            conn.execute("DELETE FROM cards WHERE id = ?", (old,))
            moved += 1
    return moved


def sync_catalog(db: Database, catalog: Sequence[CardInfo]) -> SyncReport:
    """Make the cards table match the deck: add new cards, mark vanished ones absent, keep
    queued cards in their place. Skipped when the catalog is the one last synced."""
    key = catalog_digest(catalog)
    added = missing = 0
    with db.write() as conn:
        if keyvalue.meta(conn, "catalog") != key:
            carry_renames(conn, catalog)
            rows = conn.execute("SELECT id, present, position, content_fp, sibling FROM cards")
            existing = {r[0]: r[1:] for r in rows}
            inserts, updates = [], []
            for pos, info in enumerate(catalog):
                old = existing.pop(info.id, None)
                if old is not None and old[1] < 0:
                    pos = old[1]  # queued first by the learner: keeps its place
                if old is None:
                    inserts.append((info.id, info.fingerprint, info.fingerprint, pos,
                                    info.sibling_key))
                elif old != (1, pos, info.fingerprint, info.sibling_key):
                    updates.append((pos, info.fingerprint, info.fingerprint,
                                    info.sibling_key, info.id))
            conn.executemany("INSERT INTO cards(id, fingerprint, content_fp, position, "
                             "sibling) VALUES (?, ?, ?, ?, ?)", inserts)
            conn.executemany("UPDATE cards SET present = 1, position = ?, content_fp = ?, "
                             "fingerprint = CASE WHEN state = 0 THEN ? ELSE fingerprint END,"
                             " sibling = ? WHERE id = ?", updates)
            gone = [(cid,) for cid, old in existing.items() if old[0]]
            conn.executemany("UPDATE cards SET present = 0 WHERE id = ?", gone)
            keyvalue.set_meta(conn, "catalog", key)
            added, missing = len(inserts), len(gone)
    return SyncReport(added, missing, changed_cards(db))
