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
    # 3: xAPI statements waiting for the learning record store (written with each answer)
    (
        """CREATE TABLE xapi_outbox (
            id INTEGER PRIMARY KEY,
            revlog_id INTEGER NOT NULL,            -- the answer the statement is about
            learner TEXT NOT NULL,                 -- the account name the statement was made for
            verb TEXT NOT NULL,                    -- 'answered' or 'voided'
            body TEXT,                             -- statement JSON (no id); NULL once sent
            created_ms INTEGER NOT NULL,
            sent_ms INTEGER                        -- NULL until the LRS accepted it
        )""",
        "CREATE INDEX xapi_outbox_pending ON xapi_outbox(id) WHERE sent_ms IS NULL",
        "CREATE INDEX xapi_outbox_revlog ON xapi_outbox(revlog_id)",
    ),
    # 4: mock exams (an exam being sat is saved answer by answer, so it resumes) and
    # bookmarked cards
    (
        """CREATE TABLE exams (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            started_ms INTEGER NOT NULL,
            finished_ms INTEGER,                   -- NULL while being sat
            limit_s INTEGER NOT NULL,              -- time allowed
            elapsed_ms INTEGER NOT NULL DEFAULT 0, -- time used so far (a pause keeps it)
            seed INTEGER NOT NULL,                 -- the options' shuffle
            lang TEXT NOT NULL,
            pass_line INTEGER NOT NULL             -- 一般+状況設定 line in percent, as set then
        )""",
        """CREATE TABLE exam_questions (
            exam_id INTEGER NOT NULL REFERENCES exams(id),
            position INTEGER NOT NULL,             -- 0-based order in the exam
            card_id TEXT NOT NULL,
            section TEXT NOT NULL,
            response TEXT,                         -- as given; NULL while unanswered
            correct INTEGER,                       -- 1 right, 0 wrong, NULL unanswered
            flagged INTEGER NOT NULL DEFAULT 0,
            duration_ms INTEGER NOT NULL DEFAULT 0,  -- time spent on the question
            PRIMARY KEY (exam_id, position)
        ) WITHOUT ROWID""",
        """CREATE TABLE bookmarks (
            card_id TEXT PRIMARY KEY,
            added_ms INTEGER NOT NULL
        ) WITHOUT ROWID""",
    ),
    # 5: sync through a shared folder (store/sync.py). Every review-log row gets an event
    # id that is the same on every device (an xAPI statement id can be derived from it);
    # triggers give new rows one and journal the undoing of a row other devices have seen,
    # so every writer of the log takes part without knowing about sync.
    (
        "ALTER TABLE revlog ADD COLUMN uid TEXT",  # 32 hex digits, random, global
        # 1 once the row is in a sync segment (written here or read from one)
        "ALTER TABLE revlog ADD COLUMN synced INTEGER NOT NULL DEFAULT 0",
        "UPDATE revlog SET uid = lower(hex(randomblob(16)))",
        "CREATE UNIQUE INDEX revlog_uid ON revlog(uid)",
        "CREATE INDEX revlog_unsynced ON revlog(id) WHERE synced = 0",
        """CREATE TABLE sync_removed (                -- answers undone after they were shared
            uid TEXT PRIMARY KEY,
            card_id TEXT NOT NULL DEFAULT '',
            synced INTEGER NOT NULL DEFAULT 0      -- 1 once in a segment
        ) WITHOUT ROWID""",
        """CREATE TABLE sync_settings (              -- when each shared setting last changed
            key TEXT PRIMARY KEY,
            changed_ms INTEGER NOT NULL,
            device TEXT NOT NULL DEFAULT '',       -- '' this device
            synced INTEGER NOT NULL DEFAULT 0
        ) WITHOUT ROWID""",
        """CREATE TABLE sync_seen (                  -- segment files already read: path, size
            path TEXT PRIMARY KEY,
            size INTEGER NOT NULL
        ) WITHOUT ROWID""",
        """CREATE TRIGGER revlog_uid AFTER INSERT ON revlog WHEN NEW.uid IS NULL BEGIN
            UPDATE revlog SET uid = lower(hex(randomblob(16))) WHERE id = NEW.id;
        END""",
        """CREATE TRIGGER revlog_undone AFTER DELETE ON revlog WHEN OLD.synced = 1 BEGIN
            INSERT OR IGNORE INTO sync_removed(uid, card_id, synced)
            VALUES (OLD.uid, OLD.card_id, 0);
        END""",
    ),
    # 6: an outbox statement names its answer by the answer's event id (revlog.uid, the
    # same on every device), so the LRS never gets one answer twice under two ids
    (
        "ALTER TABLE xapi_outbox ADD COLUMN event TEXT",
        "UPDATE xapi_outbox SET event = (SELECT uid FROM revlog WHERE revlog.id = xapi_outbox.revlog_id)",
    ),
    # 7: the undo journal without AUTOINCREMENT: every answer wrote sqlite_sequence too (one
    # more page per commit) for ids nothing needs to be unique forever (the latest row wins)
    (
        """CREATE TABLE undo_v7 (
            id INTEGER PRIMARY KEY,
            action TEXT NOT NULL,                  -- answer, reset, suspend
            card_id TEXT NOT NULL,
            before TEXT,                           -- JSON of the card's scheduling columns
            revlog_id INTEGER
        )""",
        "INSERT INTO undo_v7(id, action, card_id, before, revlog_id) "
        "SELECT id, action, card_id, before, revlog_id FROM undo",
        "DROP TABLE undo",
        "ALTER TABLE undo_v7 RENAME TO undo",
    ),
    # 8: no index of unsynced log rows: every answer paid for it (one more B-tree insert,
    # ~10 µs of the answer's commit), while `exoterm sync` finds them by a scan that takes
    # milliseconds next to the seconds a sync spends replaying FSRS
    (
        "DROP INDEX IF EXISTS revlog_unsynced",
    ),
    # 9: nothing per answer that SQL can do for free. A new log row's event id comes from
    # the column's default (NOT NULL: a writer cannot forget it) instead of the revlog_uid
    # trigger, whose sub-program ran on every insert (measured: ~4 µs of an answer's ~95 µs
    # CPU). The undo journal keeps a card's scheduling columns as columns, copied from the
    # card by SQL, exactly, instead of JSON made in Python (~7 µs); older rows keep `before`.
    (
        """CREATE TABLE revlog_v9 (
            id INTEGER PRIMARY KEY,                -- epoch ms of the answer (bumped if taken)
            card_id TEXT NOT NULL REFERENCES cards(id),
            rating INTEGER NOT NULL,               -- 1 again .. 4 easy; 0 manual
            ivl_s INTEGER NOT NULL,                -- interval given, seconds
            last_ivl_s INTEGER NOT NULL,           -- interval before, seconds (0 when new)
            stability REAL,
            difficulty REAL,
            duration_ms INTEGER NOT NULL DEFAULT 0,
            kind INTEGER NOT NULL,                 -- ReviewKind: 0 learn .. 6 exam (scheduled)
            reviewed_ms INTEGER NOT NULL,          -- exact time of the answer
            response TEXT,                         -- choice ids (space-separated) or typed text
            correct INTEGER,                       -- 1 right, 0 wrong, NULL self-graded
            uid TEXT NOT NULL DEFAULT (lower(hex(randomblob(16)))),  -- event id, global
            synced INTEGER NOT NULL DEFAULT 0      -- 1 once the row is in a sync segment
        )""",
        "INSERT INTO revlog_v9 SELECT id, card_id, rating, ivl_s, last_ivl_s, stability, "
        "difficulty, duration_ms, kind, reviewed_ms, response, correct, "
        "COALESCE(uid, lower(hex(randomblob(16)))), synced FROM revlog",
        "DROP TABLE revlog",  # with its indexes and both triggers
        "ALTER TABLE revlog_v9 RENAME TO revlog",
        "CREATE INDEX revlog_card ON revlog(card_id, reviewed_ms)",
        "CREATE UNIQUE INDEX revlog_uid ON revlog(uid)",
        """CREATE TRIGGER revlog_undone AFTER DELETE ON revlog WHEN OLD.synced = 1 BEGIN
            INSERT OR IGNORE INTO sync_removed(uid, card_id, synced)
            VALUES (OLD.uid, OLD.card_id, 0);
        END""",
        # the card's SCHED_COLUMNS (store/cards.py) before the step; NULL in older rows
        "ALTER TABLE undo ADD COLUMN state INTEGER",
        "ALTER TABLE undo ADD COLUMN step INTEGER",
        "ALTER TABLE undo ADD COLUMN stability REAL",
        "ALTER TABLE undo ADD COLUMN difficulty REAL",
        "ALTER TABLE undo ADD COLUMN due_ms INTEGER",
        "ALTER TABLE undo ADD COLUMN last_review_ms INTEGER",
        "ALTER TABLE undo ADD COLUMN reps INTEGER",
        "ALTER TABLE undo ADD COLUMN lapses INTEGER",
        "ALTER TABLE undo ADD COLUMN fingerprint TEXT",
        "ALTER TABLE undo ADD COLUMN suspended INTEGER",
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
