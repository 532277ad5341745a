"""Today's queue: siblings are buried until the next study day, learning cards count as
due within the learn-ahead window, and the queue says when the next card is due."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from quiz_fixtures import ALL_DIRECTIONS, T0, open_store, quiz_deck

from exoterm.core.srs.cards import list_cards
from exoterm.core.srs.clock import FixedClock
from exoterm.core.srs.scheduler import Rating
from exoterm.core.srs.settings import SrsSettings
from exoterm.core.store import Store

TWINS = ("term:exosome:ja>en", "term:exosome:en>ja")


def store_with_catalog(folder: Path, clock: FixedClock, **settings: object) -> Store:
    store = open_store(folder, clock, SrsSettings(timezone="Asia/Tokyo",
                                                  directions=ALL_DIRECTIONS, **settings))  # type: ignore[arg-type]
    store.sync_catalog(list_cards(quiz_deck(), ALL_DIRECTIONS))
    return store


def test_a_sibling_waits_for_the_next_study_day(tmp_path: Path) -> None:
    """Issue 13.3: once ja→en of a term is answered, its en→ja twin (new or due) and the
    term's other directions wait until tomorrow."""
    clock = FixedClock(T0)
    store = store_with_catalog(tmp_path, clock)
    for card_id in TWINS:  # both reviews, due on the same day
        store.answer(card_id, Rating.Easy)
    clock.advance(timedelta(days=40))
    (shown,) = [c for c in store.queue().review if c in TWINS]  # both due: one at a time
    other = TWINS[1 - TWINS.index(shown)]
    store.answer(shown, Rating.Good)
    queue = store.queue()
    assert not any(c.startswith("term:exosome:") for c in queue.cards)  # ... until tomorrow
    assert queue.next_due is not None and queue.next_due <= clock.now() + timedelta(days=1)
    clock.advance(timedelta(days=1))
    assert other in store.queue().review


def test_a_queue_holds_one_card_per_family(tmp_path: Path) -> None:
    clock = FixedClock(T0)
    store = store_with_catalog(tmp_path, clock)
    for card_id in TWINS:
        store.answer(card_id, Rating.Easy)
    clock.advance(timedelta(days=40))
    queue = store.queue()
    assert sum(c in TWINS for c in queue.review) == 1
    new_card = queue.new[0]
    store.answer(new_card, Rating.Good)  # a new card answered: its siblings are buried too
    family = new_card.rpartition(":")[0] + ":"
    assert not [c for c in store.queue().new if new_card.startswith("term:")
                and c.startswith(family)]


def test_burying_can_be_turned_off(tmp_path: Path) -> None:
    clock = FixedClock(T0)
    store = store_with_catalog(tmp_path, clock, bury_siblings=False)
    for card_id in TWINS:
        store.answer(card_id, Rating.Easy)
    clock.advance(timedelta(days=40))
    assert set(TWINS) <= set(store.queue().review)
    store.answer(TWINS[0], Rating.Good)
    assert TWINS[1] in store.queue().review


def test_learning_cards_count_within_the_learn_ahead_window(tmp_path: Path) -> None:
    """Issue 13.4: "due" is learning cards due within the window plus reviews due today;
    a learning card due later today is not due yet, and the queue says when it is."""
    clock = FixedClock(T0)
    store = store_with_catalog(tmp_path, clock, new_per_day=2)
    first, second = store.queue().new
    store.answer(first, Rating.Again)  # due in 1 minute
    store.answer(second, Rating.Good)  # due in 10 minutes
    store.answer(second, Rating.Good, now=T0 + timedelta(minutes=10))  # graduates: days
    queue = store.queue()
    assert queue.learning == (first,) and queue.due == 1 and queue.new == ()
    clock.advance(timedelta(minutes=2))
    store.answer(first, Rating.Good)  # step 2: due in 10 minutes, inside the window
    assert store.queue().learning == (first,)
    store.save_settings(SrsSettings(timezone="Asia/Tokyo", directions=ALL_DIRECTIONS,
                                    new_per_day=2, learn_ahead_minutes=5))
    queue = store.queue()
    assert queue.cards == () and queue.due == 0 and queue.later == (first,)
    assert queue.next_due == clock.now() + timedelta(minutes=10)


def test_next_due_is_the_start_of_the_day_a_review_falls_on(tmp_path: Path) -> None:
    clock = FixedClock(T0)
    store = store_with_catalog(tmp_path, clock, new_per_day=1)
    (card,) = store.queue().new
    answered = store.answer(card, Rating.Easy)
    due = answered.outcome.state.due
    assert due is not None and due - T0 >= timedelta(days=1)
    queue = store.queue()
    assert queue.cards == ()
    tomorrow = T0.replace(hour=19)  # 4 am in Tokyo: new cards come back with the new day
    assert queue.next_due == tomorrow
