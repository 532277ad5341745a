"""`exoterm sync` killed with SIGKILL at its riskiest moments loses nothing: the next sync
shares every answer and both devices end the same."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from srs_fixtures import T0, deck, open_store

from exoterm.core.srs.clock import FixedClock
from exoterm.core.srs.scheduler import Rating
from exoterm.core.store import Store
from exoterm.core.sync.folder import sync

WORKER = Path(__file__).with_name("sync_worker.py")
DECK = deck(n_terms=20, n_items=0)


def studied(path: Path, clock: FixedClock, answers: int) -> Store:
    store = open_store(path, clock, synced=DECK)
    cards = [c for c, in store.conn.execute("SELECT id FROM cards ORDER BY position")]
    for n in range(answers):
        clock.advance(timedelta(minutes=3))
        store.answer(cards[n % len(cards)], Rating(1 + n % 4))
    return store


def log(store: Store) -> set[str]:
    return {uid for uid, in store.conn.execute("SELECT uid FROM revlog")}


@pytest.mark.parametrize("point", ["write", "renamed", "merge"])
def test_sigkill_during_sync_loses_nothing(tmp_path: Path, point: str) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    clock = FixedClock(T0)
    a = studied(tmp_path / "a", clock, 300)
    b = studied(tmp_path / "b", clock, 40)
    sync(b, shared)  # something for a to merge
    before = log(a) | log(b)
    a.close()
    proc = subprocess.Popen([sys.executable, str(WORKER), str(tmp_path / "a" / "progress.sqlite3"),
                             str(shared), point], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == f"at {point}"
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    a = Store.open(tmp_path / "a" / "progress.sqlite3", clock=clock, daily_backup=False)
    for _ in range(2):
        for store in (a, b):
            report = sync(store, shared)
            assert not (report.merged.problems or report.refused or report.waiting)
    assert log(a) == log(b) == before
    rows = "SELECT * FROM cards ORDER BY id"
    assert a.conn.execute(rows).fetchall() == b.conn.execute(rows).fetchall()
    a.close()
    b.close()
