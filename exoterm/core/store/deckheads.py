"""What the store remembers about each deck it was synced with: the digest of the deck's
card catalog and its numbers of terms and questions, by deck version and card directions.

With these a start whose content is unchanged shows Home's numbers from the database
alone, before the deck is loaded: unpacking the cached deck took 20 ms with the shipped
content and ~200 ms at 10,000 terms, and parsing it on a cold cache ~200 ms. Kept in the
meta table (a few decks: the shipped one, with and without trainer decks).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from typing import Any, NamedTuple, TypeGuard

from exoterm.core import jsonsafe
from exoterm.core.store.database import Database

KEEP = 8  # decks remembered; the least recently synced is forgotten first
_PREFIX = "deck:"


class DeckHead(NamedTuple):
    catalog: str  # `catalog_digest` of the deck's cards under these directions
    terms: int
    items: int


def _key(version: str, directions: Iterable[str], catalog_format: int) -> str:
    # As for the cached catalog, a release that lists a deck's cards differently bumps
    # `catalog_format`, and one that reads the same files differently changes the deck
    # version (`content.cache.LOADER_VERSION`): an upgrade alone does not forget decks.
    return f"{_PREFIX}{version}:{','.join(sorted(set(directions)))}:{catalog_format}"


def recall(db: Database, version: str, directions: Iterable[str], catalog_format: int) -> DeckHead | None:
    """The head remembered for this deck version and these directions, if any."""
    with db.lock:
        row = db.conn.execute("SELECT value FROM meta WHERE key = ?",
                              (_key(version, directions, catalog_format),)).fetchone()
    value = _parsed(row[0] if row else None)
    terms, items = value.get("terms"), value.get("items")
    if not (isinstance(value.get("catalog"), str) and _count(terms) and _count(items)):
        return None  # not written by this code: the deck is loaded and synced instead
    return DeckHead(value["catalog"], terms, items)


def remember(db: Database, version: str, directions: Iterable[str], catalog_format: int,
             head: DeckHead) -> None:
    """Record `head` for this deck version (and forget all but the `KEEP` latest)."""
    value = json.dumps({**head._asdict(), "at": time.time_ns()})
    with db.write() as conn:
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                     (_key(version, directions, catalog_format), value))
        rows = conn.execute("SELECT key, value FROM meta WHERE key LIKE ?",
                            (_PREFIX + "%",)).fetchall()
        if len(rows) > KEEP:
            rows.sort(key=lambda r: _written_at(r[1]), reverse=True)
            conn.executemany("DELETE FROM meta WHERE key = ?", [(r[0],) for r in rows[KEEP:]])


def _parsed(text: object) -> dict[str, Any]:
    """A stored head as an object; {} for anything else (a hand edit, a damaged row:
    Infinity, deep nesting or huge numbers must not stop Home from starting)."""
    try:
        value = jsonsafe.loads(text) if isinstance(text, str) else None
    except jsonsafe.JsonError:
        return {}
    return value if isinstance(value, dict) else {}


def _count(value: object) -> TypeGuard[int]:
    """A number of terms or questions as this code writes it: an int in SQLite's range."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 1 << 63


def _written_at(value: str) -> int:
    at = _parsed(value).get("at")
    return at if isinstance(at, int) and not isinstance(at, bool) else 0
