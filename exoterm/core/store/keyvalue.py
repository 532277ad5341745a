"""The database's two key/value tables: the profile's SRS settings and `meta` values
(bookkeeping such as the last synced catalog or the results pseudonym salt)."""

from __future__ import annotations

import sqlite3

from exoterm.core.srs.settings import DEVICE_SETTINGS, SrsSettings
from exoterm.errors import ExotermError


def read_settings(conn: sqlite3.Connection) -> SrsSettings:
    """The stored settings, validated (defaults for what is not stored)."""
    return SrsSettings.from_values(dict(conn.execute("SELECT key, value FROM settings")))


def usable_settings(conn: sqlite3.Connection) -> tuple[SrsSettings, tuple[str, ...]]:
    """The stored settings for studying: a stored value that is out of range or not JSON
    (a hand edit, a damaged row) counts as not set, so it cannot lock the learner out of
    the profile (or out of `srs set`, which replaces it); returns "setting key: why" for
    each value left out, to be named. Imports check with `read_settings`, which refuses."""
    values = dict(conn.execute("SELECT key, value FROM settings"))
    try:
        return SrsSettings.from_values(values), ()
    except ExotermError:
        pass
    good: dict[str, str] = {}
    left_out = []
    for key, value in values.items():
        try:
            SrsSettings.from_values({**good, key: value})
        except ExotermError as err:
            left_out.append(str(err))
        else:
            good[key] = value
    return SrsSettings.from_values(good), tuple(left_out)


def write_settings(conn: sqlite3.Connection, settings: SrsSettings, now_ms: int) -> None:
    """Store the settings; each shared one whose value changes is journaled with `now_ms`
    for `exoterm sync` (the latest change of a setting wins on every device)."""
    new = settings.to_values()
    try:
        old = read_settings(conn).to_values()
    except ExotermError:
        old = {}  # stored values out of range: every setting counts as changed
    conn.executemany("INSERT OR REPLACE INTO settings(key, value) VALUES (?, ?)", new.items())
    changed = [(key, now_ms) for key, value in new.items()
               if old.get(key) != value and key not in DEVICE_SETTINGS]
    conn.executemany("INSERT OR REPLACE INTO sync_settings(key, changed_ms, device, synced) "
                     "VALUES (?, ?, '', 0)", changed)


def add_setting(conn: sqlite3.Connection, key: str, value: str) -> bool:
    """Store a setting unless one is stored under `key`; True when it was added."""
    cur = conn.execute("INSERT OR IGNORE INTO settings(key, value) VALUES (?, ?)", (key, value))
    return cur.rowcount > 0


def durability(conn: sqlite3.Connection) -> str:
    """The stored `durability` setting ("full" unless "normal" is stored); read on its own,
    before the settings are validated, so opening never depends on the other settings."""
    row = conn.execute("SELECT value FROM settings WHERE key = 'durability'").fetchone()
    return "normal" if row is not None and row[0] == '"normal"' else "full"


def meta(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def set_meta(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))
