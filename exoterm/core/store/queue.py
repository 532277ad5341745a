"""Today's study queue built with indexed queries, honouring the daily limits.

Limits follow Anki's v3 scheduler: reviews are capped by `reviews_per_day`, new cards by
`new_per_day` and also by what is left of the review limit; (re)learning cards are not
capped. Only one new card per term is introduced a day (siblings wait for later days).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from exoterm.core.srs.clock import day_bounds, to_ms
from exoterm.core.srs.settings import SrsSettings
from exoterm.core.store.sanity import SOUND_CARD_SQL

_DONE = ("SELECT COALESCE(SUM(kind = 0 AND last_ivl_s = 0), 0), COALESCE(SUM(kind = 1), 0) "
         "FROM revlog WHERE id >= ? AND id < ?")
# Damaged rows (out of range, see sanity.py) are left out: they are named by `stats`.
_LEARNING = ("SELECT id FROM cards WHERE state IN (1, 3) AND suspended = 0 AND present = 1 "
             f"AND due_ms < ? AND {SOUND_CARD_SQL} ORDER BY due_ms")
_REVIEW = ("SELECT id FROM cards WHERE state = 2 AND suspended = 0 AND present = 1 "
           f"AND due_ms < ? AND {SOUND_CARD_SQL} ORDER BY due_ms LIMIT ?")
_NEW = ("SELECT id, sibling FROM cards WHERE state = 0 AND suspended = 0 AND present = 1 "
        f"AND {SOUND_CARD_SQL} ORDER BY position LIMIT ? OFFSET ?")


@dataclass(frozen=True, slots=True)
class Queue:
    """Cards to study now, in order, and what is left of today's limits."""

    learning: tuple[str, ...]
    review: tuple[str, ...]
    new: tuple[str, ...]
    new_done: int
    reviews_done: int

    @property
    def cards(self) -> tuple[str, ...]:
        return self.learning + self.review + self.new


def build_queue(conn: sqlite3.Connection, settings: SrsSettings, now: datetime,
                allowed: Collection[str] | None = None) -> Queue:
    """The queue at `now`; with `allowed`, only those cards (limits still count all)."""
    start, end = day_bounds(now, settings.tz, settings.rollover_hour)
    start_ms, end_ms = to_ms(start), to_ms(end)
    new_done, reviews_done = conn.execute(_DONE, (start_ms, end_ms)).fetchone()
    reviews_left = max(0, settings.reviews_per_day - reviews_done - new_done)
    learning = tuple(r[0] for r in conn.execute(_LEARNING, (to_ms(now) + 1,))
                     if allowed is None or r[0] in allowed)
    if allowed is None:
        review = tuple(r[0] for r in conn.execute(_REVIEW, (end_ms, reviews_left)))
    else:
        due = conn.execute(_REVIEW, (end_ms, -1))
        review = tuple(r[0] for r in due if r[0] in allowed)[:reviews_left]
    new_left = max(0, min(settings.new_per_day - new_done, reviews_left - len(review)))
    new: list[str] = []
    siblings: set[str] = set()
    offset, batch = 0, max(new_left * 4, 16)
    while len(new) < new_left:
        rows = conn.execute(_NEW, (batch, offset)).fetchall()
        for card_id, sibling in rows:
            if (sibling and sibling in siblings) or (allowed is not None and
                                                     card_id not in allowed):
                continue
            siblings.add(sibling)
            new.append(card_id)
            if len(new) == new_left:
                break
        if len(rows) < batch:
            break
        offset += batch
    return Queue(learning, review, tuple(new), new_done, reviews_done)
