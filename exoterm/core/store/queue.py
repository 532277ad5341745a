"""Today's study queue built with indexed queries, honouring the daily limits.

Limits follow Anki's v3 scheduler: reviews are capped by `reviews_per_day`, new cards by
`new_per_day` and also by what is left of the review limit; (re)learning cards are not
capped. "Due now" has one definition, this queue's: learning cards due within the
learn-ahead window, reviews due today and new cards available today. With
`bury_siblings` (Anki's bury), a new or review card waits for the next study day once a
sibling (`cards.sibling`: a term's other directions) was answered today, and a
queue holds one new or review card per family; without it, still one new card per family.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

from exoterm.core.srs.clock import day_bounds, day_start, from_ms, study_day, to_ms
from exoterm.core.srs.settings import SrsSettings
from exoterm.core.store.sanity import SOUND_CARD_SQL

_DONE = ("SELECT COALESCE(SUM(kind = 0 AND last_ivl_s = 0), 0), COALESCE(SUM(kind = 1), 0) "
         "FROM revlog WHERE id >= ? AND id < ?")
# Damaged rows (out of range, see sanity.py) are left out: they are named by `stats`.
_LEARNING = ("SELECT id, due_ms FROM cards WHERE state IN (1, 3) AND suspended = 0 "
             f"AND present = 1 AND due_ms < ? AND {SOUND_CARD_SQL} ORDER BY due_ms")
_REVIEW = ("SELECT id, sibling FROM cards WHERE state = 2 AND suspended = 0 AND present = 1 "
           f"AND due_ms < ? AND {SOUND_CARD_SQL} ORDER BY due_ms")
_ANSWERED = ("SELECT DISTINCT c.sibling, c.id FROM revlog r JOIN cards c ON c.id = r.card_id "
             "WHERE r.id >= ? AND r.id < ? AND r.kind IN (0, 1, 2)")
_NEXT_LEARNING = ("SELECT MIN(due_ms) FROM cards WHERE state IN (1, 3) AND suspended = 0 "
                  f"AND present = 1 AND due_ms >= ? AND {SOUND_CARD_SQL}")
_NEXT_REVIEW = ("SELECT MIN(due_ms) FROM cards WHERE state = 2 AND suspended = 0 "
                f"AND present = 1 AND due_ms >= ? AND {SOUND_CARD_SQL}")
_ANY_NEW = ("SELECT 1 FROM cards WHERE state = 0 AND suspended = 0 AND present = 1 "
            f"AND {SOUND_CARD_SQL} LIMIT 1")
# INDEXED BY: the planner would otherwise take cards_due (state = 0) and sort every new
# card by position (about 10 ms for 10,000 new cards, against 0.1 ms along cards_new).
_NEW = ("SELECT id, sibling FROM cards INDEXED BY cards_new WHERE state = 0 AND suspended = 0 "
        f"AND present = 1 AND {SOUND_CARD_SQL} ORDER BY position LIMIT ? OFFSET ?")


@dataclass(frozen=True, slots=True)
class Queue:
    """Cards to study now, in order, and what is left of today's limits."""

    learning: tuple[str, ...]  # due within the learn-ahead window, earliest first
    review: tuple[str, ...]
    new: tuple[str, ...]
    new_done: int
    reviews_done: int
    later: tuple[str, ...] = ()  # learning cards due later today (shown once due)
    next_due: datetime | None = None  # when a card not in this queue can next be studied

    @property
    def cards(self) -> tuple[str, ...]:
        return self.learning + self.review + self.new

    @property
    def due(self) -> int:
        """Learning and review cards to study now (the "due" every front end shows)."""
        return len(self.learning) + len(self.review)


def build_queue(conn: sqlite3.Connection, settings: SrsSettings, now: datetime,
                allowed: Collection[str] | None = None) -> Queue:
    """The queue at `now`; with `allowed`, only those cards (limits still count all)."""
    start, end = day_bounds(now, settings.tz, settings.rollover_hour)
    start_ms, end_ms = to_ms(start), to_ms(end)
    ahead_ms = to_ms(now + timedelta(minutes=settings.learn_ahead_minutes)) + 1
    new_done, reviews_done = conn.execute(_DONE, (start_ms, end_ms)).fetchone()
    reviews_left = max(0, settings.reviews_per_day - reviews_done - new_done)
    learning: list[str] = []
    later: list[str] = []
    for card_id, due_ms in conn.execute(_LEARNING, (max(ahead_ms, end_ms),)):
        if allowed is None or card_id in allowed:
            (learning if due_ms < ahead_ms else later).append(card_id)
    answered: dict[str, set[str]] = {}
    if settings.bury_siblings:
        for sibling, card_id in conn.execute(_ANSWERED, (start_ms, end_ms)):
            answered.setdefault(sibling, set()).add(card_id)
    taken: set[str] = set()  # families with a card in the queue

    def buried(card_id: str, sibling: str) -> bool:
        return bool(sibling) and (sibling in taken or bool(answered.get(sibling, set()) - {card_id}))

    review: list[str] = []
    skipped = False  # a card left for another day (limit or bury): tomorrow has work
    for card_id, sibling in conn.execute(_REVIEW, (end_ms,)):
        if allowed is not None and card_id not in allowed:
            continue
        if len(review) == reviews_left:
            skipped = True
            break  # the limit is reached: the rest waits for another day too (not read)
        if settings.bury_siblings and buried(card_id, sibling):
            skipped = True
            continue
        taken.add(sibling)
        review.append(card_id)
    if not settings.bury_siblings:
        taken.clear()
    new_left = max(0, min(settings.new_per_day - new_done, reviews_left - len(review)))
    new: list[str] = []
    offset, batch = 0, max(new_left * 4, 16)
    while len(new) < new_left:
        rows = conn.execute(_NEW, (batch, offset)).fetchall()
        for card_id, sibling in rows:
            if allowed is not None and card_id not in allowed:
                continue
            if buried(card_id, sibling):
                skipped = True
                continue
            taken.add(sibling)
            new.append(card_id)
            if len(new) == new_left:
                break
        if len(rows) < batch:
            break
        offset += batch
    if len(new) == new_left and conn.execute(_ANY_NEW).fetchone() is not None:
        skipped = True  # today's new cards are used up; more come tomorrow
    return Queue(tuple(learning), tuple(review), tuple(new), new_done, reviews_done,
                 tuple(later), _next_due(conn, settings, ahead_ms, end, skipped))


def _next_due(conn: sqlite3.Connection, settings: SrsSettings, ahead_ms: int, end: datetime,
              tomorrow: bool) -> datetime | None:
    """The earliest moment a card outside the queue can be studied: a learning card's due
    time, or the start of the study day a review falls on (`tomorrow`: work was left for
    the next study day)."""
    times: list[datetime] = []
    (learning,) = conn.execute(_NEXT_LEARNING, (ahead_ms,)).fetchone()
    if learning is not None:
        times.append(from_ms(learning))
    (review,) = conn.execute(_NEXT_REVIEW, (to_ms(end),)).fetchone()
    if review is not None:
        day = study_day(from_ms(review), settings.tz, settings.rollover_hour)
        times.append(day_start(day, settings.tz, settings.rollover_hour))
    if tomorrow:
        times.append(end)
    return min(times, default=None)
