"""Schema upgrades keep every row: a database from each older exoterm opens and works."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

from exoterm.core.srs.scheduler import Rating
from exoterm.core.store import Store
from exoterm.core.store.schema import MIGRATIONS, SCHEMA_VERSION

NOW = datetime(2026, 11, 1, 9, 0, tzinfo=timezone.utc)
CARDS = ("item:q1", "item:q2", "term:exosome:ja>en")


def rows(conn: sqlite3.Connection, table: str) -> list[tuple[object, ...]]:
    return conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()


# the migrations before the one that rebuilt the undo journal (number 7)
UNDO_MIGRATION = next(n for n, m in enumerate(MIGRATIONS) if any("undo_v7" in s for s in m))


def previous_version_database(path: Path, source: Path) -> None:
    """A database as the exoterm before the undo journal lost AUTOINCREMENT left it,
    holding the rows of `source` (answers and their undo records)."""
    conn = sqlite3.connect(path, isolation_level=None)
    for migration in MIGRATIONS[:UNDO_MIGRATION]:
        for statement in migration:
            conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {UNDO_MIGRATION}")
    conn.execute("ATTACH DATABASE ? AS source", (str(source),))
    for table in ("cards", "revlog", "undo", "settings", "meta"):
        conn.execute(f"INSERT INTO main.{table} SELECT * FROM source.{table}")
    conn.execute("DETACH DATABASE source")
    conn.execute("INSERT INTO sqlite_sequence(name, seq) VALUES ('undo', 99)")
    conn.close()


def test_undo_journal_loses_autoincrement_and_keeps_its_rows(tmp_path: Path) -> None:
    source = tmp_path / "source.sqlite3"
    with Store.open(source, daily_backup=False) as store:
        for n, card in enumerate(CARDS):
            store.answer(card, Rating.Good, now=NOW + timedelta(minutes=n))
        expected = {t: rows(store.conn, t) for t in ("cards", "revlog", "undo")}
        before_last = store.card(CARDS[0])
    path = tmp_path / "old.sqlite3"
    previous_version_database(path, source)

    with Store.open(path, daily_backup=False) as store:
        conn = store.conn
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert {t: rows(conn, t) for t in expected} == expected
        schema = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'undo'").fetchone()[0]
        assert "AUTOINCREMENT" not in schema.upper()
        assert conn.execute("SELECT COUNT(*) FROM sqlite_sequence WHERE name = 'undo'").fetchone() == (0,)
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        # the journal still works: undo the latest answer, answer again, undo that
        assert store.undo() == CARDS[-1]
        store.answer(CARDS[0], Rating.Easy, now=NOW + timedelta(hours=1))
        latest, kept = conn.execute("SELECT MAX(id), COUNT(*) FROM undo").fetchone()
        assert kept == len(expected["undo"]) and latest == len(expected["undo"])
        assert store.undo() == CARDS[0]
        assert store.card(CARDS[0]) == before_last
        assert len(store.history(CARDS[0])) == 1
