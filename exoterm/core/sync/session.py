"""Sync around a study session: with the `sync_dir` setting, the app and `review --plain`
sync when a recorded session starts and when it ends. A failure is only a notice: every
answer is already committed to this device's database and is shared next time."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from exoterm.core.store.database import Database
from exoterm.core.sync.folder import sync
from exoterm.core.sync.summary import summary, warnings
from exoterm.core.texts import tr
from exoterm.errors import ExotermError


@dataclass(frozen=True, slots=True)
class SessionSync:
    """What to tell the learner, and whether this device's progress changed."""

    lines: tuple[str, ...]
    changed: bool
    failed: bool = False


def session_sync(db: Database, lang: str) -> SessionSync | None:
    """Sync with the `sync_dir` folder; None when no folder is set. Blocking (a worker)."""
    folder = db.settings.sync_dir
    if not folder:
        return None
    try:
        report = sync(db, Path(folder))
    except (ExotermError, OSError, sqlite3.Error) as err:
        return SessionSync((tr("sync.failed", lang, error=str(err)),), False, True)
    merged = report.merged
    changed = bool(merged.answers or merged.undone or merged.settings or merged.rescheduled)
    return SessionSync((summary(report, folder, lang), *warnings(report, lang)), changed)
