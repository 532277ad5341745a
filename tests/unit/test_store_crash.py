"""Answers survive SIGKILL at any moment, and two processes can answer side by side."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from srs_fixtures import deck, open_store

from exoterm.core.store import Store

WORKER = Path(__file__).with_name("store_worker.py")


def spawn(db: Path, count: int, seed: int) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, str(WORKER), str(db), str(count), str(seed)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def saved_ids(output: str) -> list[int]:
    return [int(line.split()[1]) for line in output.splitlines() if line.startswith("saved ")]


def test_sigkill_never_loses_a_reported_answer(tmp_path: Path) -> None:
    db = tmp_path / "progress.sqlite3"
    open_store(tmp_path, synced=deck(n_terms=50)).close()
    rng = random.Random(1234)
    reported: list[int] = []
    for trial in range(24):
        proc = spawn(db, 100_000, trial)
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.12))
        os.kill(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        assert proc.returncode == -signal.SIGKILL
        reported += saved_ids(out)
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = {row[0] for row in conn.execute("SELECT id FROM revlog")}
    conn.close()
    assert len(reported) > 100 and set(reported) <= stored
    with Store.open(db, daily_backup=False) as store:
        # Every journal entry points at a card whose state matches its log.
        for (card,) in store.conn.execute("SELECT DISTINCT card_id FROM revlog").fetchall():
            assert store.replay(card) == store.card(card)


def test_two_processes_answering_one_database(tmp_path: Path) -> None:
    db = tmp_path / "progress.sqlite3"
    open_store(tmp_path, synced=deck(n_terms=5, n_items=0)).close()
    procs = [spawn(db, 150, seed) for seed in (1, 2)]
    outputs = [p.communicate(timeout=60) for p in procs]
    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
        assert len(saved_ids(out)) == 150
    ids = saved_ids(outputs[0][0]) + saved_ids(outputs[1][0])
    with Store.open(db, daily_backup=False) as store:
        stored = [r[0] for r in store.conn.execute("SELECT id FROM revlog")]
        assert sorted(stored) == sorted(ids) and len(set(ids)) == 300
        for (card,) in store.conn.execute("SELECT DISTINCT card_id FROM revlog").fetchall():
            assert store.replay(card) == store.card(card)
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
