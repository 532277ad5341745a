"""An open progress database: opening it safely, transactions, its settings and clock.

One database file per profile in the data folder (`Config.data_dir`). WAL with `synchronous=FULL`, a busy
timeout, foreign keys and a schema version (`schema.py`); a file that cannot be read is
moved aside, never overwritten (`backup.py`), and a good one is backed up once per study
day when opened. FULL fsyncs the WAL at every commit, so an acknowledged answer survives
a power cut too (as Anki's do). The `durability` setting "normal" (`exoterm srs set
durability normal`) trades that for speed on slow disks: a commit then survives any crash
of the app, but an OS crash or power cut can drop the answers since the last `flush()`
(never corrupting the file). Blocking: call from a worker thread, not the UI thread.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Self

from exoterm.core.paths import default_data_dir
from exoterm.core.srs.clock import Clock, SystemClock, study_day, to_ms, truncate_ms
from exoterm.core.srs.scheduler import SrsScheduler
from exoterm.core.srs.settings import SrsSettings
from exoterm.core.store import backup, keyvalue
from exoterm.core.store.schema import check_version, migrate
from exoterm.errors import ExotermError

_PROFILE = re.compile(r"^[A-Za-z0-9_-]{1,32}$")


class UnreadableDatabaseError(ExotermError):
    """The progress database could not be read; it was moved aside."""


def db_path(profile: str = "default", folder: Path | None = None) -> Path:
    """Where a profile's database lives in `folder` (`Config.data_dir`; default: the user data
    folder): `progress.sqlite3` or `progress-<profile>.sqlite3`."""
    if not _PROFILE.match(profile):
        raise ExotermError(f"profile name {profile!r} must be 1-32 letters, digits, - or _")
    name = "progress.sqlite3" if profile == "default" else f"progress-{profile}.sqlite3"
    return (folder or default_data_dir()) / name


class Database:
    """An open progress database. Use `open()`; close it (or use `with`)."""

    def __init__(self, conn: sqlite3.Connection, path: Path, clock: Clock) -> None:
        self.conn = conn
        self.path = path
        self.clock = clock
        self.lock = threading.RLock()
        self._settings: SrsSettings | None = None
        self.settings_left_out: tuple[str, ...] = ()  # damaged stored settings (defaults used)
        self._scheduler: SrsScheduler | None = None

    @classmethod
    def open(cls, path: Path | None = None, *, profile: str = "default",
             clock: Clock | None = None, daily_backup: bool = True) -> Self:
        """Open (creating if absent) a profile's database; unreadable files are moved aside."""
        path = path or db_path(profile)
        clock = clock or SystemClock()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise ExotermError(f"cannot create data folder {path.parent}: {err.strerror}") from err
        if path.exists() and path.stat().st_size > 0:
            reason = backup.problem(path)
            if reason and "newer exoterm" not in reason:
                moved = backup.quarantine(path, clock.now())
                raise UnreadableDatabaseError(backup.unreadable_message(path, reason, moved))
        try:
            conn = sqlite3.connect(path, timeout=10.0, isolation_level=None,
                                   check_same_thread=False)
        except sqlite3.Error as err:
            raise ExotermError(f"cannot open progress database {path}: {err}") from err
        try:
            check_version(conn, f"progress database {path}")  # before writing anything
            for pragma in ("busy_timeout = 10000", "journal_mode = WAL", "synchronous = FULL",
                           "foreign_keys = ON"):
                conn.execute(f"PRAGMA {pragma}")
            migrate(conn, f"progress database {path}")
            if keyvalue.durability(conn) == "normal":
                conn.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.Error as err:
            conn.close()
            raise ExotermError(f"cannot open progress database {path}: {err}") from err
        except BaseException:
            conn.close()
            raise
        db = cls(conn, path, clock)
        if daily_backup:
            db.daily_backup()
        return db

    def flush(self) -> None:
        """Make every committed answer durable against power loss too (fsync the WAL)."""
        with self.lock:
            self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")

    def close(self) -> None:
        with self.lock:
            try:
                self.flush()
            except sqlite3.Error:
                pass  # another process is writing; its own close will sync
            self.conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (`BEGIN IMMEDIATE` … `COMMIT`, rolled back on error)."""
        with self.lock:
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
        with self.lock:
            self.conn.execute("BEGIN")
            try:
                yield self.conn
            finally:
                self.conn.execute("COMMIT")

    # settings -----------------------------------------------------------------------
    @property
    def settings(self) -> SrsSettings:
        if self._settings is None:
            with self.lock:
                self._settings, self.settings_left_out = keyvalue.usable_settings(self.conn)
        return self._settings

    def reload_settings(self) -> SrsSettings:
        """Re-read (and validate) the settings, e.g. after an import."""
        self._settings = self._scheduler = None
        self._apply_durability()
        return self.settings

    def save_settings(self, settings: SrsSettings) -> None:
        with self.write() as conn:
            keyvalue.write_settings(conn, settings, to_ms(self.now()))
        self._settings, self._scheduler = settings, None
        self._apply_durability()

    def _apply_durability(self) -> None:
        with self.lock:
            level = "NORMAL" if keyvalue.durability(self.conn) == "normal" else "FULL"
            self.conn.execute(f"PRAGMA synchronous = {level}")

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

    # backups ------------------------------------------------------------------------
    def backup(self, label: str = "") -> Path:
        with self.lock:
            return backup.make_backup(self.conn, self.path, self.now(), label)

    def daily_backup(self) -> Path | None:
        """Back up once per study day, on the first start that day (after a full check)."""
        today = self.today()
        s = self.settings
        for existing in backup.list_backups(self.path):
            made = backup.stamp_time(existing, self.path)
            if made is not None and study_day(made, s.tz, s.rollover_hour) >= today:
                return None
            break
        with self.lock:
            damage = backup.damage(self.conn)
        if damage is not None:
            self.close()
            moved = backup.quarantine(self.path, self.now())
            raise UnreadableDatabaseError(backup.unreadable_message(
                self.path, f"is damaged ({damage})", moved))
        return self.backup()
