"""Backups, restore and quarantine of the progress database.

Backups are consistent single-file copies made with SQLite's backup API (safe while other
processes write), named `<db stem>-<UTC stamp>[-label].sqlite3` in `<data dir>/backups`,
newest 7 kept. A database that cannot be read is moved aside, never overwritten.
"""

from __future__ import annotations

import os
import re
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from exoterm.core.fileio import WriteError, write_file
from exoterm.core.srs.clock import ensure_utc
from exoterm.core.store.schema import SCHEMA_VERSION, user_version
from exoterm.errors import ExotermError

KEEP = 7
SQLITE_HEADER = b"SQLite format 3\x00"
_SIDECARS = ("", "-wal", "-shm", "-journal")
_STAMP = re.compile(r"(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})-(\d{3})")


def backups_dir(db_path: Path) -> Path:
    return db_path.parent / "backups"


def stamp(now: datetime) -> str:
    """A sortable UTC stamp with milliseconds, used in file names."""
    return ensure_utc(now).strftime("%Y%m%d-%H%M%S-%f")[:-3]


def stamp_time(path: Path, db_path: Path) -> datetime | None:
    """When a backup of `db_path` was made, read back from its name."""
    found = _STAMP.match(path.name, len(db_path.stem) + 1)  # not strptime: it loads
    if found is None:                                      # locale machinery (~0.3 MB)
        return None
    year, month, day, hour, minute, second, ms = map(int, found.groups())
    try:
        return datetime(year, month, day, hour, minute, second, ms * 1000, tzinfo=timezone.utc)
    except ValueError:
        return None


def list_backups(db_path: Path) -> list[Path]:
    """Backups of `db_path`, newest first."""
    folder = backups_dir(db_path)
    if not folder.is_dir():
        return []
    found = [p for p in folder.glob(f"{db_path.stem}-*.sqlite3") if stamp_time(p, db_path)]
    return sorted(found, key=lambda p: p.name, reverse=True)


def problem(path: Path, *, full: bool = False) -> str | None:
    """Why `path` is not a usable progress database, or None when it is."""
    try:
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
    except OSError as err:
        return f"cannot be read ({err.strerror})"
    if header != SQLITE_HEADER:
        return "is not an SQLite database" if header else "is empty"
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
        try:
            version = user_version(conn)
            check = "integrity_check" if full else "quick_check"
            rows = conn.execute(f"PRAGMA {check}").fetchall()
            if version > SCHEMA_VERSION:
                return f"was written by a newer exoterm (schema {version})"
        finally:
            conn.close()
    except sqlite3.OperationalError:
        return None  # locked or cannot be opened here: not damage; opening will say why
    except sqlite3.DatabaseError as err:
        return f"is damaged ({err})"
    if [r[0] for r in rows] != ["ok"]:
        return f"is damaged ({one_line(rows[0][0])})"
    return None


TABLES = {"cards": {"id", "state", "stability", "due_ms"}, "revlog": {"card_id", "rating"},
          "settings": {"key", "value"}, "meta": {"key", "value"}, "undo": {"card_id", "before"}}


def not_progress(path: Path) -> str | None:
    """Why a sound SQLite file is not an exoterm progress database, or None when it is
    (its schema version and tables are checked; `problem` checks it is sound)."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
    try:
        version = user_version(conn)
        if not 1 <= version <= SCHEMA_VERSION:
            return f"is not an exoterm progress database (schema version {version})"
        for table, needed in TABLES.items():
            columns = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
            if not needed <= columns:
                return f"is not an exoterm progress database (no {table} table)" if not columns \
                    else f"is not an exoterm progress database ({table} lacks {sorted(needed - columns)[0]})"
    except sqlite3.Error as err:
        return f"cannot be read as a progress database ({err})"
    finally:
        conn.close()
    return None


def damage(conn: sqlite3.Connection) -> str | None:
    """What a full integrity check of an open database finds (one line), None when sound."""
    rows = conn.execute("PRAGMA integrity_check").fetchall()
    return None if [r[0] for r in rows] == ["ok"] else one_line(rows[0][0])


def one_line(detail: object, limit: int = 120) -> str:
    """SQLite's multi-line check report squeezed into one short line."""
    text = " ".join(str(detail).replace("*", " ").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def snapshot(conn: sqlite3.Connection) -> bytes:
    """A consistent copy of the open database as the bytes of one self-contained file.

    Copied with the backup API into memory (safe while others write), then marked as a
    rollback-journal database (header bytes 18-19), so the file never grows -wal/-shm
    companions when it is read; written by `fileio.write_file`, so whole or not at all."""
    memory = sqlite3.connect(":memory:", isolation_level=None)
    try:
        conn.backup(memory)
        image = bytearray(memory.serialize())
    finally:
        memory.close()
    image[18:20] = b"\x01\x01"
    return bytes(image)


def make_backup(
    conn: sqlite3.Connection, db_path: Path, now: datetime, label: str = "", *, keep: bool = False
) -> Path:
    """Copy the open database into a new backup file and drop old ones; returns its path."""
    folder = backups_dir(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{db_path.stem}-{stamp(now)}{label}.sqlite3"
    try:
        write_file(target, snapshot(conn))
    except (WriteError, sqlite3.Error) as err:
        raise ExotermError(f"could not write backup {target}: {err}") from err
    if not keep:
        rotate(db_path)
    return target


def rotate(db_path: Path, keep: int = KEEP, spare: Path | None = None) -> None:
    """Delete all but the newest `keep` backups (never `spare`)."""
    for old in list_backups(db_path)[keep:]:
        if spare is None or old.resolve() != spare.resolve():
            old.unlink(missing_ok=True)


def newest_good_backup(db_path: Path) -> Path | None:
    for candidate in list_backups(db_path):
        if problem(candidate) is None:
            return candidate
    return None


def quarantine(db_path: Path, now: datetime) -> Path:
    """Move an unreadable database (and its WAL files) aside; returns its new path."""
    moved = db_path.with_name(f"{db_path.name}.unreadable-{stamp(now)}")
    try:
        for suffix in _SIDECARS:
            src = Path(str(db_path) + suffix)
            if src.exists():
                os.replace(src, Path(str(moved) + suffix))
    except OSError as err:
        raise ExotermError(f"progress database {db_path} cannot be read and could not be "
                           f"moved aside ({err.strerror}); it was left as it is") from err
    return moved


def unreadable_message(db_path: Path, reason: str, moved: Path) -> str:
    backup = newest_good_backup(db_path)
    offer = (
        f"newest good backup: {backup} — run `exoterm restore {backup}` to bring it back"
        if backup
        else "no good backup was found"
    )
    return f"progress database {db_path} {reason}; it was moved to {moved} (nothing deleted); {offer}"


def restore(src: Path, db_path: Path, now: datetime) -> tuple[Path | None, Path | None]:
    """Replace the database with backup `src`; returns (safety backup, moved-aside file)."""
    src = src.expanduser()
    if src.resolve() == db_path.resolve():
        raise ExotermError(f"{src} is the progress database itself; name a backup file")
    reason = problem(src, full=True) or not_progress(src)
    if reason:
        raise ExotermError(f"cannot restore {src}: it {reason}; nothing was changed")
    safety = moved = None
    if db_path.exists():
        current_problem = problem(db_path)
        if current_problem is None:
            live = sqlite3.connect(db_path, isolation_level=None, timeout=10.0)
            try:
                safety = make_backup(live, db_path, now, "-before-restore", keep=True)
            finally:
                live.close()
        else:
            moved = quarantine(db_path, now)
    source = sqlite3.connect(f"{src.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
    try:
        dst = sqlite3.connect(db_path, isolation_level=None, timeout=10.0)
        try:
            source.backup(dst)
            dst.execute("PRAGMA journal_mode = WAL")
        finally:
            dst.close()
    except sqlite3.Error as err:
        raise ExotermError(f"restore from {src} failed: {err}") from err
    finally:
        source.close()
    rotate(db_path, spare=src)  # only now, and never the file just restored
    return safety, moved
