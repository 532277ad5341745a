"""Damaged, foreign and newer database files; daily backups, rotation and restore."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from srs_fixtures import T0, deck, open_store, snapshot

from exoterm.core.srs.clock import FixedClock
from exoterm.core.srs.scheduler import Rating
from exoterm.core.store import Store, UnreadableDatabaseError
from exoterm.core.store import backup as store_backup
from exoterm.core.store.schema import NewerDatabaseError
from exoterm.errors import ExotermError


def make_db(tmp: Path, clock: FixedClock | None = None) -> Path:
    store = open_store(tmp, clock, synced=deck(n_terms=30))
    for card in store.queue().new:
        store.answer(card, Rating.Good)
    store.close()
    return tmp / "progress.sqlite3"


def truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def not_sqlite(path: Path) -> None:
    path.write_bytes(b"%PDF-1.4 this is not a database\n" * 50)


def garble(path: Path) -> None:
    data = bytearray(path.read_bytes())
    for i in range(4096, len(data), 7):  # everything after the first page
        data[i] ^= 0x5A
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", [truncate, not_sqlite, garble])
def test_unreadable_file_is_moved_aside_and_backup_offered(tmp_path: Path, damage: Callable[[Path], None]) -> None:
    clock = FixedClock(T0)
    db = make_db(tmp_path, clock)
    with Store.open(db, clock=clock) as store:  # makes today's backup
        good = store_backup.list_backups(db)[0]
    damage(db)
    damaged = db.read_bytes()
    with pytest.raises(UnreadableDatabaseError) as info:
        Store.open(db, clock=clock)
    message = str(info.value)
    moved = [p for p in tmp_path.iterdir()
             if ".unreadable-" in p.name and not p.name.endswith(("-wal", "-shm"))]
    assert len(moved) == 1 and moved[0].read_bytes() == damaged  # nothing lost
    assert str(moved[0]) in message and str(good) in message and "exoterm restore" in message
    assert "\n" not in message
    assert not db.exists()
    safety, aside = store_backup.restore(good, db, clock.now())
    assert aside is None and safety is None
    with Store.open(db, clock=clock, daily_backup=False) as store:
        assert len(store.history("term:t0:ja>en")) == 1


def test_newer_database_is_refused_untouched(tmp_path: Path) -> None:
    db = make_db(tmp_path)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = db.read_bytes()
    with pytest.raises(NewerDatabaseError, match="newer exoterm.*not changed"):
        Store.open(db, daily_backup=False)
    assert db.read_bytes() == before
    assert not any(".unreadable-" in p.name for p in tmp_path.iterdir())


def test_fresh_empty_file_becomes_a_database(tmp_path: Path) -> None:
    db = tmp_path / "progress.sqlite3"
    db.touch()
    with Store.open(db, daily_backup=False) as store:
        assert store.queue().cards == ()


def test_daily_backup_once_per_day_keeps_seven(tmp_path: Path) -> None:
    clock = FixedClock(T0)
    db = make_db(tmp_path, clock)
    for _day in range(10):
        for _ in range(2):
            Store.open(db, clock=clock).close()
        clock.advance(timedelta(days=1))
    backups = store_backup.list_backups(db)
    assert len(backups) == 7
    assert all(store_backup.problem(b, full=True) is None for b in backups)
    conn = sqlite3.connect(backups[0])
    assert conn.execute("SELECT COUNT(*) FROM revlog").fetchone()[0] == 20
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()


def test_restore_backs_up_current_first(tmp_path: Path) -> None:
    clock = FixedClock(T0)
    db = make_db(tmp_path, clock)
    with Store.open(db, clock=clock) as store:
        backup = store_backup.list_backups(db)[0]
        old = snapshot(store)
        clock.advance(timedelta(hours=1))
        store.answer(store.queue().learning[0], Rating.Easy)
        newer = snapshot(store)
    clock.advance(timedelta(hours=1))
    safety, moved = store_backup.restore(backup, db, clock.now())
    assert moved is None and safety is not None and "before-restore" in safety.name
    with Store.open(db, clock=clock, daily_backup=False) as store:
        assert snapshot(store) == old
    safety_conn = sqlite3.connect(safety)
    assert safety_conn.execute("SELECT COUNT(*) FROM revlog").fetchone()[0] == len(newer[1])
    safety_conn.close()


def test_restore_refuses_bad_files(tmp_path: Path) -> None:
    db = make_db(tmp_path)
    junk = tmp_path / "junk.sqlite3"
    not_sqlite(junk)
    before = db.read_bytes()
    with pytest.raises(ExotermError, match="cannot restore .*not an SQLite database"):
        store_backup.restore(junk, db, T0)
    with pytest.raises(ExotermError, match="progress database itself"):
        store_backup.restore(db, db, T0)
    assert db.read_bytes() == before
