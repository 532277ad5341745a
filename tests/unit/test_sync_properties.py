"""Sync converges: any interleaving of offline study on 2–3 devices and any order of syncs
ends, once every device has synced twice, with the same card states, review log, shared
settings and statistics (`stats --json`) everywhere."""

from __future__ import annotations

import json
import shutil
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from srs_fixtures import T0, deck, open_store

from exoterm.core.progress import compute_stats
from exoterm.core.srs.clock import FixedClock, from_ms
from exoterm.core.srs.scheduler import ReviewKind
from exoterm.core.srs.settings import DEVICE_SETTINGS
from exoterm.core.store import Store
from exoterm.core.sync.folder import sync

# Memory-backed when there is one: fsync is what the time goes on, not what is tested here.
FAST_TMP = "/dev/shm" if Path("/dev/shm").is_dir() else None
DECK = deck(n_terms=3, n_items=0)
SETTING_VALUES = {"new_per_day": ("5", "30"), "desired_retention": ("0.85", "0.95")}

answer = st.tuples(st.just("answer"), st.integers(0, 5), st.integers(1, 4))
undo = st.tuples(st.just("undo"), st.just(0), st.just(0))
setting = st.tuples(st.just("setting"), st.integers(0, 1), st.integers(0, 1))
syncing = st.tuples(st.just("sync"), st.just(0), st.just(0))
reset = st.tuples(st.just("reset"), st.integers(0, 5), st.just(0))  # start a card over
cram = st.tuples(st.just("cram"), st.integers(0, 5), st.integers(1, 4))  # logged, not scheduled
step = st.tuples(st.integers(0, 2), st.integers(0, 600),
                 st.one_of(answer, answer, answer, undo, undo, setting, syncing, syncing, reset,
                           cram))


def state(store: Store) -> dict[str, Any]:
    """Everything that must agree between devices once they have all synced."""
    conn = store.conn
    cards = conn.execute("SELECT id, state, step, stability, difficulty, due_ms, "
                         "last_review_ms, reps, lapses FROM cards ORDER BY id").fetchall()
    log = sorted(conn.execute("SELECT uid, card_id, rating, kind, reviewed_ms, ivl_s, "
                              "stability, difficulty FROM revlog").fetchall())
    shared = {k: v for k, v in store.settings.to_values().items() if k not in DEVICE_SETTINGS}
    stats = compute_stats(store, DECK, store.now()).to_json()
    return {"cards": cards, "log": log, "settings": shared,
            "stats": json.dumps(stats, sort_keys=True)}


# An answer shared and read elsewhere, then undone; both devices answering one card offline.
@example(n_devices=2, final_order=[0, 1, 2], steps=[
    (0, 1, ("answer", 0, 3)), (0, 1, ("sync", 0, 0)), (1, 1, ("sync", 0, 0)),
    (0, 1, ("undo", 0, 0)), (1, 1, ("answer", 0, 1)), (0, 1, ("answer", 0, 4))])
# An undone answer's card on a device that also takes a retention change in the same sync.
@example(n_devices=3, final_order=[2, 1, 0], steps=[
    (0, 0, ("answer", 0, 1)), (1, 0, ("setting", 0, 0)), (0, 0, ("sync", 0, 0)),
    (0, 0, ("undo", 0, 0))])
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(n_devices=st.integers(2, 3), steps=st.lists(step, max_size=25),
       final_order=st.permutations([0, 1, 2]))
def test_any_interleaving_converges(n_devices: int, steps: list[tuple[Any, ...]],
                                    final_order: list[int]) -> None:
    root = Path(tempfile.mkdtemp(prefix="exoterm-sync-", dir=FAST_TMP))
    try:
        shared = root / "shared"
        shared.mkdir()
        clock = FixedClock(T0)  # one time for all: the devices' clocks agree
        stores = []
        for n in range(n_devices):
            (root / str(n)).mkdir()
            stores.append(open_store(root / str(n), clock, synced=DECK))
        cards = [c for c, in stores[0].conn.execute("SELECT id FROM cards ORDER BY position")]
        latest: dict[str, str] = {}  # each setting's last change, in time order
        for device, minutes, (kind, a, b) in steps:
            store = stores[device % n_devices]
            clock.advance(timedelta(minutes=minutes, seconds=1))
            if kind == "answer":
                store.answer(cards[a], b)
            elif kind == "undo":
                store.undo()
            elif kind == "reset":
                store.reset_card(cards[a])
            elif kind == "cram":
                store.answer(cards[a], b, cram=True)
            elif kind == "setting":
                key = sorted(SETTING_VALUES)[a]
                changed = store.settings.with_value(key, SETTING_VALUES[key][b])
                if changed != store.settings:  # saving a value unchanged is no change
                    store.save_settings(changed)
                    latest[key] = SETTING_VALUES[key][b]
            else:
                assert not sync(store, shared).merged.problems
        order = [d for d in final_order if d < n_devices]
        for _ in range(2):
            for d in order:
                report = sync(stores[d], shared)
                assert not (report.merged.problems or report.waiting or report.refused)
        states = [state(s) for s in stores]
        for other in states[1:]:
            assert other == states[0]
        for key, value in latest.items():  # the latest change wins, wherever it was made
            assert json.loads(states[0]["settings"][key]) == json.loads(value)
        # Answering the merged log live, in time order, gives what every device holds.
        live = open_store(root / "live", FixedClock(T0), synced=DECK,
                          settings=stores[0].settings)
        log = stores[0].conn.execute("SELECT card_id, rating, kind, reviewed_ms FROM revlog "
                                     "ORDER BY reviewed_ms, uid").fetchall()
        for card, rating, kind, reviewed_ms in log:
            if kind == ReviewKind.MANUAL:
                live.reset_card(card, now=from_ms(reviewed_ms))
            else:
                live.answer(card, rating, now=from_ms(reviewed_ms), cram=kind == ReviewKind.CRAM)
        for card in cards:
            assert live.card(card) == stores[0].card(card)
        live.close()
        for s in stores:
            s.close()
    finally:
        shutil.rmtree(root, ignore_errors=True)
