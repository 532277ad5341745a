"""Statistics on a deck built in the test: forecast, retention, streak, mastery."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from srs_fixtures import T0, deck, open_store

from exoterm.core.progress import compute_stats, format_stats
from exoterm.core.srs.clock import FixedClock
from exoterm.core.srs.scheduler import Rating


def test_stats(tmp_path: Path) -> None:
    clock = FixedClock(T0)
    d = deck(n_terms=6, n_items=2)
    store = open_store(tmp_path, clock, synced=d)
    for day in range(12):
        for i, card in enumerate(store.queue().cards):
            store.answer(card, Rating.Again if (i + day) % 4 == 0 else Rating.Easy)
        clock.advance(timedelta(days=1))
    clock.advance(timedelta(days=-1, hours=2))
    stats = compute_stats(store, d)
    assert stats.streak_days == 12
    assert len(stats.due_by_day) == 30
    assert stats.reviews_30d == store.conn.execute(
        "SELECT COUNT(*) FROM revlog").fetchone()[0]
    assert stats.retention_30d is not None and 0 < stats.retention_30d < 1
    assert sum(stats.cards_by_state.values()) == len(store.conn.execute(
        "SELECT id FROM cards").fetchall())
    assert {c.id for c in stats.categories} == {"basics", "clinical"}
    assert all(c.cards >= c.seen >= c.mature for c in stats.categories)
    text = format_stats(stats)
    assert "基礎 / Basics" in text and "Streak: 12" in text
    clock.advance(timedelta(days=3))
    assert compute_stats(store, d).streak_days == 0
    assert compute_stats(store).categories == []
