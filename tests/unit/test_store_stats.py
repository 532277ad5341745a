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


def test_answers_per_day_counts_each_study_day(tmp_path: Path) -> None:
    from exoterm.core.progress import answers_per_day

    clock = FixedClock(T0)
    store = open_store(tmp_path, clock, synced=deck(n_terms=6, n_items=2))
    given = []
    for day in range(5):
        cards = store.queue().cards[: day + 1]  # 1, 2, 3, 4, 5 answers
        for card in cards:
            store.answer(card, Rating.Good)
        given.append(len(cards))
        clock.advance(timedelta(days=1))
    clock.advance(timedelta(days=-1))
    counts = answers_per_day(store, days=7)
    assert counts == [0, 0, *given]
    assert sum(answers_per_day(store, days=30)) == sum(given)
    store.suspend(store.queue().cards[0])  # a manual change is not an answer
    assert answers_per_day(store, days=7) == counts


def test_card_flags_and_queueing_first(tmp_path: Path) -> None:
    from exoterm.core.srs.cards import list_cards
    from exoterm.core.store.cards import CardFlags, card_flags, queue_first

    d = deck(n_terms=4, n_items=1)
    store = open_store(tmp_path, synced=d)
    flags = card_flags(store, "term:")
    assert set(flags) == {c.id for c in list_cards(d, store.settings.directions) if c.kind == "term"}
    assert set(flags.values()) == {CardFlags(0, False, False)}
    assert card_flags(store, "item:") == {"item:q0": CardFlags(0, False, False)}

    t3 = [c for c in flags if c.startswith("term:t3:")]
    queue_first(store, t3)
    assert store.queue().new[0] in t3  # introduced next
    assert all(card_flags(store, "term:t3:")[c].queued for c in t3)
    store.sync_catalog(list_cards(d, store.settings.directions)[::-1])  # a reordered deck
    assert all(card_flags(store, "term:t3:")[c].queued for c in t3)  # keeps its place

    store.suspend(t3[0])
    store.answer(store.queue().new[0], Rating.Good)
    after = card_flags(store, "term:t3:")
    assert after[t3[0]].suspended and any(f.state for f in after.values())
