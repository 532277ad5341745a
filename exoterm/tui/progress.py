"""The TUI's thin adapter over the progress store (`exoterm.core.store.Store`).

Every method blocks on SQLite: call them from worker threads only. Term statuses are
kept in memory after `open` so the glossary can show them while rendering; the reads and
writes themselves are core's (`store.cards`, `progress`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from exoterm.core.content.models import Deck
    from exoterm.core.exam.progress import ExamProgress
    from exoterm.core.progress import Stats
    from exoterm.core.srs.cards import CardInfo
    from exoterm.core.srs.clock import Clock
    from exoterm.core.store import Store

TermStatus = Literal["in_review", "queued", "not_in_review", "suspended"]


@dataclass(frozen=True, slots=True)
class Summary:
    """What the home screen shows about today."""

    due: int = 0
    new: int = 0
    learned: int = 0
    streak: int = 0
    forecast: tuple[int, ...] = ()
    next_due: str = ""  # when nothing is due: when the next card is (in the UI language)


@dataclass(frozen=True, slots=True)
class HomeNumbers:
    """What Home shows before the deck is loaded: the deck's size as the database
    remembers it (`store.deckheads`), and today's numbers."""

    terms: int
    items: int
    summary: Summary


class Progress:
    """A store opened for one deck: catalog synced, term statuses cached."""

    def __init__(self, store: Store, deck: Deck, cache_dir: Path | None = None) -> None:
        self.store = store
        self.deck = deck
        self.cache_dir = cache_dir  # where the card catalog of an unchanged deck is cached
        self._status: dict[str, TermStatus] | None = None  # None: not read yet
        self._cards: dict[str, list[str]] | None = None  # term id → card ids; None: not read yet

    @classmethod
    def open(cls, deck: Deck, *, clock: Clock | None = None, path: Path | None = None,
             cache_dir: Path | None = None) -> Progress:
        from exoterm.core.store import Store

        store = Store.open(path, clock=clock)
        progress = cls(store, deck, cache_dir)
        progress.sync()
        return progress

    def use_deck(self, deck: Deck) -> None:
        """Switch to a reloaded deck (new terms get cards, removed ones are kept aside)."""
        self.deck = deck
        self.sync()

    def sync(self) -> None:
        """Bring the store's card list in step with the deck and settings. A deck the store
        remembers (`deckheads`) and was last synced with needs no catalog; Home does not
        need the term → cards map or the statuses: both are read on first use."""
        from exoterm.core.srs.cards import CATALOG_FORMAT, catalog_digest
        from exoterm.core.store.deckheads import DeckHead, recall, remember

        self._cards = self._status = None
        directions = self.store.settings.directions
        head = recall(self.store, self.deck.version, directions, CATALOG_FORMAT)
        if head is not None and self.store.catalog_synced(head.catalog):
            return
        catalog = self._catalog()
        self.store.sync_catalog(catalog)
        if self.deck.version:
            remember(self.store, self.deck.version, directions, CATALOG_FORMAT,
                     DeckHead(catalog_digest(catalog), len(self.deck.terms), len(self.deck.items)))

    def _catalog(self) -> tuple[CardInfo, ...]:
        from exoterm.core.srs.cards import catalog

        return catalog(self.deck, self.store.settings.directions, self.cache_dir)

    def _term_cards(self) -> dict[str, list[str]]:
        if self._cards is None:
            self._cards = {}
            for info in self._catalog():
                if info.kind == "term":
                    self._cards.setdefault(info.content_id, []).append(info.id)
        return self._cards

    def close(self) -> None:
        self.store.close()

    # terms ----------------------------------------------------------------------------
    def term_cards(self, term_id: str) -> list[str]:
        return list(self._term_cards().get(term_id, ()))

    def reload_statuses(self) -> None:
        from exoterm.core.store.cards import CardFlags, card_flags

        flags = card_flags(self.store, "term:")
        unseen = CardFlags(0, False, False)
        status: dict[str, TermStatus] = {}
        for term_id, cards in self._term_cards().items():
            seen = [flags.get(c, unseen) for c in cards]
            if seen and all(f.suspended for f in seen):
                status[term_id] = "suspended"
            elif any(f.state for f in seen):
                status[term_id] = "in_review"
            elif any(f.queued for f in seen):
                status[term_id] = "queued"
            else:
                status[term_id] = "not_in_review"
        self._status = status

    def statuses(self) -> dict[str, TermStatus]:
        """Every term's status, read from the store on first use after a sync (blocking)."""
        status = self._status
        if status is None:
            self.reload_statuses()
            status = self._status
            assert status is not None
        return status

    def term_status(self, term_id: str) -> TermStatus:
        return self.statuses().get(term_id, "not_in_review")

    def add_term(self, term_id: str) -> bool:
        """Introduce the term's cards next (front of the new-card order, marked by a negative
        position); False when it is already studied or queued. A suspended term resumes."""
        status = self.term_status(term_id)
        if status in ("in_review", "queued"):
            return False
        cards = self.term_cards(term_id)
        if status == "suspended":
            for card_id in cards:
                self.store.suspend(card_id, False)
        from exoterm.core.store.cards import queue_first

        queue_first(self.store, cards)
        self.reload_statuses()
        return True

    def toggle_suspend(self, term_id: str) -> bool:
        """Suspend the term's cards, or resume them; True when now suspended."""
        suspend = self.term_status(term_id) != "suspended"
        for card_id in self.term_cards(term_id):
            self.store.suspend(card_id, suspend)
        self.reload_statuses()
        return suspend

    def toggle_bookmark(self, card_ids: list[str]) -> bool:
        """Bookmark these cards (a question's, or a term's), or take the bookmarks off when
        they all have one; True when now bookmarked."""
        from exoterm.core.store.bookmarks import is_bookmarked, set_bookmark

        on = not card_ids or not all(is_bookmarked(self.store, c) for c in card_ids)
        for card_id in card_ids:
            set_bookmark(self.store, card_id, on)
        return on

    # numbers --------------------------------------------------------------------------
    def stats(self) -> Stats:
        from exoterm.core.progress import compute_stats

        return compute_stats(self.store, self.deck)

    def summary(self, lang: str = "ja") -> Summary:
        """Today's numbers for the home screen."""
        return home_summary(self.store, lang)

    def exam_progress(self, lang: str) -> ExamProgress:
        """Accuracy per section and category, study days, mock-exam history."""
        from exoterm.core.exam.progress import compute_exam_progress

        return compute_exam_progress(self.store, self.deck, lang)

    def reviews_per_day(self, days: int = 30) -> list[int]:
        """Answers given on each of the last `days` study days, oldest first."""
        from exoterm.core.progress import answers_per_day

        return answers_per_day(self.store, days)


def home_summary(store: Store, lang: str = "ja") -> Summary:
    """Today's numbers for the home screen, from the database alone, so they can be read
    before the deck is loaded."""
    from exoterm.core.progress import today_numbers
    from exoterm.core.quiz.intervals import next_due_text

    now: datetime = store.now()
    today = today_numbers(store, now)
    return Summary(due=today.due, new=today.new, learned=today.learned, streak=today.streak,
                   forecast=today.forecast,
                   next_due=next_due_text(today.next_due, now, store.settings.tz, lang))
