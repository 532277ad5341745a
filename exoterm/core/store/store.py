"""`Store`: the learner's progress database as one typed object (open, answer, queue, undo).

The work is done by the module that owns each table or query (`cards`, `reviews`,
`queue`; opening, transactions and settings in `database`); `Store` only gathers the
everyday operations in one place. Less common ones are functions of their module that
take a store: `cards.card_flags`, `stats.*`, `results.*`, `transfer.*`.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from exoterm.core.srs.cards import CardInfo
from exoterm.core.srs.scheduler import CardState, Outcome, Rating
from exoterm.core.store import cards, reviews
from exoterm.core.store.cards import SyncReport
from exoterm.core.store.database import Database
from exoterm.core.store.queue import Queue, build_queue
from exoterm.core.store.reviews import Answered


class Store(Database):
    """An open progress database. Use `Store.open()`; close it (or use `with`)."""

    # cards --------------------------------------------------------------------------
    def sync_catalog(self, catalog: Sequence[CardInfo]) -> SyncReport:
        """Make the cards table match the deck: add new cards, mark vanished ones absent."""
        return cards.sync_catalog(self, catalog)

    def changed_cards(self) -> tuple[str, ...]:
        """Studied cards whose content changed since they were studied (offer a reset)."""
        return cards.changed_cards(self)

    def card(self, card_id: str) -> CardState | None:
        return cards.card(self, card_id)

    def accept_change(self, card_id: str) -> None:
        """Keep a card's progress although its content changed."""
        cards.accept_change(self, card_id)

    # answers, manual changes, undo ------------------------------------------------
    def answer(self, card_id: str, rating: Rating | int, *, duration_ms: int = 0,
               now: datetime | None = None, cram: bool = False, response: str | None = None,
               correct: bool | None = None, statement: tuple[str, str] | None = None) -> Answered:
        """Schedule and save one answer (log row + card state + undo record, atomically).

        `response` (choice ids or typed text) and `correct` are kept for results export;
        `statement` (learner, xAPI statement JSON) joins the LRS outbox in the same transaction.
        """
        return reviews.answer(self, card_id, rating, duration_ms=duration_ms, now=now,
                              cram=cram, response=response, correct=correct, statement=statement)

    def preview(self, card_id: str, now: datetime | None = None) -> dict[Rating, Outcome]:
        """What each rating would do to the card now (intervals for the rating keys)."""
        return reviews.preview(self, card_id, now)

    def reset_card(self, card_id: str, now: datetime | None = None) -> None:
        """Make a studied card new again (e.g. its content changed a lot); history is kept."""
        reviews.reset_card(self, card_id, now)

    def suspend(self, card_id: str, suspended: bool = True) -> None:
        """Take a card out of (or back into) the schedule; undoable."""
        reviews.suspend(self, card_id, suspended)

    def undo(self, card_id: str | None = None) -> str | None:
        """Revert the latest answer, reset or suspension exactly; returns its card id
        (with `card_id`, only if the latest step is that card's)."""
        return reviews.undo(self, card_id)

    def undo_depth(self) -> int:
        return reviews.undo_depth(self)

    def history(self, card_id: str) -> list[tuple[int, int, int, int]]:
        """(revlog id, rating, kind, reviewed ms) of a card's log, in answer order."""
        return reviews.history(self, card_id)

    def replay(self, card_id: str) -> CardState:
        """The card's state recomputed from its log alone (checks the log is complete)."""
        return reviews.replay(self, card_id)

    # queue --------------------------------------------------------------------------
    def queue(self, now: datetime | None = None,
              allowed: Collection[str] | None = None) -> Queue:
        """Today's cards: due (re)learning, due reviews, then new cards, within the limits;
        `allowed` restricts them (a filtered session) without changing the limits."""
        with self.lock:
            return build_queue(self.conn, self.settings, self.now(now), allowed)
