"""The learner's progress in SQLite: cards, review log, settings, undo journal.

One database file per profile in the data folder (`Config.data_dir`). WAL with `synchronous=NORMAL`, a busy
timeout, foreign keys and a schema version; every answer is one `BEGIN IMMEDIATE`
transaction writing the log row, the card state and its undo record together, so an
answer is either saved whole or not at all, even if the process is killed mid-way.
(NORMAL in WAL mode: a commit survives any crash of the app; only an OS crash or power
cut can drop the last answers since the last `flush()`, and never corrupts the file.)
Blocking: call from a worker thread, not the UI thread (one thread at a time).
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from exoterm.core import store_backup
from exoterm.core.config import default_data_dir
from exoterm.core.srs.cards import CardInfo
from exoterm.core.srs.clock import Clock, SystemClock, from_ms, study_day, to_ms, truncate_ms
from exoterm.core.srs.scheduler import CardState, Outcome, Phase, Rating, ReviewKind, SrsScheduler
from exoterm.core.srs.scheduler import reset as reset_state
from exoterm.core.srs.settings import SrsSettings
from exoterm.core.store_migrations import check_version, migrate
from exoterm.errors import ExotermError

UNDO_DEPTH = 50
_PROFILE = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
SCHED_COLUMNS = ("state", "step", "stability", "difficulty", "due_ms", "last_review_ms",
                 "reps", "lapses", "fingerprint", "suspended")
_SELECT_CARD = f"SELECT {', '.join(SCHED_COLUMNS)} FROM cards WHERE id = ?"
_UPDATE_CARD = (f"UPDATE cards SET {', '.join(c + ' = ?' for c in SCHED_COLUMNS)} WHERE id = ?")
_INSERT_LOG = ("INSERT INTO revlog(id, card_id, rating, ivl_s, last_ivl_s, stability, difficulty, "
               "duration_ms, kind, reviewed_ms, response, correct) "
               "SELECT MAX(?, COALESCE(MAX(id) + 1, 0)), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM revlog")


class UnreadableDatabaseError(ExotermError):
    """The progress database could not be read; it was moved aside."""


def db_path(profile: str = "default", folder: Path | None = None) -> Path:
    """Where a profile's database lives in `folder` (`Config.data_dir`; default: the user data
    folder): `progress.sqlite3` or `progress-<profile>.sqlite3`."""
    if not _PROFILE.match(profile):
        raise ExotermError(f"profile name {profile!r} must be 1-32 letters, digits, - or _")
    name = "progress.sqlite3" if profile == "default" else f"progress-{profile}.sqlite3"
    return (folder or default_data_dir()) / name


@dataclass(frozen=True, slots=True)
class Answered:
    """A saved answer: the outcome and the id of its review-log row."""

    outcome: Outcome
    revlog_id: int


@dataclass(frozen=True, slots=True)
class Queue:
    """Cards to study now, in order, and what is left of today's limits."""

    learning: tuple[str, ...]
    review: tuple[str, ...]
    new: tuple[str, ...]
    new_done: int
    reviews_done: int

    @property
    def cards(self) -> tuple[str, ...]:
        return self.learning + self.review + self.new


@dataclass(frozen=True, slots=True)
class SyncReport:
    """What a catalog sync found: cards added, cards whose content is gone, changed cards."""

    added: int
    missing: int
    changed: tuple[str, ...]


def state_from_row(card_id: str, row: Sequence[Any]) -> CardState:
    state, step, stab, diff, due, last, reps, lapses = row[:8]
    return CardState(card_id, Phase(state), step, stab, diff,
                     None if due is None else from_ms(due),
                     None if last is None else from_ms(last), reps, lapses)


def state_to_row(s: CardState) -> tuple[Any, ...]:
    return (int(s.phase), s.step, s.stability, s.difficulty,
            None if s.due is None else to_ms(s.due),
            None if s.last_review is None else to_ms(s.last_review), s.reps, s.lapses)


class Store:
    """An open progress database. Use `Store.open()`; close it (or use `with`)."""

    def __init__(self, conn: sqlite3.Connection, path: Path, clock: Clock) -> None:
        self.conn = conn
        self.path = path
        self.clock = clock
        self._lock = threading.RLock()
        self._settings: SrsSettings | None = None
        self._scheduler: SrsScheduler | None = None

    @classmethod
    def open(cls, path: Path | None = None, *, profile: str = "default",
             clock: Clock | None = None, daily_backup: bool = True) -> Store:
        """Open (creating if absent) a profile's database; unreadable files are moved aside."""
        path = path or db_path(profile)
        clock = clock or SystemClock()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise ExotermError(f"cannot create data folder {path.parent}: {err.strerror}") from err
        if path.exists() and path.stat().st_size > 0:
            reason = store_backup.problem(path)
            if reason and "newer exoterm" not in reason:
                moved = store_backup.quarantine(path, clock.now())
                raise UnreadableDatabaseError(store_backup.unreadable_message(path, reason, moved))
        try:
            conn = sqlite3.connect(path, timeout=10.0, isolation_level=None,
                                   check_same_thread=False)
        except sqlite3.Error as err:
            raise ExotermError(f"cannot open progress database {path}: {err}") from err
        try:
            check_version(conn, f"progress database {path}")  # before writing anything
            for pragma in ("busy_timeout = 10000", "journal_mode = WAL", "synchronous = NORMAL",
                           "foreign_keys = ON"):
                conn.execute(f"PRAGMA {pragma}")
            migrate(conn, f"progress database {path}")
        except sqlite3.Error as err:
            conn.close()
            raise ExotermError(f"cannot open progress database {path}: {err}") from err
        except BaseException:
            conn.close()
            raise
        store = cls(conn, path, clock)
        if daily_backup:
            store.daily_backup()
        return store

    def flush(self) -> None:
        """Make every committed answer durable against power loss too (fsync the WAL)."""
        with self._lock:
            self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")

    def close(self) -> None:
        with self._lock:
            try:
                self.flush()
            except sqlite3.Error:
                pass  # another process is writing; its own close will sync
            self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (`BEGIN IMMEDIATE` … `COMMIT`, rolled back on error)."""
        with self._lock:
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                try:
                    yield self.conn
                except BaseException:
                    self.conn.execute("ROLLBACK")
                    raise
                self.conn.execute("COMMIT")
            except sqlite3.OperationalError as err:  # locked too long, disk full, read-only
                raise ExotermError(f"progress database {self.path}: {err}") from err

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A consistent snapshot for several reads (`BEGIN` … `COMMIT`)."""
        with self._lock:
            self.conn.execute("BEGIN")
            try:
                yield self.conn
            finally:
                self.conn.execute("COMMIT")

    # settings -----------------------------------------------------------------------
    @property
    def settings(self) -> SrsSettings:
        if self._settings is None:
            with self._lock:
                rows = self.conn.execute("SELECT key, value FROM settings").fetchall()
            self._settings = SrsSettings.from_values(dict(rows))
        return self._settings

    def reload_settings(self) -> SrsSettings:
        """Re-read (and validate) the settings, e.g. after an import."""
        self._settings = self._scheduler = None
        return self.settings

    def save_settings(self, settings: SrsSettings) -> None:
        with self.write() as conn:
            conn.executemany("INSERT OR REPLACE INTO settings(key, value) VALUES (?, ?)",
                             settings.to_values().items())
        self._settings, self._scheduler = settings, None

    @property
    def scheduler(self) -> SrsScheduler:
        if self._scheduler is None:
            self._scheduler = SrsScheduler(self.settings)
        return self._scheduler

    def now(self, now: datetime | None = None) -> datetime:
        """`now` (default: the clock) in UTC, truncated to the millisecond as stored."""
        return truncate_ms(now if now is not None else self.clock.now())

    def today(self, now: datetime | None = None) -> date:
        s = self.settings
        return study_day(self.now(now), s.tz, s.rollover_hour)

    # cards --------------------------------------------------------------------------
    def sync_catalog(self, catalog: Sequence[CardInfo]) -> SyncReport:
        """Make the cards table match the deck: add new cards, mark vanished ones absent."""
        from exoterm.core.store_cards import sync_catalog

        return sync_catalog(self, catalog)

    def changed_cards(self) -> tuple[str, ...]:
        """Studied cards whose content changed since they were studied (offer a reset)."""
        with self._lock:
            rows = self.conn.execute(
                "SELECT id FROM cards WHERE state != 0 AND present = 1 "
                "AND fingerprint != content_fp ORDER BY position").fetchall()
        return tuple(r[0] for r in rows)

    def card(self, card_id: str) -> CardState | None:
        with self._lock:
            row = self.conn.execute(_SELECT_CARD, (card_id,)).fetchone()
        return None if row is None else state_from_row(card_id, row)

    def _before(self, conn: sqlite3.Connection, card_id: str) -> tuple[Any, ...]:
        row = conn.execute(_SELECT_CARD, (card_id,)).fetchone()
        if row is None:
            conn.execute("INSERT INTO cards(id, position) VALUES (?, ?)", (card_id, 1 << 40))
            row = conn.execute(_SELECT_CARD, (card_id,)).fetchone()
        return tuple(row)

    def _journal(self, conn: sqlite3.Connection, action: str, card_id: str,
                 before: tuple[Any, ...], revlog_id: int | None) -> None:
        cur = conn.execute("INSERT INTO undo(action, card_id, before, revlog_id) "
                           "VALUES (?, ?, ?, ?)", (action, card_id, json.dumps(before), revlog_id))
        last = cur.lastrowid or 0
        if last % 16 == 0:  # trim now and then: keeps UNDO_DEPTH to UNDO_DEPTH + 15 steps
            conn.execute("DELETE FROM undo WHERE id <= ?", (last - UNDO_DEPTH,))

    def _log(self, conn: sqlite3.Connection, card_id: str, rating: int, ivl_s: int,
             last_ivl_s: int, state: CardState, duration_ms: int, kind: ReviewKind,
             reviewed_ms: int, response: str | None = None, correct: bool | None = None) -> int:
        # Ids are epoch ms but strictly increasing, so log order is answer order even
        # when two answers share a millisecond or the clock was set back.
        cur = conn.execute(_INSERT_LOG, (reviewed_ms, card_id, rating, ivl_s, last_ivl_s,
                                         state.stability, state.difficulty, duration_ms,
                                         int(kind), reviewed_ms, response,
                                         None if correct is None else int(correct)))
        return int(cur.lastrowid or 0)

    def answer(self, card_id: str, rating: Rating | int, *, duration_ms: int = 0,
               now: datetime | None = None, cram: bool = False, response: str | None = None,
               correct: bool | None = None) -> Answered:
        """Schedule and save one answer (log row + card state + undo record, atomically).

        `response` (choice ids or typed text) and `correct` are kept for results export.
        """
        when = self.now(now)
        scheduler = self.scheduler
        with self.write() as conn:
            before = self._before(conn, card_id)
            current = state_from_row(card_id, before)
            outcome = scheduler.answer(current, Rating(rating), when, cram=cram)
            new = current if cram else outcome.state  # cram: logged, schedule untouched
            rid = self._log(conn, card_id, int(rating), round(outcome.interval.total_seconds()),
                            round(current.interval.total_seconds()), new,
                            max(0, int(duration_ms)), outcome.kind, to_ms(when), response, correct)
            conn.execute(_UPDATE_CARD, (*state_to_row(new), *before[8:], card_id))
            self._journal(conn, "answer", card_id, before, rid)
        return Answered(outcome, rid)

    def reset_card(self, card_id: str, now: datetime | None = None) -> None:
        """Make a studied card new again (e.g. its content changed a lot); history is kept."""
        when = self.now(now)
        with self.write() as conn:
            before = self._before(conn, card_id)
            current = state_from_row(card_id, before)
            fp = conn.execute("SELECT content_fp FROM cards WHERE id = ?", (card_id,)).fetchone()
            rid = self._log(conn, card_id, 0, 0, round(current.interval.total_seconds()),
                            reset_state(current), 0, ReviewKind.MANUAL, to_ms(when))
            conn.execute(_UPDATE_CARD, (*state_to_row(reset_state(current)), fp[0], before[9],
                                        card_id))
            self._journal(conn, "reset", card_id, before, rid)

    def accept_change(self, card_id: str) -> None:
        """Keep a card's progress although its content changed."""
        with self.write() as conn:
            conn.execute("UPDATE cards SET fingerprint = content_fp WHERE id = ?", (card_id,))

    def suspend(self, card_id: str, suspended: bool = True) -> None:
        """Take a card out of (or back into) the schedule; undoable."""
        with self.write() as conn:
            before = self._before(conn, card_id)
            conn.execute("UPDATE cards SET suspended = ? WHERE id = ?", (int(suspended), card_id))
            self._journal(conn, "suspend", card_id, before, None)

    def undo(self, card_id: str | None = None) -> str | None:
        """Revert the latest answer, reset or suspension exactly; returns its card id.

        With `card_id`, only if the latest step is that card's (another process may have
        answered since), else nothing is changed and None is returned.
        """
        with self.write() as conn:
            row = conn.execute("SELECT id, card_id, before, revlog_id FROM undo "
                               "ORDER BY id DESC LIMIT 1").fetchone()
            if row is None or (card_id is not None and row[1] != card_id):
                return None
            undo_id, card_id, before, revlog_id = row
            if revlog_id is not None:
                conn.execute("DELETE FROM revlog WHERE id = ?", (revlog_id,))
            conn.execute(_UPDATE_CARD, (*json.loads(before), card_id))
            conn.execute("DELETE FROM undo WHERE id = ?", (undo_id,))
        return str(card_id)

    def undo_depth(self) -> int:
        with self._lock:
            return int(self.conn.execute("SELECT COUNT(*) FROM undo").fetchone()[0])

    def history(self, card_id: str) -> list[tuple[int, int, int, int]]:
        """(revlog id, rating, kind, reviewed ms) of a card's log, in answer order."""
        with self._lock:
            rows = self.conn.execute("SELECT id, rating, kind, reviewed_ms FROM revlog "
                                     "WHERE card_id = ? ORDER BY id", (card_id,)).fetchall()
        return [tuple(r) for r in rows]

    def replay(self, card_id: str) -> CardState:
        """The card's state recomputed from its log alone (checks the log is complete)."""
        state = CardState(card_id)
        for _rid, rating, kind, reviewed_ms in self.history(card_id):
            if kind == ReviewKind.MANUAL:
                state = reset_state(state)
            elif kind == ReviewKind.CRAM:
                continue  # practice outside the schedule
            else:
                state = self.scheduler.answer(state, Rating(rating), from_ms(reviewed_ms),
                                              cram=kind == ReviewKind.CRAM).state
        return state

    # queue --------------------------------------------------------------------------
    def queue(self, now: datetime | None = None,
              allowed: Collection[str] | None = None) -> Queue:
        """Today's cards: due (re)learning, due reviews, then new cards, within the limits;
        `allowed` restricts them (a filtered session) without changing the limits."""
        from exoterm.core.store_queue import build_queue

        with self._lock:
            return build_queue(self.conn, self.settings, self.now(now), allowed)

    # backups ------------------------------------------------------------------------
    def backup(self, label: str = "") -> Path:
        with self._lock:
            return store_backup.make_backup(self.conn, self.path, self.now(), label)

    def daily_backup(self) -> Path | None:
        """Back up once per study day, on the first start that day (after a full check)."""
        today = self.today()
        s = self.settings
        for existing in store_backup.list_backups(self.path):
            made = store_backup.stamp_time(existing, self.path)
            if made is not None and study_day(made, s.tz, s.rollover_hour) >= today:
                return None
            break
        with self._lock:
            rows = self.conn.execute("PRAGMA integrity_check").fetchall()
        if [r[0] for r in rows] != ["ok"]:
            self.close()
            moved = store_backup.quarantine(self.path, self.now())
            raise UnreadableDatabaseError(store_backup.unreadable_message(
                self.path, f"is damaged ({store_backup.one_line(rows[0][0])})", moved))
        return self.backup()
