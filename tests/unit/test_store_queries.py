"""The store's typed read API that commands and statistics use instead of SQL: the review
log for the optimizer, item answers and the pseudonym salt for results export, and the
queries behind the statistics."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from srs_fixtures import T0, deck, open_store

from exoterm.core.srs.clock import FixedClock, to_ms
from exoterm.core.srs.scheduler import Phase, Rating, ReviewKind
from exoterm.core.store import results, reviews, stats


def test_review_log_is_every_answer_in_answer_order(tmp_path: Path) -> None:
    clock = FixedClock(T0)
    store = open_store(tmp_path, clock, synced=deck(n_terms=2, n_items=1))
    first, second = store.queue().cards[:2]
    store.answer(second, Rating.Good)
    clock.advance(timedelta(minutes=1))
    store.answer(first, Rating.Again)
    store.reset_card(second)
    log = reviews.review_log(store)
    assert [(r.card_id, r.rating) for r in log] == [(second, 3), (first, 1), (second, 0)]
    assert log[-1].kind == ReviewKind.MANUAL
    assert log[0].reviewed_ms == to_ms(T0)
    store.undo()
    assert len(reviews.review_log(store)) == 2


def test_item_answers_are_rated_answers_to_items_only(tmp_path: Path) -> None:
    store = open_store(tmp_path, synced=deck(n_terms=2, n_items=2))
    term_card = next(c for c in store.queue().cards if c.startswith("term:"))
    store.answer(term_card, Rating.Good)
    store.answer("item:q0", Rating.Again, response="b", correct=False, duration_ms=1500)
    store.answer("item:q1", Rating.Hard)  # self-graded: no response, correct unknown
    store.reset_card("item:q0")  # a manual change is no answer
    answers = results.item_answers(store)
    assert [(a.card_id, a.rating, a.response, a.correct, a.duration_ms) for a in answers] == [
        ("item:q0", 1, "b", False, 1500), ("item:q1", 2, None, None, 0)]


def test_pseudonym_salt_is_made_once_and_kept(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    salt = results.pseudonym_salt(store)
    assert len(salt) == 32 and salt == results.pseudonym_salt(store)
    store.close()
    again = open_store(tmp_path)
    assert results.pseudonym_salt(again) == salt
    assert results.pseudonym_salt(open_store(tmp_path / "other")) != salt


def test_statistics_queries(tmp_path: Path) -> None:
    clock = FixedClock(T0)
    store = open_store(tmp_path, clock, synced=deck(n_terms=3, n_items=0))
    cards = store.queue().cards
    start, hour = to_ms(T0), 3_600_000
    store.answer(cards[0], Rating.Good)
    clock.advance(timedelta(hours=1))
    store.answer(cards[1], Rating.Easy)
    store.reset_card(cards[1])  # manual: logged, but no answer
    store.suspend(cards[2])
    assert stats.answered_between(store, start, start + 1)
    assert not stats.answered_between(store, start + 1, start + hour)
    assert stats.answered_between(store, start + hour, start + hour + 1)
    assert not stats.answered_between(store, start + hour + 1, start + 2 * hour)  # the reset
    assert stats.answer_times(store, start, start + 2 * hour) == [start, start + hour]
    assert stats.answer_times(store, start + 1, start + hour) == []
    assert stats.answer_counts(store, start) == (2, 0, 0)  # learning answers, no reviews
    assert stats.answer_counts(store, start + 1) == (1, 0, 0)
    first = store.card(cards[0])
    assert first is not None and first.due is not None
    assert stats.due_times(store, start + 10**10) == [to_ms(first.due)]  # not new, not suspended
    assert stats.due_times(store, to_ms(first.due)) == []
    summaries = {c.id: c for c in stats.card_summaries(store)}
    assert summaries[cards[0]].state == first.phase != Phase.NEW
    assert summaries[cards[1]].state == Phase.NEW and summaries[cards[1]].stability is None
    assert summaries[cards[2]].suspended and summaries[cards[2]].present
    assert not summaries[cards[0]].suspended
