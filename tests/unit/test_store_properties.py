"""Hypothesis properties of the store: undo is exact, the log replays to the card state,
and export → import into an empty store is the identity."""

from __future__ import annotations

import io
import tempfile
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from srs_fixtures import T0, Snapshot, deck, open_store, snapshot

from exoterm.core.srs.clock import FixedClock
from exoterm.core.srs.scheduler import Rating
from exoterm.core.store import Store
from exoterm.core.store.transfer import export_progress, import_progress

DECK = deck(n_terms=3, n_items=1)
CARDS = ["term:t0:ja>en", "term:t0:reading", "term:t1:en>ja", "item:q0"]

Op = tuple[str, str, Rating, int]

ops: st.SearchStrategy[list[Op]] = st.lists(
    st.one_of(
        st.tuples(st.just("answer"), st.sampled_from(CARDS), st.sampled_from(list(Rating)),
                  st.integers(-3 * 24 * 60, 40 * 24 * 60)),
        st.tuples(st.just("reset"), st.sampled_from(CARDS), st.just(Rating.Good), st.just(0)),
        st.tuples(st.just("suspend"), st.sampled_from(CARDS), st.just(Rating.Good),
                  st.just(0)),
    ),
    max_size=25,
)
SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def run(ops_: list[Op], tmp: Path) -> tuple[Store, FixedClock]:
    clock = FixedClock(T0)
    store = open_store(tmp, clock, synced=DECK)
    for op, card, rating, minutes in ops_:
        clock.advance(timedelta(minutes=minutes))
        if op == "answer":
            store.answer(card, rating, duration_ms=800)
        elif op == "reset":
            store.reset_card(card)
        else:
            store.suspend(card, not bool(store.conn.execute(
                "SELECT suspended FROM cards WHERE id = ?", (card,)).fetchone()[0]))
    return store, clock


@SETTINGS
@given(ops, ops)
def test_undo_after_any_sequence_restores_the_exact_state(
    first: list[Op], then: list[Op]
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store, clock = run(first, Path(tmp))
        base = snapshot(store)
        states: list[Snapshot] = []
        for op, card, rating, minutes in then:
            states.append(snapshot(store))
            clock.advance(timedelta(minutes=minutes))
            if op == "answer":
                store.answer(card, rating)
            elif op == "reset":
                store.reset_card(card)
            else:
                store.suspend(card)
        for expected in reversed(states):
            store.undo()
            assert snapshot(store) == expected
        assert snapshot(store) == base
        store.close()


@SETTINGS
@given(ops)
def test_replaying_the_log_reproduces_every_card(ops_: list[Op]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store, _ = run(ops_, Path(tmp))
        for card in CARDS:
            assert store.replay(card) == store.card(card)
        store.close()


@SETTINGS
@given(ops)
def test_export_import_into_empty_store_is_identity(
    ops_: list[Op],
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store, _ = run(ops_, Path(tmp) / "a")
        out = io.StringIO()
        export_progress(store, out)
        empty = open_store(Path(tmp) / "b")
        report = import_progress(empty, out.getvalue().splitlines())
        assert snapshot(empty) == snapshot(store)
        assert empty.settings == store.settings
        again = import_progress(empty, out.getvalue().splitlines())
        assert again.reviews_added == again.cards_added == again.cards_updated == 0
        assert again.reviews_skipped == report.reviews_added
        assert snapshot(empty) == snapshot(store)
        store.close()
        empty.close()
