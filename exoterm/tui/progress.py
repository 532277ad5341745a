"""The TUI's thin adapter over the progress store (`exoterm.core.store.Store`).

Every method blocks on SQLite: call them from worker threads only. Term statuses are
kept in memory after `open` so the glossary can show them while rendering.

Three small reads/writes live here until the store offers them: per-card flags (state,
suspended) for the glossary's status, moving a term's new cards to the front of the
new-card order ("add to review"), and answers per study day for the stats chart.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from exoterm.core.content.models import Deck
    from exoterm.core.progress import Stats
    from exoterm.core.srs.clock import Clock
    from exoterm.core.store import Store

TermStatus = Literal["in_review", "queued", "not_in_review", "suspended"]


@dataclass(frozen=True, slots=True)
class Summary:
    """What the home screen shows about today."""

    due: int = 0
    new: int = 0
    learned: int = 0
    total: int = 0
    streak: int = 0
    forecast: tuple[int, ...] = ()


class Progress:
    """A store opened for one deck: catalog synced, term statuses cached."""

    def __init__(self, store: Store, deck: Deck) -> None:
        self.store = store
        self.deck = deck
        self._status: dict[str, TermStatus] = {}
        self._cards: dict[str, list[str]] = {}

    @classmethod
    def open(cls, deck: Deck, *, clock: Clock | None = None, path: Path | None = None) -> Progress:
        from exoterm.core.store import Store

        store = Store.open(path, clock=clock)
        progress = cls(store, deck)
        progress.sync()
        return progress

    def use_deck(self, deck: Deck) -> None:
        """Switch to a reloaded deck (new terms get cards, removed ones are kept aside)."""
        self.deck = deck
        self.sync()

    def sync(self) -> None:
        """Bring the store's card list in step with the deck and settings."""
        from exoterm.core.srs.cards import list_cards

        catalog = list_cards(self.deck, self.store.settings.directions)
        self.store.sync_catalog(catalog)
        self._cards = {}
        for info in catalog:
            if info.kind == "term":
                self._cards.setdefault(info.content_id, []).append(info.id)
        self.reload_statuses()

    def close(self) -> None:
        self.store.close()

    # terms ----------------------------------------------------------------------------
    def term_cards(self, term_id: str) -> list[str]:
        return list(self._cards.get(term_id, ()))

    def reload_statuses(self) -> None:
        flags: dict[str, tuple[int, int, int]] = {}
        with self.store.read() as conn:
            for card_id, state, suspended, position in conn.execute(
                    "SELECT id, state, suspended, position FROM cards WHERE id LIKE 'term:%'"):
                flags[card_id] = (int(state), int(suspended), int(position))
        status: dict[str, TermStatus] = {}
        for term_id, cards in self._cards.items():
            seen = [flags.get(c, (0, 0, 0)) for c in cards]
            if seen and all(s for _, s, _ in seen):
                status[term_id] = "suspended"
            elif any(state for state, _, _ in seen):
                status[term_id] = "in_review"
            elif any(position < 0 for _, _, position in seen):
                status[term_id] = "queued"
            else:
                status[term_id] = "not_in_review"
        self._status = status

    def term_status(self, term_id: str) -> TermStatus:
        return self._status.get(term_id, "not_in_review")

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
        with self.store.write() as conn:
            first = min(0, conn.execute("SELECT COALESCE(MIN(position), 0) FROM cards")
                        .fetchone()[0])
            conn.executemany("UPDATE cards SET position = ? WHERE id = ? AND state = 0",
                             [(first - len(cards) + i, c) for i, c in enumerate(cards)])
        self.reload_statuses()
        return True

    def toggle_suspend(self, term_id: str) -> bool:
        """Suspend the term's cards, or resume them; True when now suspended."""
        suspend = self.term_status(term_id) != "suspended"
        for card_id in self.term_cards(term_id):
            self.store.suspend(card_id, suspend)
        self.reload_statuses()
        return suspend

    # numbers --------------------------------------------------------------------------
    def stats(self) -> Stats:
        from exoterm.core.progress import compute_stats

        return compute_stats(self.store, self.deck)

    def summary(self) -> Summary:
        stats = self.stats()
        states = stats.cards_by_state
        learned = sum(states.get(k, 0) for k in ("learning", "review", "relearning"))
        return Summary(due=stats.due_today, new=stats.new_today, learned=learned,
                       total=sum(states.values()) - states.get("missing", 0),
                       streak=stats.streak_days,
                       forecast=tuple(n for _, n in stats.due_by_day))

    def reviews_per_day(self, days: int = 30) -> list[int]:
        """Answers given on each of the last `days` study days, oldest first."""
        from exoterm.core.srs.clock import day_start, to_ms

        s = self.store.settings
        today = self.store.today()
        starts = [to_ms(day_start(today - timedelta(days=days - 1 - i), s.tz, s.rollover_hour))
                  for i in range(days + 1)]
        counts: Counter[int] = Counter()
        with self.store.read() as conn:
            for (reviewed,) in conn.execute(
                    "SELECT reviewed_ms FROM revlog WHERE reviewed_ms >= ? AND reviewed_ms < ? "
                    "AND kind != 4", (starts[0], starts[-1])):
                index = next(i for i in range(days) if reviewed < starts[i + 1])
                counts[index] += 1
        return [counts.get(i, 0) for i in range(days)]
