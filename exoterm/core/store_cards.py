"""Per-card reads and writes the glossary needs: status flags and "study these next".

"Queued" cards are new cards moved to the front of the new-card order (a negative
position), which is how "add to review" works: they are introduced before any other
new card, most recently queued first, and keep that place when the deck is synced.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from exoterm.core.store import Store


class CardFlags(NamedTuple):
    """What the glossary shows about one card."""

    state: int  # Phase value: 0 new, 1 learning, 2 review, 3 relearning
    suspended: bool
    queued: bool  # moved to the front of the new-card order


def card_flags(store: Store, prefix: str = "") -> dict[str, CardFlags]:
    """Flags of every card whose id starts with `prefix` (e.g. "term:")."""
    with store.read() as conn:  # a range on the primary key, not LIKE (which scans)
        rows = conn.execute("SELECT id, state, suspended, position FROM cards "
                            "WHERE id >= ? AND id < ?", (prefix, prefix + "\U0010ffff"))
        return {card_id: CardFlags(int(state), bool(suspended), int(position) < 0)
                for card_id, state, suspended, position in rows}


def queue_first(store: Store, card_ids: Sequence[str]) -> None:
    """Move these cards, where still new, to the front of the new-card order (in the
    given order, ahead of cards queued before)."""
    with store.write() as conn:
        first = min(0, conn.execute("SELECT COALESCE(MIN(position), 0) FROM cards").fetchone()[0])
        conn.executemany("UPDATE cards SET position = ? WHERE id = ? AND state = 0",
                         [(first - len(card_ids) + i, c) for i, c in enumerate(card_ids)])
