"""Bookmarked cards (`b` in review and the glossary, `exoterm bookmarks`): a learner's own
list of cards to come back to, kept apart from the schedule."""

from __future__ import annotations

from datetime import datetime

from exoterm.core.srs.clock import to_ms
from exoterm.core.store.database import Database


def set_bookmark(db: Database, card_id: str, on: bool, now: datetime | None = None) -> None:
    with db.write() as conn:
        if on:
            conn.execute("INSERT OR IGNORE INTO bookmarks(card_id, added_ms) VALUES (?, ?)",
                         (card_id, to_ms(db.now(now))))
        else:
            conn.execute("DELETE FROM bookmarks WHERE card_id = ?", (card_id,))


def toggle_bookmark(db: Database, card_id: str, now: datetime | None = None) -> bool:
    """Bookmark the card, or remove its bookmark; True when it is now bookmarked."""
    on = not is_bookmarked(db, card_id)
    set_bookmark(db, card_id, on, now)
    return on


def is_bookmarked(db: Database, card_id: str) -> bool:
    with db.lock:
        return db.conn.execute("SELECT 1 FROM bookmarks WHERE card_id = ?",
                               (card_id,)).fetchone() is not None


def bookmarks(db: Database) -> list[str]:
    """Bookmarked card ids, the oldest bookmark first."""
    with db.lock:
        return [str(r[0]) for r in db.conn.execute(
            "SELECT card_id FROM bookmarks ORDER BY added_ms, card_id")]
