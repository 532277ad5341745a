"""Schema of the progress database and forward migrations keyed by `PRAGMA user_version`.

Each migration is a list of statements run in one `BEGIN IMMEDIATE` transaction, so two
processes starting at once cannot both migrate and a crash leaves the old version intact.
A database from a newer exoterm is refused untouched (nothing is written before the check).
"""

from __future__ import annotations

import sqlite3

from exoterm.errors import ExotermError

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 1: initial schema
    (
        """CREATE TABLE cards (
            id TEXT PRIMARY KEY,
            state INTEGER NOT NULL DEFAULT 0,      -- 0 new, 1 learning, 2 review, 3 relearning
            step INTEGER,
            stability REAL,
            difficulty REAL,
            due_ms INTEGER,                        -- UTC epoch ms; NULL while new
            last_review_ms INTEGER,
            reps INTEGER NOT NULL DEFAULT 0,
            lapses INTEGER NOT NULL DEFAULT 0,
            fingerprint TEXT NOT NULL DEFAULT '',  -- content the progress was made on
            content_fp TEXT NOT NULL DEFAULT '',   -- content as of the last catalog sync
            suspended INTEGER NOT NULL DEFAULT 0,
            present INTEGER NOT NULL DEFAULT 1,    -- 0: content gone; kept, not scheduled
            position INTEGER NOT NULL DEFAULT 0,   -- order new cards are introduced in
            sibling TEXT NOT NULL DEFAULT ''       -- content id shared by a term's cards
        ) WITHOUT ROWID""",
        """CREATE INDEX cards_due ON cards(state, due_ms)
            WHERE suspended = 0 AND present = 1""",
        """CREATE INDEX cards_new ON cards(position)
            WHERE state = 0 AND suspended = 0 AND present = 1""",
        """CREATE TABLE revlog (
            id INTEGER PRIMARY KEY,                -- epoch ms of the answer (bumped if taken)
            card_id TEXT NOT NULL REFERENCES cards(id),
            rating INTEGER NOT NULL,               -- 1 again .. 4 easy; 0 manual
            ivl_s INTEGER NOT NULL,                -- interval given, seconds
            last_ivl_s INTEGER NOT NULL,           -- interval before, seconds (0 when new)
            stability REAL,
            difficulty REAL,
            duration_ms INTEGER NOT NULL DEFAULT 0,
            kind INTEGER NOT NULL,                 -- 0 learn, 1 review, 2 relearn, 3 cram, 4 manual
            reviewed_ms INTEGER NOT NULL           -- exact time of the answer
        )""",
        "CREATE INDEX revlog_card ON revlog(card_id, reviewed_ms)",
        "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        """CREATE TABLE undo (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            action TEXT NOT NULL,                  -- answer, reset, suspend
            card_id TEXT NOT NULL,
            before TEXT,                           -- JSON of the card's scheduling columns
            revlog_id INTEGER
        )""",
    ),
    # 2: what the learner answered, for results export and item analysis
    (
        "ALTER TABLE revlog ADD COLUMN response TEXT",  # choice ids (space-separated) or typed text
        "ALTER TABLE revlog ADD COLUMN correct INTEGER",  # 1 right, 0 wrong, NULL self-graded
    ),
    # 3: the undo journal without AUTOINCREMENT: every answer wrote sqlite_sequence too (one
    # more page per commit) for ids nothing needs to be unique forever (the latest row wins)
    (
        """CREATE TABLE undo_v3 (
            id INTEGER PRIMARY KEY,
            action TEXT NOT NULL,                  -- answer, reset, suspend
            card_id TEXT NOT NULL,
            before TEXT,                           -- JSON of the card's scheduling columns
            revlog_id INTEGER
        )""",
        "INSERT INTO undo_v3(id, action, card_id, before, revlog_id) "
        "SELECT id, action, card_id, before, revlog_id FROM undo",
        "DROP TABLE undo",
        "ALTER TABLE undo_v3 RENAME TO undo",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)


class NewerDatabaseError(ExotermError):
    """The file was written by a newer exoterm; it is left as it is."""


def user_version(conn: sqlite3.Connection) -> int:
    row = conn.execute("PRAGMA user_version").fetchone()
    return int(row[0])


def check_version(conn: sqlite3.Connection, where: str) -> int:
    """The schema version, or NewerDatabaseError when this exoterm is too old for it."""
    version = user_version(conn)
    if version > SCHEMA_VERSION:
        raise NewerDatabaseError(
            f"{where} was written by a newer exoterm (schema {version}, this one knows up to "
            f"{SCHEMA_VERSION}); update exoterm to open it — the file was not changed"
        )
    return version


def migrate(conn: sqlite3.Connection, where: str) -> None:
    """Bring the schema up to SCHEMA_VERSION, one transaction per step."""
    while check_version(conn, where) < SCHEMA_VERSION:
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = check_version(conn, where)  # another process may have migrated
            if version < SCHEMA_VERSION:
                for statement in MIGRATIONS[version]:
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
