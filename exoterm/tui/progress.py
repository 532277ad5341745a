"""The TUI's thin adapter over the progress store (`exoterm.core.store.Store`).

Every method blocks on SQLite: call them from worker threads only. Term statuses are
kept in memory after `open` so the glossary can show them while rendering.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from exoterm.core.content.models import Deck

if TYPE_CHECKING:
    from exoterm.core.srs.clock import Clock
    from exoterm.core.store import Store

TermStatus = Literal["in_review", "not_in_review", "suspended"]


class Progress:
    """A store opened for one deck: catalog synced, term statuses cached."""

    def __init__(self, store: Store, deck: Deck) -> None:
        self.store = store
        self.deck = deck
        self._status: dict[str, TermStatus] = {}

    @classmethod
    def open(cls, deck: Deck, *, clock: Clock | None = None, path: Path | None = None) -> Progress:
        from exoterm.core.srs.cards import list_cards
        from exoterm.core.store import Store

        store = Store.open(path, clock=clock)
        store.sync_catalog(list_cards(deck, store.settings.directions))
        progress = cls(store, deck)
        progress.reload_statuses()
        return progress

    def close(self) -> None:
        self.store.close()

    # terms ----------------------------------------------------------------------------
    def term_cards(self, term_id: str) -> list[str]:
        from exoterm.core.srs.cards import list_cards

        term = self.deck.term_by_id.get(term_id)
        if term is None:
            return []
        single = Deck(terms=(term,), categories=self.deck.categories)
        return [c.id for c in list_cards(single, self.store.settings.directions)]

    def reload_statuses(self) -> None:
        self._status = {t.id: self._compute_status(t.id) for t in self.deck.terms}

    def _compute_status(self, term_id: str) -> TermStatus:
        from exoterm.core.srs.scheduler import Phase

        cards = self.term_cards(term_id)
        states = [self.store.card(c) for c in cards]
        if any(s is not None and s.phase != Phase.NEW for s in states):
            return "in_review"
        return "not_in_review"

    def term_status(self, term_id: str) -> TermStatus:
        return self._status.get(term_id, "not_in_review")

    def add_term(self, term_id: str) -> bool:
        """Put the term's cards into review now; False when it already is."""
        if self.term_status(term_id) == "in_review":
            return False
        self._status[term_id] = "in_review"
        return True

    def toggle_suspend(self, term_id: str) -> bool:
        """Suspend the term's cards, or resume them; True when now suspended."""
        suspend = self.term_status(term_id) != "suspended"
        for card_id in self.term_cards(term_id):
            self.store.suspend(card_id, suspend)
        self._status[term_id] = "suspended" if suspend else self._compute_status(term_id)
        return suspend


@dataclass(frozen=True, slots=True)
class Summary:
    """What the home screen shows about today."""

    due: int = 0
    new: int = 0
    learned: int = 0
    total: int = 0
    streak: int = 0
    forecast: tuple[int, ...] = ()


def summarize(progress: Progress) -> Summary:
    """Today's numbers (blocking)."""
    queue = progress.store.queue()
    return Summary(due=len(queue.learning) + len(queue.review), new=len(queue.new))
