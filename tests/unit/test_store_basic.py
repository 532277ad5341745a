"""The progress store: queue and limits, catalog sync, reset, suspend, undo, reopening."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from pathlib import Path

from srs_fixtures import T0, deck, open_store, snapshot, term

from exoterm.core.content.models import Deck
from exoterm.core.srs.cards import list_cards
from exoterm.core.srs.clock import FixedClock, day_bounds, to_ms
from exoterm.core.srs.scheduler import Phase, Rating, ReviewKind
from exoterm.core.srs.settings import SrsSettings
from exoterm.core.store import UNDO_DEPTH, Store


def test_new_cards_one_per_term_and_limited(tmp_path: Path) -> None:
    store = open_store(tmp_path, synced=deck(n_terms=40))
    q = store.queue()
    assert len(q.new) == 20 and not q.review and not q.learning
    assert len({c.split(":")[1] for c in q.new}) == 20  # siblings wait for another day
    for card_id in q.new:
        store.answer(card_id, Rating.Good)
    assert store.queue().new == ()
    assert store.queue().new_done == 20


def test_new_cards_count_against_the_review_limit(tmp_path: Path) -> None:
    clock = FixedClock(T0)
    settings = SrsSettings(reviews_per_day=6, new_per_day=20)
    store = open_store(tmp_path, clock, synced=deck(n_terms=40), settings=settings)
    first = store.queue()
    assert len(first.new) == 6
    for card_id in first.new[:4]:
        store.answer(card_id, Rating.Easy)  # graduates straight to review
    assert len(store.queue().new) == 2
    clock.advance(timedelta(days=60))
    later = store.queue()
    assert len(later.review) == 4 and len(later.new) == 2


def test_due_counts_survive_closing_and_reopening(tmp_path: Path) -> None:
    clock = FixedClock(T0)
    store = open_store(tmp_path, clock, synced=deck(n_terms=5))
    for card_id in store.queue().new:
        store.answer(card_id, Rating.Easy)
    before = snapshot(store)
    store.close()
    clock.advance(timedelta(days=7))
    again = open_store(tmp_path, clock)
    assert snapshot(again) == before
    _start, end = day_bounds(clock.now(), again.settings.tz, 4)
    due = {cid for cid, due_ms in again.conn.execute("SELECT id, due_ms FROM cards "
                                                      "WHERE state = 2") if due_ms < to_ms(end)}
    assert set(again.queue().review) == due and len(due) >= 3


def test_rollover_hour_decides_the_day(tmp_path: Path) -> None:
    tokyo = SrsSettings(timezone="Asia/Tokyo", new_per_day=1)
    clock = FixedClock(T0.replace(hour=18, minute=59))  # 03:59 in Tokyo
    store = open_store(tmp_path, clock, synced=deck(n_terms=4), settings=tokyo)
    store.answer(store.queue().new[0], Rating.Good)
    assert store.queue().new == ()
    clock.advance(timedelta(minutes=1))  # 04:00: a new study day
    assert len(store.queue().new) == 1
    # Moving to New York makes it the previous afternoon there: still the day answered.
    store.save_settings(dataclasses.replace(tokyo, timezone="America/New_York"))
    assert store.queue().new == ()


def test_missing_content_keeps_history_but_is_not_scheduled(tmp_path: Path) -> None:
    full = deck(n_terms=3, n_items=0)
    store = open_store(tmp_path, synced=full)
    for card_id in store.queue().new:
        store.answer(card_id, Rating.Good)
    gone = "term:t2:ja>en"
    report = store.sync_catalog(list_cards(Deck(terms=full.terms[:2]), store.settings.directions))
    t2_cards = [c for c in list_cards(full, store.settings.directions) if c.content_id == "t2"]
    assert report.missing == len(t2_cards) and report.added == 0
    assert store.history(gone) and store.card(gone) is not None
    assert gone not in store.queue(store.now() + timedelta(days=30)).cards
    back = store.sync_catalog(list_cards(full, store.settings.directions))
    assert back.missing == 0
    assert gone in store.queue(store.now() + timedelta(days=30)).cards


def test_changed_content_can_be_reset_or_kept(tmp_path: Path) -> None:
    d = deck(n_terms=2, n_items=0)
    store = open_store(tmp_path, synced=d)
    store.answer("term:t0:reading", Rating.Good)
    store.answer("term:t0:ja>en", Rating.Good)
    edited = Deck(terms=(dataclasses.replace(d.terms[0], reading="さいぼうそと"), d.terms[1]))
    report = store.sync_catalog(list_cards(edited, store.settings.directions))
    assert report.changed == ("term:t0:reading",)
    store.reset_card("term:t0:reading")
    reset = store.card("term:t0:reading")
    assert reset is not None and reset.phase == Phase.NEW and reset.reps == 0
    assert store.history("term:t0:reading")[-1][2] == ReviewKind.MANUAL
    assert store.changed_cards() == ()
    store.undo()
    assert store.changed_cards() == ("term:t0:reading",)
    store.accept_change("term:t0:reading")
    assert store.changed_cards() == ()
    assert store.replay("term:t0:reading") == store.card("term:t0:reading")


def test_suspend_and_undo(tmp_path: Path) -> None:
    store = open_store(tmp_path, synced=deck(n_terms=2, n_items=0))
    first = store.queue().new[0]
    store.suspend(first)
    assert first not in store.queue().new
    assert store.undo() == first
    assert first in store.queue().new


def test_undo_is_exact_and_deep(tmp_path: Path) -> None:
    clock = FixedClock(T0)
    store = open_store(tmp_path, clock, synced=deck(n_terms=40, n_items=0))
    snaps = []
    cards = store.queue().new
    for i in range(UNDO_DEPTH + 5):
        snaps.append(snapshot(store))
        store.answer(cards[i % len(cards)], Rating((i % 4) + 1), duration_ms=1500)
        clock.advance(timedelta(minutes=3))
    assert UNDO_DEPTH <= store.undo_depth() <= UNDO_DEPTH + 15 and UNDO_DEPTH >= 30
    for i in range(store.undo_depth()):
        assert store.undo() is not None
        assert snapshot(store) == snaps[-1 - i]
    assert store.undo() is None


def test_clock_moving_backwards(tmp_path: Path) -> None:
    clock = FixedClock(T0)
    store = open_store(tmp_path, clock, synced=deck(n_terms=1, n_items=0))
    card = "term:t0:ja>en"
    store.answer(card, Rating.Good)
    clock.advance(timedelta(hours=-3))
    store.answer(card, Rating.Good)
    clock.advance(timedelta(days=-2))
    answered = store.answer(card, Rating.Hard)
    assert answered.outcome.interval > timedelta(0)
    ids = [row[0] for row in store.history(card)]
    assert ids == sorted(ids) and len(set(ids)) == 3
    assert store.replay(card) == store.card(card)
    assert store.queue() is not None


def test_answer_on_unknown_card_creates_it(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    store.answer("item:new-one", Rating.Good)
    assert store.card("item:new-one") is not None
    store.undo()
    state = store.card("item:new-one")
    assert state is not None and state.phase == Phase.NEW


def test_settings_are_per_profile(tmp_path: Path) -> None:
    from exoterm.core.config import Config

    config = Config(data_dir=tmp_path)
    with Store.open(config.db_path("default"), daily_backup=False) as a:
        a.save_settings(SrsSettings(new_per_day=3))
    with Store.open(config.db_path("hanako"), daily_backup=False) as b:
        assert b.settings.new_per_day == 20
        assert b.path == tmp_path / "progress-hanako.sqlite3"
    with Store.open(config.db_path(), daily_backup=False) as a:
        assert a.settings.new_per_day == 3


def test_term_helper_kanji() -> None:
    assert term(0).ja == "細胞外小胞"


def test_queue_restricted_to_allowed_cards(tmp_path: Path) -> None:
    clock = FixedClock(T0)
    store = open_store(tmp_path, clock, synced=deck(n_terms=30, n_items=0))
    allowed = {f"term:t{i}:en>ja" for i in range(0, 30, 2)}
    q = store.queue(allowed=allowed)
    assert set(q.new) <= allowed and len(q.new) == 15
    first = store.queue().new[:5]  # new cards come in a shuffled (stable) order
    for card in first:
        store.answer(card, Rating.Easy)
    clock.advance(timedelta(days=40))
    assert store.queue(allowed={first[0]}).review == (first[0],)


def test_reviews_across_dst_changes(tmp_path: Path) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    for zone, before in (("America/New_York", datetime(2025, 3, 8, 22, 0)),
                         ("Europe/Berlin", datetime(2025, 10, 25, 22, 0))):
        tz = ZoneInfo(zone)
        clock = FixedClock(before.replace(tzinfo=tz))
        folder = tmp_path / zone.replace("/", "-")
        folder.mkdir()
        store = open_store(folder, clock, synced=deck(n_terms=3, n_items=0),
                           settings=SrsSettings(timezone=zone, new_per_day=2))
        first = store.queue().new
        for card in first:
            store.answer(card, Rating.Good)
        # 03:59 local after the change is still the same study day: no new cards.
        clock.set(datetime(before.year, before.month, before.day + 1, 3, 59, tzinfo=tz))
        assert store.queue().new == () and set(store.queue().learning) == set(first)
        clock.set(datetime(before.year, before.month, before.day + 1, 4, 0, tzinfo=tz))
        assert len(store.queue().new) == 2
        for card in first:
            assert store.answer(card, Rating.Good).outcome.interval >= timedelta(days=1)
        assert all(store.replay(c) == store.card(c) for c in first)
        store.close()


def test_locked_database_is_a_clear_error(tmp_path: Path) -> None:
    import sqlite3

    import pytest

    from exoterm.errors import ExotermError

    store = open_store(tmp_path, synced=deck(n_terms=1, n_items=0))
    store.conn.execute("PRAGMA busy_timeout = 50")
    other = sqlite3.connect(tmp_path / "progress.sqlite3", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    with pytest.raises(ExotermError, match="progress database .*locked"):
        store.answer("term:t0:ja>en", Rating.Good)
    other.execute("ROLLBACK")
    store.answer("term:t0:ja>en", Rating.Good)
    assert len(store.history("term:t0:ja>en")) == 1


def test_renamed_content_keeps_history_and_schedule(tmp_path: Path) -> None:
    """A deck that renames `q0` to `q0-new` with `formerly: [q0]` moves its card, log and undo."""
    old = deck(n_terms=1, n_items=1)
    store = open_store(tmp_path, synced=old)
    store.answer("item:q0", Rating.Good)
    store.answer("item:q0", Rating.Good)
    store.answer("term:t0:ja>en", Rating.Easy)
    card, log = store.card("item:q0"), store.history("item:q0")
    term_card = store.card("term:t0:ja>en")
    assert card is not None and card.reps == 2 and len(log) == 2
    renamed = Deck(
        terms=(dataclasses.replace(old.terms[0], id="t0-new", formerly=("t0",)),),
        items=(dataclasses.replace(old.items[0], id="q0-new", formerly=("q0",)),),
    )
    report = store.sync_catalog(list_cards(renamed, store.settings.directions))
    assert report.missing == 0 and report.changed == ()
    assert store.card("item:q0") is None and store.history("item:q0") == []
    assert store.card("item:q0-new") == dataclasses.replace(card, card_id="item:q0-new")
    assert store.history("item:q0-new") == log
    moved = store.card("term:t0-new:ja>en")
    assert term_card is not None and moved == dataclasses.replace(term_card, card_id="term:t0-new:ja>en")
    assert store.undo() == "term:t0-new:ja>en"  # the undo journal follows the card too
    store.sync_catalog(list_cards(old, store.settings.directions))  # back to the old deck: no move
    assert store.history("item:q0-new") == log and store.history("item:q0") == []


def test_rename_never_merges_into_a_card_with_its_own_history(tmp_path: Path) -> None:
    old = deck(n_terms=0, n_items=2)
    store = open_store(tmp_path, synced=old)
    store.answer("item:q0", Rating.Good)
    store.answer("item:q1", Rating.Again)
    renamed = Deck(items=(dataclasses.replace(old.items[1], formerly=("q0",)),))
    store.sync_catalog(list_cards(renamed, store.settings.directions))
    assert len(store.history("item:q0")) == 1 and len(store.history("item:q1")) == 1
