"""The xAPI outbox: statements waiting for the learning record store, and the LRS setting.

A statement is written in the same transaction as the answer it describes (see
`reviews.answer`), so an answer is never saved without it; `exoterm lrs push` sends what
is pending and marks it sent. Undoing an answer drops its statement if it was never sent,
else queues a voiding statement. Sent rows keep only their ids, and only while their
answer can still be undone.
"""

from __future__ import annotations

import sqlite3
from typing import NamedTuple

from exoterm.core.store import keyvalue, sanity
from exoterm.core.store.database import Database

LRS_KEY = "lrs"  # meta: the LRS setting as JSON (URL and how statements name things)


class OutboxRow(NamedTuple):
    id: int
    revlog_id: int
    learner: str
    verb: str  # "answered" or "voided"
    body: str | None  # statement JSON without its id; None for a voiding statement
    created_ms: int
    event: str | None  # the answer's event id (revlog.uid: the same on every device)


class OutboxStatus(NamedTuple):
    pending: int
    oldest_pending_ms: int | None
    kept: int  # sent rows kept so that undoing their answer can void them


def lrs_setting(db: Database) -> str | None:
    with db.lock:
        return keyvalue.meta(db.conn, LRS_KEY)


def set_lrs_setting(db: Database, value: str | None) -> None:
    with db.write() as conn:
        if value is None:
            conn.execute("DELETE FROM meta WHERE key = ?", (LRS_KEY,))
        else:
            keyvalue.set_meta(conn, LRS_KEY, value)


def enqueue(conn: sqlite3.Connection, revlog_id: int, learner: str, body: str,
            created_ms: int) -> None:
    """Queue an answer's statement (inside the answer's own transaction)."""
    conn.execute("INSERT INTO xapi_outbox(revlog_id, learner, verb, body, created_ms, event) "
                 "VALUES (?, ?, 'answered', ?, ?, (SELECT uid FROM revlog WHERE id = ?))",
                 (revlog_id, learner, body, created_ms, revlog_id))


def on_undo(conn: sqlite3.Connection, revlog_id: int, now_ms: int) -> None:
    """The answer logged as `revlog_id` was undone: forget its unsent statement, or void
    the sent one (inside the undo's transaction)."""
    row = conn.execute("SELECT id, learner, sent_ms, event FROM xapi_outbox "
                       "WHERE revlog_id = ? AND verb = 'answered'", (revlog_id,)).fetchone()
    if row is None:
        return
    row_id, learner, sent_ms, event = row
    if sent_ms is None:
        conn.execute("DELETE FROM xapi_outbox WHERE id = ?", (row_id,))
    else:
        conn.execute("INSERT INTO xapi_outbox(revlog_id, learner, verb, body, created_ms, event) "
                     "VALUES (?, ?, 'voided', NULL, ?, ?)", (revlog_id, learner, now_ms, event))


def pending(db: Database, limit: int) -> list[OutboxRow]:
    """The oldest `limit` statements not yet accepted by the LRS, in answer order; a
    damaged row (a hand edit: `sanity.statement_problem`) is left in the outbox, unsent."""
    with db.lock:
        rows = db.conn.execute(
            "SELECT id, revlog_id, learner, verb, body, created_ms, event FROM xapi_outbox "
            "WHERE sent_ms IS NULL ORDER BY id LIMIT ?", (limit,)).fetchall()
    return [r for r in map(OutboxRow._make, rows) if _sendable(r)]


def _sendable(row: OutboxRow) -> bool:
    fields = row._asdict()
    if fields["event"] is None:  # queued before schema 6: named by its answer's row id
        fields["event"] = "0" * 32
    return sanity.statement_problem(fields) is None


def mark_sent(db: Database, ids: list[int], now_ms: int) -> None:
    """The LRS accepted these statements: drop their bodies, and every sent row whose
    answer can no longer be undone."""
    with db.write() as conn:
        conn.executemany("UPDATE xapi_outbox SET sent_ms = ?, body = NULL WHERE id = ?",
                         [(now_ms, i) for i in ids])
        conn.execute("DELETE FROM xapi_outbox WHERE sent_ms IS NOT NULL AND (verb = 'voided' "
                     "OR revlog_id NOT IN (SELECT revlog_id FROM undo WHERE revlog_id IS NOT NULL))")


def status(db: Database) -> OutboxStatus:
    with db.read() as conn:
        count, oldest = conn.execute(  # a damaged created_ms (text) is no time
            "SELECT COUNT(*), MIN(CASE WHEN typeof(created_ms) = 'integer' THEN created_ms END) "
            "FROM xapi_outbox WHERE sent_ms IS NULL").fetchone()
        kept = conn.execute("SELECT COUNT(*) FROM xapi_outbox WHERE sent_ms IS NOT NULL").fetchone()[0]
    return OutboxStatus(int(count), None if oldest is None else int(oldest), int(kept))


def size_bytes(db: Database) -> int:
    """Bytes the outbox's rows take (statement bodies and ids), for `lrs status`."""
    with db.lock:
        row = db.conn.execute("SELECT COALESCE(SUM(LENGTH(body)), 0) + COUNT(*) * 40 "
                              "FROM xapi_outbox").fetchone()
    return int(row[0])
