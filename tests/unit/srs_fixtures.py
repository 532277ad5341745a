"""Small decks and stores for the SRS and store tests (no YAML needed)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from exoterm.core.content.models import (
    Bilingual,
    Category,
    Choice,
    Citation,
    Deck,
    QuizItem,
    SingleBody,
    Term,
)
from exoterm.core.srs.cards import list_cards
from exoterm.core.srs.clock import FixedClock
from exoterm.core.srs.settings import SrsSettings
from exoterm.core.store import Store

T0 = datetime(2025, 1, 6, 9, 0, tzinfo=timezone.utc)
CITE = (Citation("src1", "intro"),)
Snapshot = tuple[list[tuple[object, ...]], list[tuple[object, ...]]]


def term(i: int, ja: str = "細胞外小胞", reading: str = "さいぼうがいしょうほう",
         category: str = "basics") -> Term:
    return Term(f"t{i}", ja, reading, f"extracellular vesicle {i}", category,
                Bilingual(f"定義{i}", f"definition {i}"), CITE, "established")


def item(i: int, terms: tuple[str, ...] = ("t0",)) -> QuizItem:
    body = SingleBody((Choice("a", "はい", "yes"), Choice("b", "いいえ", "no")), "a")
    return QuizItem(f"q{i}", Bilingual(f"問{i}", f"question {i}"), Bilingual("説明", "why"),
                    CITE, "established", body, terms=terms)


def deck(n_terms: int = 10, n_items: int = 3) -> Deck:
    cats = (Category("basics", Bilingual("基礎", "Basics")),
            Category("clinical", Bilingual("臨床", "Clinical")))
    terms = tuple(term(i, category="basics" if i % 2 else "clinical") for i in range(n_terms))
    return Deck(categories=cats, terms=terms, items=tuple(item(i) for i in range(n_items)))


def open_store(path: Path, clock: FixedClock | None = None, *, synced: Deck | None = None,
               settings: SrsSettings | None = None) -> Store:
    store = Store.open(path / "progress.sqlite3", clock=clock or FixedClock(T0),
                       daily_backup=False)
    if settings is not None:
        store.save_settings(settings)
    if synced is not None:
        store.sync_catalog(list_cards(synced, store.settings.directions))
    return store


def snapshot(store: Store) -> Snapshot:
    """Every card row and every log row, for exact before/after comparisons."""
    cards = store.conn.execute("SELECT * FROM cards ORDER BY id").fetchall()
    log = store.conn.execute("SELECT * FROM revlog ORDER BY id").fetchall()
    return cards, log
