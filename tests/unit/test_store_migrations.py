"""Schema upgrades keep every row: a database from each older exoterm opens and works."""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from exoterm.core.srs.scheduler import CardState, Rating
from exoterm.core.store import Store
from exoterm.core.store.cards import SCHED_COLUMNS
from exoterm.core.store.schema import MIGRATIONS, SCHEMA_VERSION
from exoterm.core.store.transfer import export_lines, import_progress

NOW = datetime(2026, 11, 1, 9, 0, tzinfo=timezone.utc)
CARDS = ("item:q1", "item:q2", "term:exosome:ja>en")


def rows(conn: sqlite3.Connection, table: str) -> list[tuple[object, ...]]:
    return conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()


# the migrations before the one that rebuilt the undo journal (number 7), and before the one
# that gave the log's event id a default and the journal its columns (number 9)
UNDO_MIGRATION = next(n for n, m in enumerate(MIGRATIONS) if any("undo_v7" in s for s in m))
COLUMNS_MIGRATION = next(n for n, m in enumerate(MIGRATIONS) if any("revlog_v9" in s for s in m))


def legacy_undo(source: sqlite3.Connection) -> list[tuple[object, ...]]:
    """The source's undo steps as exoterm wrote them before schema 9: the card's
    scheduling columns as JSON in `before`."""
    return [(i, action, card, json.dumps(list(before)), revlog_id) for i, action, card,
            revlog_id, *before in source.execute(
                f"SELECT id, action, card_id, revlog_id, {', '.join(SCHED_COLUMNS)} FROM undo")]


def previous_version_database(path: Path, source: Path, version: int) -> None:
    """A database as the exoterm of schema `version` (6 to 8) left it, holding the rows of
    `source` (answers and their undo records)."""
    conn = sqlite3.connect(path, isolation_level=None)
    for migration in MIGRATIONS[:version]:
        for statement in migration:
            conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.execute("ATTACH DATABASE ? AS source", (str(source),))
    for table in ("cards", "revlog", "settings", "meta"):
        conn.execute(f"INSERT INTO main.{table} SELECT * FROM source.{table}")
    with sqlite3.connect(source) as old:
        conn.executemany("INSERT INTO main.undo(id, action, card_id, before, revlog_id) "
                         "VALUES (?, ?, ?, ?, ?)", legacy_undo(old))
    conn.execute("DETACH DATABASE source")
    if version < UNDO_MIGRATION + 1:
        conn.execute("INSERT INTO sqlite_sequence(name, seq) VALUES ('undo', 99)")
    conn.close()


def answered(path: Path) -> tuple[dict[str, list[tuple[object, ...]]], list[tuple[object, ...]]]:
    """A store at `path` with an answer to each card: its cards and log rows, and its undo
    steps as an older exoterm stored them."""
    with Store.open(path, daily_backup=False) as store:
        for n, card in enumerate(CARDS):
            store.answer(card, Rating.Good, now=NOW + timedelta(minutes=n))
        kept = {t: rows(store.conn, t) for t in ("cards", "revlog")}
        return kept, legacy_undo(store.conn)


def test_undo_journal_loses_autoincrement_and_keeps_its_rows(tmp_path: Path) -> None:
    source = tmp_path / "source.sqlite3"
    expected, undo = answered(source)
    with Store.open(source, daily_backup=False) as store:
        before_last = store.card(CARDS[0])
    path = tmp_path / "old.sqlite3"
    previous_version_database(path, source, UNDO_MIGRATION)

    with Store.open(path, daily_backup=False) as store:
        conn = store.conn
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert {t: rows(conn, t) for t in expected} == expected
        assert [r[:5] for r in rows(conn, "undo")] == undo
        schema = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'undo'").fetchone()[0]
        assert "AUTOINCREMENT" not in schema.upper()
        assert conn.execute("SELECT COUNT(*) FROM sqlite_sequence WHERE name = 'undo'").fetchone() == (0,)
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        # the journal still works: undo the latest answer, answer again, undo that
        assert store.undo() == CARDS[-1]
        store.answer(CARDS[0], Rating.Easy, now=NOW + timedelta(hours=1))
        latest, kept = conn.execute("SELECT MAX(id), COUNT(*) FROM undo").fetchone()
        assert kept == len(undo) and latest == len(undo)
        assert store.undo() == CARDS[0]
        assert store.card(CARDS[0]) == before_last
        assert len(store.history(CARDS[0])) == 1


def test_log_event_ids_come_from_a_default_and_the_journal_from_columns(tmp_path: Path) -> None:
    source = tmp_path / "source.sqlite3"
    expected, undo = answered(source)
    with Store.open(source, daily_backup=False) as store:
        first = store.card(CARDS[0])
    assert first is not None
    path = tmp_path / "old.sqlite3"
    previous_version_database(path, source, COLUMNS_MIGRATION)
    with sqlite3.connect(path) as conn:  # schema 8 marks synced rows: the undone trigger
        conn.execute("UPDATE revlog SET synced = 1 WHERE card_id = ?", (CARDS[-1],))
        expected["revlog"] = rows(conn, "revlog")

    with Store.open(path, daily_backup=False) as store:
        conn = store.conn
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert {t: rows(conn, t) for t in expected} == expected  # every log column kept
        assert [r[:5] for r in rows(conn, "undo")] == undo
        triggers = {r[0] for r in conn.execute("SELECT name FROM sqlite_master "
                                               "WHERE type = 'trigger'")}
        assert triggers == {"revlog_undone"}
        # a writer that leaves the event id out gets a fresh one; one that passes NULL fails
        with store.write() as c:
            c.execute("INSERT INTO revlog(card_id, rating, ivl_s, last_ivl_s, kind, reviewed_ms) "
                      "VALUES (?, 3, 0, 0, 1, 1)", (CARDS[0],))
            uid = c.execute("SELECT uid FROM revlog WHERE reviewed_ms = 1").fetchone()[0]
            assert re.fullmatch(r"[0-9a-f]{32}", uid)
            c.execute("DELETE FROM revlog WHERE reviewed_ms = 1")
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("INSERT INTO revlog(card_id, rating, ivl_s, last_ivl_s, kind, "
                         "reviewed_ms, uid) VALUES (?, 3, 0, 0, 1, 2, NULL)", (CARDS[0],))
        # undo reads the JSON of a step journaled before the migration, exactly, and the
        # undone answer, which another device had seen, is journaled for sync
        assert store.undo() == CARDS[-1]
        assert store.card(CARDS[-1]) == CardState(CARDS[-1])  # new, as before its answer
        assert conn.execute("SELECT card_id FROM sync_removed").fetchall() == [(CARDS[-1],)]
        # a new step is journaled in columns and undone exactly
        store.answer(CARDS[0], Rating.Hard, now=NOW + timedelta(hours=2))
        assert conn.execute("SELECT before, state FROM undo ORDER BY id DESC "
                            "LIMIT 1").fetchone() == (None, first.phase)
        assert store.undo() == CARDS[0]
        assert store.card(CARDS[0]) == first


def test_imported_answers_without_an_event_id_get_one_each(tmp_path: Path) -> None:
    """A progress export from before event ids (schema 3) still imports: the column's
    default gives each answer its own."""
    with Store.open(tmp_path / "a.sqlite3", daily_backup=False) as store:
        for n, card in enumerate(CARDS):
            store.answer(card, Rating.Good, now=NOW + timedelta(minutes=n))
        lines = [json.loads(line) for line in export_lines(store)]
    for record in lines:
        record.pop("uid", None)
    with Store.open(tmp_path / "b.sqlite3", daily_backup=False) as store:
        report = import_progress(store, [json.dumps(r) for r in lines], "old export")
        assert report.reviews_added == len(CARDS)
        uids = [r[0] for r in store.conn.execute("SELECT uid FROM revlog")]
    assert len(set(uids)) == len(CARDS) and all(re.fullmatch(r"[0-9a-f]{32}", u) for u in uids)
